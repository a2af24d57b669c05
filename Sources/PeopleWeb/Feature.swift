import ConsortCore
import ConsortWeb
import Vapor

/// People: the directory of the workforce, invitations and accounts, and each person's own record.
package let peopleFeature: Feature = {
    var feature = Feature(name: "people") { routes in
        routes.get(PeopleURL.people, formats: [.html, .csv], access: .peopleOfficer, use: PeopleController.directory)
        routes.post(PeopleURL.people, access: .peopleOfficer, use: PeopleController.addPerson)
        routes.get(
            PeopleURL.person(.key), formats: [.html, .csv], access: .personManager, use: PeopleController.person)
        for action in PeopleURL.PersonAction.allCases {
            routes.post(PeopleURL.personAction(.key, action), access: .personManager) {
                try await PeopleController.personAction($0, action)
            }
        }
        routes.get(PeopleURL.invitation(.key), access: .invitationHolder, use: InvitationController.form)
        routes.post(PeopleURL.invitation(.key), access: .invitationHolder, use: InvitationController.accept)
        routes.get(PeopleURL.me, formats: [.html, .csv], access: .oneself, use: MeController.page)
        for action in PeopleURL.MeAction.allCases {
            routes.post(PeopleURL.meAction(action), access: .oneself) { try await MeController.action($0, action) }
        }
        routes.get(PeopleURL.notifications, formats: [.html, .csv], access: .signedIn, use: MeController.notifications)
        routes.post(PeopleURL.notificationsRead, access: .signedIn, use: MeController.markRead)
        routes.get(
            PeopleURL.accounts, formats: [.html, .csv], access: .accountAdmin, use: AccountsAdminController.list)
        routes.get(PeopleURL.account(.key), access: .accountAdmin, use: AccountsAdminController.account)
        for action in PeopleURL.AccountAction.allCases {
            routes.post(PeopleURL.accountAction(.key, action), access: .accountAdmin) {
                try await AccountsAdminController.action($0, action)
            }
        }
    }
    feature.api = { routes in
        routes.get(PeopleURL.API.people, access: .peopleOfficer, use: PeopleAPI.people)
        routes.get(PeopleURL.API.person(.key), access: .personManager, use: PeopleAPI.person)
        routes.get(PeopleURL.API.me, access: .oneself, use: PeopleAPI.me)
    }
    feature.navigation = [
        NavItem(order: 55, key: "people", href: PeopleURL.people.path, title: "People") { user in
            user.map { u in Directory.officerRoles.contains(where: u.holds) } ?? false
        },
        NavItem(order: 90, key: "me", href: PeopleURL.me.path, title: "My record") { $0?.personID != nil },
    ]
    feature.footer = [
        NavItem(order: 11, key: "accounts", href: PeopleURL.accounts.path, title: "Accounts") {
            $0?.isAdministrator ?? false
        }
    ]
    feature.notices = { user, app in
        guard user.personID != nil else { return [] }
        let counts = try await Outbox.counts(user: user.id, on: Store.sql(app.db))
        guard counts.unread > 0 else { return [] }
        return [
            Notice(
                lead: "You have \(counts.unread) unread notification\(counts.unread == 1 ? "" : "s").",
                href: PeopleURL.notifications.path, text: "Read them")
        ]
    }
    feature.sweep = { app, day in try await CredentialSweep.run(app, on: day) }
    feature.today = { user, req in
        guard user.isAdministrator else { return [] }
        let counts = try await Invitations.accountCounts(on: Store.sql(req.db))
        return [
            TodayPanel(
                urgency: 2,
                .init(
                    heading: "Accounts",
                    hint: "\(grouped(counts.accounts)) accounts, \(grouped(counts.disabled)) of them disabled; "
                        + "\(grouped(counts.waiting)) invitations sent and not yet answered.",
                    links: [(PeopleURL.accounts.path, "Manage accounts")]))
        ]
    }
    feature.migrations = [RecordPeopleFor()]
    feature.openAPI = OpenAPI.people
    return feature
}()
