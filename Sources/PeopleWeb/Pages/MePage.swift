import ConsortCore
import ConsortWeb
import Vapor

/// "My record": the signed-in person's details, roles and credentials, with their pages in
/// each capability.
struct MePage {
    let person: Directory.PersonRow
    let roles: [Directory.RoleRow]
    let credentials: [Directory.CredentialRow]
    let links: [NavItem]
    let unread: Int
    let view: RegistryView
    let welcome: Bool

    func tables() -> [DataTable] {
        [
            PeopleView.rolesTable(roles, view: view, today: Day.today()),
            PeopleView.credentialsTable(credentials, today: Day.today()),
        ]
    }

    func render(_ ctx: PageContext, form: PeopleForm, errors: FormErrors, status: HTTPStatus) -> HTMLPage {
        let today = Day.today()
        return Layout.page("My record", ctx, section: "me", status: status) {
            Layout.errorSummary(errors)
            if welcome {
                H.div(.class("callout success"), .attr("role", "status")) {
                    H.p { "Your account is ready and you are signed in." }
                }
            }
            for warning in PeopleView.credentialWarnings(credentials, today: today) {
                H.div(.class("callout warning"), .attr("role", "status")) { H.p { warning } }
            }
            H.h1 { "My record" }
            H.p(.class("lead")) {
                "\(Layout.demoName(person.name, isDemo: person.isDemo)). What your organisations hold about you, "
                    + "and what you keep up to date yourself."
            }
            H.nav(.aria("label", "My pages")) {
                H.ul(.class("link-list")) {
                    for link in links { H.li { H.link(link.href, link.title) } }
                    H.li {
                        H.link(
                            PeopleURL.notifications.path,
                            "My notifications" + (unread > 0 ? " (\(unread) unread)" : ""))
                    }
                }
            }
            H.h2 { "Details" }
            Layout.summaryList([
                ("GMC number", .text(person.gmcNumber ?? "–")), ("NMC PIN", .text(person.nmcPin ?? "–")),
                ("Work email", .text(person.email ?? "–")), ("Phone", .text(person.phone ?? "–")),
            ])
            H.p(.class("hint")) {
                "Your name and registration numbers are kept by your practice or federation manager; ask them to "
                    + "correct a mistake. You can change your contact details here."
            }
            H.el("details", errors.contains { ["email", "phone"].contains($0.field) } ? [.attr("open", "")] : []) {
                H.summary { "Change my contact details" }
                PeopleView.detailsForm(
                    PeopleURL.meAction(.details).path, person, form, errors, ctx, contactOnly: true)
            }
            H.h2 { "My roles" }
            tables()[0].html(ctx)
            H.h2 { "My credentials" }
            H.p(.class("hint")) {
                "Hub rotas will not give you a session on a day your GMC registration, Performers List inclusion or "
                    + "indemnity has lapsed. You are reminded 30 days before a credential expires."
            }
            tables()[1].html(ctx)
            for c in credentials {
                H.form(
                    .attr("method", "post"), .attr("action", PeopleURL.meAction(.removeCredential).path),
                    .class("inline-form")
                ) {
                    Layout.csrfField(ctx)
                    H.input(.type("hidden"), .name("credential_id"), .value(String(c.id)))
                    H.button(.type("submit"), .class("button secondary")) {
                        "Remove \(c.title) issued \(c.issuedOn) (recorded in error)"
                    }
                }
            }
            H.el(
                "details",
                errors.contains { ["credential", "label", "reference", "issued_on", "expires_on"].contains($0.field) }
                    ? [.attr("open", "")] : []
            ) {
                H.summary { "Record a credential" }
                PeopleView.credentialForm(PeopleURL.meAction(.credentials).path, form, errors, ctx)
            }
        }
    }
}

/// The signed-in account's notifications, newest first.
struct NotificationsPage {
    static let pageSize = 50
    let rows: [Outbox.Row]
    let total: Int
    let unread: Int
    let page: Int

    func tables() -> [DataTable] {
        var table = DataTable(
            id: "notifications", caption: "Notifications",
            columns: [
                .init(title: "When (UK time)"), .init(title: "About"), .init(title: "Message"), .init(title: "Email"),
                .init(title: "Read"),
            ],
            rows: rows.map { n in
                let link = n.appLink
                return [
                    DataTable.Cell(text: UKTime.format(n.createdAt), csv: n.createdAt), .text(n.label),
                    link.map { DataTable.Cell.link(n.subject, $0) } ?? .text(n.subject),
                    .text(emailState(n)), .text(n.readAt == nil ? "No" : "Yes"),
                ]
            }, fileName: "notifications")
        table.emptyText = "You have no notifications."
        table.total = total
        return [table]
    }

    func emailState(_ n: Outbox.Row) -> String {
        switch Outbox.Status(rawValue: n.status) {
        case .sent?:
            return "Sent \(n.sentAt.map { String($0.prefix(16)).replacingOccurrences(of: "T", with: " ") } ?? "")"
        case .pending?, .sending?: return "Waiting to send"
        case .failed?: return "Could not be sent"
        default: return "In Consort only"
        }
    }

    func render(_ ctx: PageContext) -> HTMLPage {
        Layout.page(
            "My notifications", ctx, crumbs: [.init(title: "My record", href: PeopleURL.me.path)], section: "me"
        ) {
            H.h1 { "My notifications" }
            H.p(.class("lead")) {
                "Invitations, declarations due, credentials expiring and changes to your hub sessions. Each is also "
                    + "emailed to your work email when Consort has a mail server."
            }
            if unread > 0 {
                H.form(.attr("method", "post"), .attr("action", PeopleURL.notificationsRead.path)) {
                    Layout.csrfField(ctx)
                    H.button(.type("submit"), .class("button secondary")) { "Mark all \(unread) as read" }
                }
            }
            tables()[0].html(ctx)
            if total > NotificationsPage.pageSize {
                Layout.pagination(ctx, page: page, pageSize: NotificationsPage.pageSize, total: total, query: [])
            }
        }
    }
}
