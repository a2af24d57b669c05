import Access
import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

extension AccessController {
    // MARK: Rotas

    package struct RotaForm: Content {
        package var clinician: String?
        package var session: String?
        package var hub: String?
        package var room: String?
        package var day: String?
        package var start: String?
        package var end: String?
        package var role: String?
        package var confirm: String?

        package init(
            clinician: String? = nil, session: String? = nil, hub: String? = nil, room: String? = nil,
            day: String? = nil, start: String? = nil, end: String? = nil, role: String? = nil, confirm: String? = nil
        ) {
            self.clinician = clinician
            self.session = session
            self.hub = hub
            self.room = room
            self.day = day
            self.start = start
            self.end = end
            self.role = role
            self.confirm = confirm
        }
    }

    package static func rota(_ req: Request) async throws -> (RotaStore.Row, GroupInfo, CurrentUser) {
        let user = try req.requireUser()
        let rota = try await RotaStore.row(try id(req), on: Store.sql(req.db))
        let view = try await req.registryView(at: Day.today())
        guard let group = view.groups[rota.groupCode] else { throw Abort(.notFound) }
        return (rota, group, user)
    }

    @Sendable package static func rotaPage(_ req: Request) async throws -> Response {
        let (rota, group, _) = try await rota(req)
        return try await renderRota(req, rota, group, form: RotaForm(), errors: [])
    }

    package static func renderRota(
        _ req: Request, _ rota: RotaStore.Row, _ group: GroupInfo, form: RotaForm, errors: Errors,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        // Without a page asked for, the rota opens on this week.
        let page = try QueryReader(req: req).int("page", range: 1...100_000)
        let model = try await RotaPage.load(rota, group: group, page: page, app: req.application)
        if let alternate = try await alternate(model.tables(), req) { return alternate }
        return try await model.render(PageContext(request: req), form: form, errors: errors, status: status)
            .encodeResponse(for: req)
    }

    package static func rotaAction(_ req: Request, _ action: AccessURL.RotaAction) async throws -> Response {
        let (rota, group, user) = try await rota(req)
        let form = try req.content.decode(RotaForm.self)
        let app = req.application
        let page = QueryReader(req: req).string("page").map { "?page=\($0)" } ?? ""
        do {
            switch action {
            case .assign:
                guard let session = form.session.flatMap(Int64.init) else {
                    throw Abort(.badRequest, reason: "Which session?")
                }
                let clinician = (form.clinician ?? "").isEmpty ? nil : Int64(form.clinician!)
                try await RotaStore.assign(rota, session: session, clinician: clinician, by: user, app: app)
                return req.redirect(
                    to: AccessURL.rota(.value(rota.id)).path + page + "#session-\(session)", redirectType: .normal)
            case .add:
                let hubs = try await HubSetup.hubs(of: group.code, on: Store.sql(req.db))
                guard let hub = hubs.first(where: { String($0.id) == form.hub }) else {
                    throw FieldProblem(field: "hub", message: "Choose one of the group's hubs")
                }
                guard let day = Day(iso: form.day ?? "") else {
                    throw FieldProblem(field: "day", message: "Enter the day as YYYY-MM-DD")
                }
                guard let role = StaffRole(rawValue: form.role ?? "") else {
                    throw FieldProblem(field: "role", message: "Choose GP, nurse or other clinician")
                }
                try await RotaStore.addSession(
                    rota, hub: hub, room: form.room ?? "", day: day,
                    start: try HubsAPI.minutes(form.start, field: "start"),
                    end: try HubsAPI.minutes(form.end, field: "end"), role: role, by: user, app: app)
            case .remove:
                guard let session = form.session.flatMap(Int64.init) else {
                    throw Abort(.badRequest, reason: "Which session?")
                }
                try await RotaStore.removeSession(rota, session: session, by: user, app: app)
            case .notRun:
                guard let session = form.session.flatMap(Int64.init) else {
                    throw Abort(.badRequest, reason: "Which session?")
                }
                try await RotaStore.markNotRun(rota, session: session, by: user, app: app)
            case .publish:
                _ = try await RotaStore.publish(rota, by: user, app: app)
            case .delete:
                guard form.confirm == "yes" else {
                    throw FieldProblem(
                        field: "confirm", message: "Tick the box to confirm you want to delete the draft rota")
                }
                try await RotaStore.delete(rota, by: user, app: app)
                return req.redirect(to: AccessURL.access(.value(group.code)).path, redirectType: .normal)
            }
            return req.redirect(to: AccessURL.rota(.value(rota.id)).path + page, redirectType: .normal)
        } catch {
            guard let list = FieldProblem.formErrors(error) else { throw error }
            let fresh = try await RotaStore.row(rota.id, on: Store.sql(req.db))
            return try await renderRota(req, fresh, group, form: form, errors: list, status: FieldProblem.status(error))
        }
    }
}
