import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// The administrators' accounts page: every account with its roles, and for one account:
/// disable or enable, give or take away a role, send a link to set a new password, link it to
/// a person of the directory. New accounts come from invitations on a person's page.
package enum AccountsAdminController {
    static let pageSize = 50

    @Sendable package static func list(_ req: Request) async throws -> Response {
        let db = Store.sql(req.db)
        let search = String((req.query[String.self, at: "q"] ?? "").prefix(60))
        let page = max(1, min(req.query[Int.self, at: "page"] ?? 1, 100_000))
        let csv = req.format != .html
        let (rows, total) = try await Accounts.adminRows(
            limit: csv ? 100_000 : pageSize, offset: csv ? 0 : (page - 1) * pageSize, search: search, on: db)
        var grants: [Int64: [RoleGrant]] = [:]
        for row in rows { grants[row.id] = try await Accounts.grants(of: row.id, on: db) }
        var table = DataTable(
            id: "accounts", caption: "Accounts",
            columns: [
                .init(title: "Username"), .init(title: "Name"), .init(title: "Roles"), .init(title: "Person"),
                .init(title: "Status"),
            ],
            rows: rows.map { r in
                [
                    .link(r.username, PeopleURL.account(.value(r.id)).path),
                    .text(Layout.demoName(r.displayName, isDemo: r.isDemo)),
                    .text(AccountsAdminView.describe(grants[r.id] ?? [])),
                    r.personId.map { .link("Person \($0)", PeopleURL.person(.value($0)).path) } ?? .text("Not linked"),
                    .text(r.disabled ? "Disabled" : "Active"),
                ]
            }, fileName: "accounts")
        table.total = total
        table.emptyText = "No account matches."
        if let alternate = try await alternate([table], req) { return alternate }
        return try await AccountsAdminView.list(
            table, search: search, page: page, total: total, PageContext(request: req)
        )
        .encodeResponse(for: req)
    }

    static func load(_ req: Request) async throws -> Accounts.AdminRow {
        let id = try Scope.id(req, "account")
        guard let row = try await Accounts.adminRow(id, on: Store.sql(req.db)) else {
            throw Scope.hidden("account", req)
        }
        return row
    }

    @Sendable package static func account(_ req: Request) async throws -> Response {
        try await render(req, try await load(req))
    }

    static func render(
        _ req: Request, _ row: Accounts.AdminRow, form: PeopleForm = PeopleForm(), errors: FormErrors = [],
        link: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let db = Store.sql(req.db)
        let person = try await row.personId.mapAsync { try await Directory.person($0, on: db) } ?? nil
        return try await AccountsAdminView.account(
            row, grants: try await Accounts.grants(of: row.id, on: db), person: person, form: form, errors: errors,
            link: link, PageContext(request: req), status: status
        ).encodeResponse(for: req)
    }

    package static func action(_ req: Request, _ action: PeopleURL.AccountAction) async throws -> Response {
        let user = try req.requireUser()
        let row = try await load(req)
        let form = try req.content.decode(PeopleForm.self)
        let actor = "user:\(user.username)"
        do {
            switch action {
            case .disable, .enable:
                guard row.id != user.id else {
                    throw FieldProblem(field: "status", message: "You cannot disable your own account")
                }
                try await Accounts.setDisabled(row.id, action == .disable, actor: actor, on: req.db)
            case .grant, .revoke:
                guard let role = Role(rawValue: form["role"] ?? "") else {
                    throw FieldProblem(field: "role", message: "Choose the role")
                }
                let scope = (form["scope"] ?? "").trimmingCharacters(in: .whitespaces).uppercased()
                try await Accounts.changeGrant(
                    row.id, RoleGrant(role: role, scope: scope.isEmpty ? nil : scope), add: action == .grant,
                    actor: actor, on: req.db)
            case .reset:
                let person = try await row.personId.mapAsync { try await Directory.person($0, on: Store.sql(req.db)) }
                let token = try await Invitations.reset(
                    user: row.id, username: row.username, email: person??.email, by: user, app: req.application)
                return try await render(
                    req, row, link: req.application.consortConfig.publicURL + PeopleURL.invitation(.value(token)).path)
            case .link:
                let text = (form["person"] ?? "").trimmingCharacters(in: .whitespaces)
                guard text.isEmpty || Int64(text) != nil else {
                    throw FieldProblem(
                        field: "person", message: "Give the person's number from the directory, or nothing")
                }
                try await Accounts.link(row.id, person: Int64(text), actor: actor, on: req.db)
            }
            return req.redirect(to: PeopleURL.account(.value(row.id)).path, redirectType: .normal)
        } catch let problem as Accounts.Problem {
            let field = action == .link ? "person" : (action == .grant || action == .revoke ? "role" : "status")
            return try await render(
                req, row, form: form,
                errors: [(field, problem.description.prefix(1).uppercased() + problem.description.dropFirst())],
                status: .badRequest)
        } catch {
            guard let errors = FieldProblem.formErrors(error) else { throw error }
            return try await render(req, row, form: form, errors: errors, status: FieldProblem.status(error))
        }
    }
}
