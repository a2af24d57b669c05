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

    package static func reportPeriod(_ req: Request, rotas: [RotaStore.Row]) throws -> (Day, Day) {
        let q = QueryReader(req: req)
        let published = rotas.filter(\.isPublished)
        let today = Day.today()
        var first = published.map(\.first).min() ?? today.weekStart
        var last = published.map(\.last).max() ?? today.weekStart.adding(days: 6)
        if let text = q.string("from") {
            guard let d = Day(iso: text) else {
                throw BadParameter(name: "from", value: text, expected: "use a date in the form YYYY-MM-DD")
            }
            first = d
        }
        if let text = q.string("to") {
            guard let d = Day(iso: text) else {
                throw BadParameter(name: "to", value: text, expected: "use a date in the form YYYY-MM-DD")
            }
            last = d
        }
        guard first <= last else {
            throw BadParameter(name: "to", value: last.iso, expected: "use a date on or after \(first.iso)")
        }
        if last.ordinal - first.ordinal > 371 { first = last.adding(days: -371) }
        return (first, last)
    }

    package static func renderOverview(
        _ req: Request, _ group: GroupInfo, _ view: RegistryView, _ user: CurrentUser, form: OverviewForm,
        errors: Errors,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let db = Store.sql(req.db)
        let hubs = try await HubSetup.hubs(of: group.code, on: db)
        let templates = try await HubSetup.templates(hubs: hubs.map(\.id), on: db)
        let rotas = try await RotaStore.list(group.code, on: db)
        let staff = try await StaffList.list(group.code, on: db)
        let (first, last) = try reportPeriod(req, rotas: rotas)
        let report = try await AccessReport.load(
            group: group.code, from: first, through: last, today: Day.today(), on: db)
        let policies = try policies(req)
        let ctx = PageContext(request: req)
        let tables = AccessView.overviewTables(
            group, hubs: hubs, templates: templates, rotas: rotas, report: report, view: view,
            policies: policies, period: (first, last))
        if let alternate = try await alternate(tables.all, req) { return alternate }
        return try await AccessView.overview(
            group, tables: tables, staffCount: staff.count, report: report, period: (first, last),
            canManage: Permissions.canManageAccess(group.code, user), policies: policies, form: form, errors: errors,
            ctx, status: status
        ).encodeResponse(for: req)
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
