import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// The signed-in person's own record: details, roles, credentials, their pages in each
/// capability, and their notifications.
package enum MeController {
    static func me(_ req: Request) async throws -> (CurrentUser, Directory.PersonRow) {
        let user = try req.requireUser()
        guard let id = user.personID else { throw Abort(.forbidden) }
        return (user, try await Directory.require(id, on: Store.sql(req.db)))
    }

    static func render(
        _ req: Request, form: PeopleForm = PeopleForm(), errors: FormErrors = [], status: HTTPStatus = .ok
    ) async throws -> Response {
        let (user, person) = try await me(req)
        let db = Store.sql(req.db)
        let page = MePage(
            person: person, roles: try await Directory.roles([person.id], on: db),
            credentials: try await Directory.credentials([person.id], on: db),
            links: req.application.features.flatMap(\.selfService).filter { $0.visible(user) }
                .sorted { $0.order < $1.order },
            unread: try await Outbox.counts(user: user.id, on: db).unread,
            view: try await req.registryView(at: Day.today()), welcome: req.query[String.self, at: "welcome"] == "1")
        if let alternate = try await alternate(page.tables(), req) { return alternate }
        return try await page.render(PageContext(request: req), form: form, errors: errors, status: status)
            .encodeResponse(for: req)
    }

    @Sendable package static func page(_ req: Request) async throws -> Response { try await render(req) }

    package static func action(_ req: Request, _ action: PeopleURL.MeAction) async throws -> Response {
        let (user, person) = try await me(req)
        let form = try req.content.decode(PeopleForm.self)
        do {
            switch action {
            case .details: try await Directory.updateDetails(person, form, by: user, app: req.application)
            case .credentials: try await Directory.addCredential(person, form, by: user, app: req.application)
            case .removeCredential:
                guard let id = Int64(form["credential_id"] ?? "") else {
                    throw FieldProblem(field: "credential_id", message: "Choose the credential to remove")
                }
                try await Directory.removeCredential(person, credential: id, by: user, app: req.application)
            }
            return req.redirect(to: PeopleURL.me.path, redirectType: .normal)
        } catch {
            guard let errors = FieldProblem.formErrors(error) else { throw error }
            return try await render(req, form: form, errors: errors, status: FieldProblem.status(error))
        }
    }

    @Sendable package static func notifications(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let db = Store.sql(req.db)
        let page = max(1, min(req.query[Int.self, at: "page"] ?? 1, 100_000))
        let counts = try await Outbox.counts(user: user.id, on: db)
        let rows = try await Outbox.list(
            user: user.id, limit: NotificationsPage.pageSize, offset: (page - 1) * NotificationsPage.pageSize, on: db)
        let view = NotificationsPage(rows: rows, total: counts.all, unread: counts.unread, page: page)
        if let alternate = try await alternate(view.tables(), req) { return alternate }
        return try await view.render(PageContext(request: req)).encodeResponse(for: req)
    }

    @Sendable package static func markRead(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        try await Outbox.markRead(user: user.id, on: Store.sql(req.db))
        return req.redirect(to: PeopleURL.notifications.path, redirectType: .normal)
    }
}
