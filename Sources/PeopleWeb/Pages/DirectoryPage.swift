import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// The directory for an officer: the people of the organisations they keep (everyone, for an
/// administrator), searchable by name and organisation, a page at a time, and the form to add
/// a person with their first role.
package struct DirectoryPage: Sendable {
    package static let pageSize = 50

    package let rows: [Directory.PersonRow]
    package let roles: [Int64: [Directory.RoleRow]]
    package let accounts: Set<Int64>
    package let total: Int
    package let page: Int
    package let search: String
    package let organisation: String
    /// The organisations the officer keeps; nil for an administrator.
    package let managed: Set<String>?
    package let view: RegistryView

    package static func load(_ req: Request, user: CurrentUser) async throws -> DirectoryPage {
        let view = try await req.registryView(at: Day.today())
        let managed = Directory.managedCodes(user, view: view)
        let search = String((req.query[String.self, at: "q"] ?? "").prefix(100))
        let organisation = (req.query[String.self, at: "organisation"] ?? "").uppercased()
        var codes = managed
        if !organisation.isEmpty {
            guard managed?.contains(organisation) ?? true else {
                throw FieldProblem(field: "organisation", message: "You do not keep the people of \(organisation)")
            }
            codes = [organisation]
        }
        let page = max(1, min(req.query[Int.self, at: "page"] ?? 1, 100_000))
        let limit = req.format == .html ? pageSize : 100_000
        let db = Store.sql(req.db)
        let (rows, total) = try await Directory.people(
            keptBy: codes, search: search, limit: limit, offset: req.format == .html ? (page - 1) * pageSize : 0,
            on: db)
        let roles = Dictionary(grouping: try await Directory.roles(rows.map(\.id), on: db), by: \.personId)
        let accounts = try await Directory.withAccounts(rows.map(\.id), on: db)
        return DirectoryPage(
            rows: rows, roles: roles, accounts: accounts, total: total, page: page,
            search: search, organisation: organisation, managed: managed, view: view)
    }

    package func tables() -> [DataTable] {
        let today = Day.today()
        var table = DataTable(
            id: "people", caption: "People",
            columns: [
                .init(title: "Name"), .init(title: "GMC number"), .init(title: "NMC PIN"),
                .init(title: "Current roles"), .init(title: "Work email"), .init(title: "Account"),
            ],
            rows: rows.map { p in
                let current = (roles[p.id] ?? []).filter { $0.isActive(on: today) }.map {
                    "\($0.label), \(PeopleView.organisation($0.organisationCode, view).0)"
                }
                return [
                    .link(
                        Layout.demoName(p.name, isDemo: p.isDemo),
                        PeopleURL.person(.value(p.id)).path),
                    .text(p.gmcNumber), .text(p.nmcPin), .text(current.isEmpty ? nil : current.joined(separator: "; ")),
                    .text(p.email), .text(accounts.contains(p.id) ? "Yes" : "No"),
                ]
            }, fileName: "people")
        table.emptyText = search.isEmpty ? "Nobody is in the directory for these organisations yet." : "Nobody matches."
        table.total = total
        return [table]
    }

    package func render(_ ctx: PageContext, form: PeopleForm, errors: FormErrors, status: HTTPStatus = .ok)
        -> HTMLPage
    {
        let query = [("q", search), ("organisation", organisation)]
        let choices = (managed ?? []).sorted().map { ($0, PeopleView.organisation($0, view).0) }
        return Layout.page("People", ctx, section: "people", status: status) {
            Layout.errorSummary(errors)
            H.h1 { "People" }
            H.p(.class("lead")) {
                "The people of "
                    + (managed == nil ? "every organisation (you are an administrator)" : "the organisations you keep")
                    + ": their roles, registrations and credentials, whether they have an account, and invitations. "
                    + "The same person appears on governance registers and hub lists."
            }
            H.form(.attr("method", "get"), .attr("action", PeopleURL.people.path), .class("filters")) {
                Layout.field("q", "Name contains", []) { PeopleView.input("q", PeopleForm(), value: search) }
                if !choices.isEmpty {
                    Layout.field("organisation", "Organisation", []) {
                        PeopleView.select(
                            "organisation", PeopleForm(), [("", "All you keep")] + choices, value: organisation)
                    }
                }
                H.button(.type("submit"), .class("button secondary")) { "Search" }
            }
            tables()[0].html(ctx, query: query)
            if total > DirectoryPage.pageSize {
                Layout.pagination(ctx, page: page, pageSize: DirectoryPage.pageSize, total: total, query: query)
            }
            H.h2(.id("add")) { "Add a person" }
            H.p { H.link(PeopleURL.importPeople.path, "Import many people from a CSV file") }
            H.p(.class("hint")) {
                "Give their first role at an organisation you keep. A GMC number or NMC PIN already in the "
                    + "directory is "
                    + "refused with a link to that person: add the role there instead."
            }
            H.form(.attr("method", "post"), .attr("action", PeopleURL.people.path), .attr("novalidate", "")) {
                Layout.csrfField(ctx)
                PeopleView.detailsFields(nil, form, errors)
                Layout.field(
                    "organisation", "Organisation (ODS or group code)",
                    hint: choices.isEmpty ? "A practice code such as A81001 or a group code such as FED-0001." : nil,
                    errors
                ) {
                    if choices.isEmpty || managed == nil {
                        PeopleView.input("organisation", form)
                    } else {
                        PeopleView.select("organisation", form, [("", "Choose")] + choices)
                    }
                }
                Layout.field("role", "Role", errors) { PeopleView.select("role", form, PeopleView.roleOptions()) }
                Layout.field("title", "Job title (optional)", errors) { PeopleView.input("title", form) }
                Layout.field("from", "Role began on", errors) { PeopleView.input("from", form, type: "date") }
                H.button(.type("submit"), .class("button")) { "Add the person" }
            }
        }
    }
}
