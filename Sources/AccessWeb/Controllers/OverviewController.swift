import Access
import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

extension AccessController {
    // MARK: A group's extended access

    package struct OverviewForm: Content {
        package var name: String?
        package var address: String?
        package var policy: String?
        package var firstDay: String?
        package var lastDay: String?
        package enum CodingKeys: String, CodingKey {
            case name, address, policy
            case firstDay = "first_day"
            case lastDay = "last_day"
        }

        package init(
            name: String? = nil, address: String? = nil, policy: String? = nil, firstDay: String? = nil,
            lastDay: String? = nil
        ) {
            self.name = name
            self.address = address
            self.policy = policy
            self.firstDay = firstDay
            self.lastDay = lastDay
        }
    }

    @Sendable package static func overview(_ req: Request) async throws -> Response {
        let (group, view, user) = try await group(req)
        return try await renderOverview(req, group, view, user, form: OverviewForm(), errors: [])
    }

    package static func renderOverview(
        _ req: Request, _ group: GroupInfo, _ view: RegistryView, _ user: CurrentUser, form: OverviewForm,
        errors: Errors, status: HTTPStatus = .ok
    ) async throws -> Response {
        let q = QueryReader(req: req)
        let page = try await OverviewPage.load(
            group, view: view, user: user, from: try q.day("from"), to: try q.day("to"), policies: try policies(req),
            on: Store.sql(req.db))
        if let alternate = try await alternate(page.tables().all, req) { return alternate }
        return try await page.render(PageContext(request: req), form: form, errors: errors, status: status)
            .encodeResponse(for: req)
    }

    @Sendable package static func createHub(_ req: Request) async throws -> Response {
        let (group, view, user) = try await group(req)
        let form = try req.content.decode(OverviewForm.self)
        do {
            let id = try await Hubs.create(
                group: group.code, name: form.name ?? "", address: form.address, by: user, app: req.application)
            return req.redirect(to: AccessURL.hub(.value(id)).path, redirectType: .normal)
        } catch {
            guard let list = FieldProblem.formErrors(error) else { throw error }
            return try await renderOverview(
                req, group, view, user, form: form, errors: list, status: FieldProblem.status(error))
        }
    }

    @Sendable package static func buildRota(_ req: Request) async throws -> Response {
        let (group, view, user) = try await group(req)
        let form = try req.content.decode(OverviewForm.self)
        do {
            guard let name = form.policy, let policy = try policies(req).first(where: { $0.name == name }) else {
                throw FieldProblem(field: "policy", message: "Choose a policy with an access rule")
            }
            guard let first = Day(iso: form.firstDay ?? "") else {
                throw FieldProblem(field: "first_day", message: "Enter the rota's first day as YYYY-MM-DD")
            }
            guard let last = Day(iso: form.lastDay ?? "") else {
                throw FieldProblem(field: "last_day", message: "Enter the rota's last day as YYYY-MM-DD")
            }
            let id = try await RotaStore.build(
                group: group, policy: policy, from: first, through: last, by: user, app: req.application)
            return req.redirect(to: AccessURL.rota(.value(id)).path, redirectType: .normal)
        } catch {
            guard let list = FieldProblem.formErrors(error) else { throw error }
            return try await renderOverview(
                req, group, view, user, form: form, errors: list, status: FieldProblem.status(error))
        }
    }
}
