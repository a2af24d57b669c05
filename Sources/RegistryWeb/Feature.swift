import ConsortCore
import ConsortWeb
import Vapor

/// The registry (C1): England, practices, groups, federations with their members and invitations, imports and the
/// help page.
package let registryFeature: Feature = {
    var feature = Feature(name: "registry") { routes in
        routes.get(SiteURL.home, access: .anyone, use: RegistryController.home)
        routes.get(RegistryURL.england, formats: [.csv], access: .anyone, use: RegistryController.home)
        routes.get(SiteURL.practices, formats: [.html, .csv], access: .anyone, use: RegistryController.practices)
        routes.get(SiteURL.practice(.key), formats: [.html, .csv], access: .anyone, use: RegistryController.practice)
        for kind in GroupKind.allCases {
            routes.get(SiteURL.groups(kind), formats: [.html, .csv], access: .anyone) {
                try await RegistryController.groups($0, kind)
            }
        }
        routes.get(SiteURL.group(.key), formats: [.html, .csv], access: .anyone, use: RegistryController.group)
        routes.get(RegistryURL.newFederation, access: .federationCreator, use: FederationController.newForm)
        routes.post(RegistryURL.newFederation, access: .federationCreator, use: FederationController.create)
        routes.get(RegistryURL.editFederation(.key), access: .federationEditor, use: FederationController.editForm)
        routes.post(RegistryURL.editFederation(.key), access: .federationEditor, use: FederationController.update)
        routes.post(RegistryURL.federationMembers(.key), access: .federationEditor, use: FederationController.addMember)
        routes.post(
            RegistryURL.federationMember(.key, .key), access: .federationEditor, use: FederationController.updateMember)
        routes.get(
            RegistryURL.practiceInvitations(.key), access: .practiceManager, use: InvitationController.practicePage)
        for action in RegistryURL.InvitationAction.allCases {
            routes.post(
                RegistryURL.invitation(.key, action),
                access: action == .withdraw ? .invitationFederation : .invitationPractice
            ) {
                try await InvitationController.answer($0, action)
            }
        }
        routes.get(SiteURL.sources, formats: [.html, .csv], access: .anyone, use: ImportsController.imports)
        routes.get(RegistryURL.importReport(.key), access: .anyone, use: ImportsController.importReport)
        routes.get(RegistryURL.upload, access: .registryImporter, use: ImportsController.uploadForm)
        routes.post(RegistryURL.upload, access: .registryImporter, use: ImportsController.upload)
        routes.get(SiteURL.help, access: .anyone, use: HelpController.help)
    }
    feature.api = { routes in
        routes.get(RegistryURL.API.summary, access: .anyone, use: APIController.summary)
        routes.get(RegistryURL.API.practices, access: .anyone, use: APIController.practices)
        routes.get(RegistryURL.API.practice(.key), access: .anyone, use: APIController.practice)
        routes.get(RegistryURL.API.groups, access: .anyone, use: APIController.groups)
        routes.get(RegistryURL.API.group(.key), access: .anyone, use: APIController.group)
        routes.get(RegistryURL.API.imports, access: .anyone, use: APIController.imports)
        routes.get(RegistryURL.API.fhirOrganizations, access: .anyone, use: FHIRController.search)
        routes.get(RegistryURL.API.fhirMetadata, access: .anyone, use: FHIRCapability.metadata)
        routes.get(RegistryURL.API.fhirOrganization(.key), access: .anyone, use: FHIRController.read)
        routes.get(RegistryURL.API.importReport(.key), access: .anyone, use: APIController.importReport)
        routes.post(RegistryURL.API.federations, access: .federationCreator, use: APIController.createFederation)
        routes.on(
            .PATCH, RegistryURL.API.federation(.key), access: .federationEditor, use: APIController.updateFederation)
        routes.post(RegistryURL.API.federationMembers(.key), access: .federationEditor, use: APIController.addMember)
        routes.on(
            .PATCH, RegistryURL.API.federationMember(.key, .key), access: .federationEditor,
            use: APIController.changeMember)
        routes.on(
            .DELETE, RegistryURL.API.federationMember(.key, .key), access: .federationEditor,
            use: APIController.removeMember)
        routes.get(
            RegistryURL.API.practiceInvitations(.key), access: .practiceManager, use: InvitationController.apiList)
        for action in RegistryURL.InvitationAction.allCases {
            routes.post(
                RegistryURL.API.invitation(.key, action),
                access: action == .withdraw ? .invitationFederation : .invitationPractice
            ) {
                try await InvitationController.apiAnswer($0, action)
            }
        }
    }
    feature.navigation = [
        NavItem(order: 10, key: "home", href: SiteURL.home.path, title: "England"),
        NavItem(order: 20, key: "practices", href: SiteURL.practices.path, title: "Practices"),
        NavItem(order: 30, key: "networks", href: SiteURL.groups(.network).path, title: "Networks"),
        NavItem(order: 40, key: "consortia", href: SiteURL.groups(.consortium).path, title: "Consortia"),
        NavItem(order: 50, key: "federations", href: SiteURL.groups(.federation).path, title: "Federations"),
        NavItem(order: 60, key: "icbs", href: SiteURL.groups(.icb).path, title: "STPs / ICBs"),
        NavItem(order: 70, key: "regions", href: SiteURL.groups(.region).path, title: "Regions"),
        NavItem(order: 120, key: "imports", href: SiteURL.sources.path, title: "Sources"),
    ]
    feature.migrations = [CreateFederationInvitations()]
    feature.notices = { user, app in
        // Invitations waiting for an answer from one of the user's practices.
        let pending = try await Invitations.pending(for: user.scopes(of: .practiceManager), on: Store.sql(app.db))
        return Dictionary(grouping: pending, by: \.practiceCode).sorted { $0.key < $1.key }.map { practice, rows in
            Notice(
                lead: "Waiting for your answer:", href: RegistryURL.practiceInvitations(.value(practice)).path,
                text:
                    "\(rows.count) invitation\(rows.count == 1 ? "" : "s") for \(practice) to join "
                    + "\(rows.count == 1 ? "a federation" : "federations")"
            )
        }
    }
    feature.today = ImportsPanel.today
    feature.openAPI = OpenAPI.registry
    feature.openAPI.paths += OpenAPI.fhir.paths
    feature.openAPI.schemas += OpenAPI.fhir.schemas
    return feature
}()
