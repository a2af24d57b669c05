import ConsortCore
import ConsortWeb
import Vapor

/// People: the directory of the workforce, invitations and accounts, and each person's own record.
package let peopleFeature: Feature = {
    var feature = Feature(name: "people") { routes in
        routes.get(PeopleURL.people, formats: [.html, .csv], access: .peopleOfficer, use: PeopleController.directory)
        routes.post(PeopleURL.people, access: .peopleOfficer, use: PeopleController.addPerson)
        routes.get(PeopleURL.importPeople, access: .peopleOfficer, use: PeopleController.importForm)
        routes.post(PeopleURL.importPeople, access: .peopleOfficer, use: PeopleController.importPeople)
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
        var out: [TodayPanel] = []
        if let person = user.personID {
            let today = Day.today()
            let due = try await CredentialSweep.due(on: today, person: person, on: Store.sql(req.db))
            if !due.isEmpty {
                let expired = due.filter { (Day(iso: $0.expiresOn) ?? today) < today }.count
                let table = DataTable(
                    id: "my-credentials", caption: "Your credentials expired or expiring within 30 days",
                    columns: [.init(title: "Credential"), .init(title: "Expires"), .init(title: "")],
                    rows: due.map { c in
                        let day = Day(iso: c.expiresOn)
                        return [
                            .text(c.title), .text(day?.long ?? c.expiresOn),
                            .text(day.map { $0 < today ? "Expired" : "Renew soon" } ?? ""),
                        ]
                    }, fileName: "my-credentials-\(today.iso).csv")
                out.append(
                    TodayPanel(
                        urgency: expired > 0 ? 0 : 1,
                        .init(
                            heading: "Your credentials",
                            hint: expired > 0
                                ? "\(counted(expired, "credential")) of yours "
                                    + "\(expired == 1 ? "has" : "have") expired: until a renewed one is recorded, "
                                    + "rotas will not give you sessions that need it."
                                : "Renew these and record the new ones in your record.",
                            tables: [table], links: [(PeopleURL.me.path, "Your record")])))
            }
        }
        guard user.isAdministrator else { return out }
        let counts = try await Invitations.accountCounts(on: Store.sql(req.db))
        out.append(
            TodayPanel(
                urgency: 2,
                .init(
                    heading: "Accounts",
                    hint: "\(counted(counts.accounts, "account")), \(grouped(counts.disabled)) of them disabled; "
                        + "\(counted(counts.waiting, "invitation")) sent and not yet answered.",
                    links: [(PeopleURL.accounts.path, "Manage accounts")])))
        return out
    }
    feature.migrations = [RecordPeopleFor()]
    feature.openAPI = OpenAPI.people
    return feature
}()
