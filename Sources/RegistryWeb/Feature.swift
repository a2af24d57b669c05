import ConsortCore
import ConsortWeb
import Vapor

/// The registry (C1): England, practices, groups, federations with their members and invitations, imports and the help page.
package let registryFeature: Feature = {
    var feature = Feature(name: "registry") { routes in
        routes.get(access: .anyone) { req in try await RegistryController.home(req) }
        routes.get("england.csv", access: .anyone, use: RegistryController.home)
        routes.get("practices", access: .anyone, use: RegistryController.practices)
        routes.get("practices.csv", access: .anyone, use: RegistryController.practices)
        routes.get("practices", ":code", access: .anyone, use: RegistryController.practice)
        for kind in GroupKind.allCases {
            routes.get(PathComponent(stringLiteral: kind.slug), access: .anyone, use: RegistryController.groups)
            routes.get(PathComponent(stringLiteral: kind.slug + ".csv"), access: .anyone, use: RegistryController.groups)
        }
        routes.get("groups", ":code", access: .anyone, use: RegistryController.group)
        routes.get("federations", "new", access: .federationCreator, use: FederationController.newForm)
        routes.post("federations", "new", access: .federationCreator, use: FederationController.create)
        routes.get("groups", ":code", "edit", access: .federationEditor, use: FederationController.editForm)
        routes.post("groups", ":code", "edit", access: .federationEditor, use: FederationController.update)
        routes.post("groups", ":code", "members", access: .federationEditor, use: FederationController.addMember)
        routes.post("groups", ":code", "members", ":id", access: .federationEditor, use: FederationController.updateMember)
        routes.get("practices", ":code", "invitations", access: .practiceManager, use: InvitationController.practicePage)
        for action in ["accept", "decline"] {
            routes.post("federation-invitations", ":id", PathComponent(stringLiteral: action), access: .invitationPractice) {
                try await InvitationController.answer($0, action)
            }
        }
        routes.post("federation-invitations", ":id", "withdraw", access: .invitationFederation) { try await InvitationController.answer($0, "withdraw") }
        routes.get("imports", access: .anyone, use: ImportsController.imports)
        routes.get("imports.csv", access: .anyone, use: ImportsController.imports)
        routes.get("imports", ":id", access: .anyone, use: ImportsController.importReport)
        routes.get("help", access: .anyone, use: HelpController.help)
    }
    feature.api = { api in
        api.get("summary", access: .anyone, use: APIController.summary)
        api.get("practices", access: .anyone, use: APIController.practices)
        api.get("practices", ":code", access: .anyone, use: APIController.practice)
        api.get("groups", access: .anyone, use: APIController.groups)
        api.get("groups", ":code", access: .anyone, use: APIController.group)
        api.get("imports", access: .anyone, use: APIController.imports)
        api.get("imports", ":id", access: .anyone, use: APIController.importReport)
        api.post("federations", access: .federationCreator, use: APIController.createFederation)
        api.on(.PATCH, "federations", ":code", access: .federationEditor, use: APIController.updateFederation)
        api.post("federations", ":code", "members", access: .federationEditor, use: APIController.addMember)
        api.on(.PATCH, "federations", ":code", "members", ":id", access: .federationEditor, use: APIController.changeMember)
        api.on(.DELETE, "federations", ":code", "members", ":id", access: .federationEditor, use: APIController.removeMember)
        api.get("practices", ":code", "invitations", access: .practiceManager, use: InvitationController.apiList)
        for action in ["accept", "decline"] {
            api.post("federation-invitations", ":id", PathComponent(stringLiteral: action), access: .invitationPractice) {
                try await InvitationController.apiAnswer($0, action)
            }
        }
        api.post("federation-invitations", ":id", "withdraw", access: .invitationFederation) { try await InvitationController.apiAnswer($0, "withdraw") }
    }
    feature.navigation = [
            NavItem(order: 10, key: "home", href: "/", title: "England"),
            NavItem(order: 20, key: "practices", href: SiteURL.practices, title: "Practices"),
            NavItem(order: 30, key: "networks", href: SiteURL.groups(.network), title: "Networks"),
            NavItem(order: 40, key: "consortia", href: SiteURL.groups(.consortium), title: "Consortia"),
            NavItem(order: 50, key: "federations", href: SiteURL.groups(.federation), title: "Federations"),
            NavItem(order: 60, key: "icbs", href: SiteURL.groups(.icb), title: "STPs / ICBs"),
            NavItem(order: 70, key: "regions", href: SiteURL.groups(.region), title: "Regions"),
            NavItem(order: 120, key: "imports", href: SiteURL.imports, title: "Imports"),
        ]
    feature.migrations = [CreateFederationInvitations()]
    feature.notices = { user, app in
        // Invitations waiting for an answer from one of the user's practices.
        let pending = try await Invitations.pending(for: user.scopes(of: .practiceManager), on: Store.sql(app.db))
        return Dictionary(grouping: pending, by: \.practiceCode).sorted { $0.key < $1.key }.map { practice, rows in
            Notice(lead: "Waiting for your answer:", href: SiteURL.practiceInvitations(practice),
                   text: "\(rows.count) invitation\(rows.count == 1 ? "" : "s") for \(practice) to join \(rows.count == 1 ? "a federation" : "federations")")
        }
    }
    return feature
}()
