import ConsortCore
import ConsortWeb
import Interop
import Planner
import SQLKit
import Vapor

/// The planner's pages (C3): new plan, its progress, the comparison with today, and the
/// actions on a saved plan (rename, export, adopt, delete).
package enum PlanController {
    package typealias Errors = FormErrors

    package struct PlanForm: Content {
        package var name: String?
        package var policy: String?
        package var level: String?
        package var within: String?
        package var areas: String?
        package var from: String?
        package var purpose: String?
        package var area: String?
        package var preference: String?
        package var districts: String?
        package var compactness: String?
        package var balance: String?
        package var moves: String?
        package var seed: String?
        package var date: String?
        package var locked: String?
        package var pins: String?
        /// The smallest group the plan must make (patients), in place of the policy's limit.
        package var min: String?

        package init(
            name: String? = nil, policy: String? = nil, level: String? = nil, within: String? = nil,
            areas: String? = nil, from: String? = nil, compactness: String? = nil, balance: String? = nil,
            moves: String? = nil, seed: String? = nil, date: String? = nil, locked: String? = nil, pins: String? = nil
        ) {
            self.name = name
            self.policy = policy
            self.level = level
            self.within = within
            self.areas = areas
            self.from = from
            self.compactness = compactness
            self.balance = balance
            self.moves = moves
            self.seed = seed
            self.date = date
            self.locked = locked
            self.pins = pins
        }
    }

    package struct ActionForm: Content {
        package var name: String?
        package var adoptOn: String?
        package var confirm: String?
        package enum CodingKeys: String, CodingKey {
            case name, confirm
            case adoptOn = "adopt_on"
        }

        package init(name: String? = nil, adoptOn: String? = nil, confirm: String? = nil) {
            self.name = name
            self.adoptOn = adoptOn
            self.confirm = confirm
        }
    }

    package static let pageSize = PlansPage.pageSize

    // MARK: New plan

    @Sendable package static func newForm(_ req: Request) async throws -> HTMLPage {
        let user = try Plans.requirePlanner(req)
        let view = try await req.registryView(at: Day.today())
        let library = req.application.policies.library
        let areas = PlanFormPage.areas(view)
        return PlanFormPage.new(
            policies: library.names, levels: PlanFormPage.levels(req.application.policies), areas: areas,
            defaultArea: PlanFormPage.defaultArea(for: user, view: view, areas: areas)
        )
        .render(PageContext(request: req))
    }

    @Sendable package static func create(_ req: Request) async throws -> Response {
        let user = try Plans.requirePlanner(req)
        let form = try req.content.decode(PlanForm.self)
        let library = req.application.policies.library
        let date = Day(iso: form.date ?? "") ?? Day.today()
        let view = try await req.registryView(at: date)
        var (name, request, errors) = request(form, view: view, library: library)
        if let request, errors.isEmpty {
            do { _ = try Plans.input(for: request, view: view) } catch let p as FieldProblem {
                errors.append((p.field, p.message))
            }
            if errors.isEmpty, let name {
                let id = try await Plans.create(name: name, request: request, by: user, app: req.application)
                return req.redirect(to: PlanningURL.plan(.value(id)).path, redirectType: .normal)
            }
        }
        return try await PlanFormPage(
            form: form, policies: library.names, levels: PlanFormPage.levels(req.application.policies),
            areas: PlanFormPage.areas(view)
        )
        .render(PageContext(request: req), errors: errors, status: .badRequest)
        .encodeResponse(for: req)
    }

    // MARK: List

    @Sendable package static func list(_ req: Request) async throws -> Response {
        let user = try Plans.requirePlanner(req)
        let ctx = PageContext(request: req)
        let page = try QueryReader(req: req).int("page", range: 1...100_000) ?? 1
        let plans = try await PlansPage.load(page: page, all: req.format != .html, user: user, on: Store.sql(req.db))
        if let csv = try await alternate(plans.tables(ctx), req) { return csv }
        return try await plans.render(ctx).encodeResponse(for: req)
    }

    // MARK: One plan

    package static func row(_ req: Request) async throws -> Plans.Row {
        let text = req.parameters.get("id") ?? ""
        guard let id = Int64(text), let row = try await Plans.find(id, on: Store.sql(req.db)) else {
            throw Abort(.notFound, reason: "There is no plan \(text). It may have been deleted; see the list of plans.")
        }
        return row
    }

    @Sendable package static func show(_ req: Request) async throws -> Response {
        let user = try Plans.requirePlanner(req)
        let row = try await row(req)
        let ctx = PageContext(request: req)
        let q = QueryReader(req: req)
        let page = try q.int("page", range: 1...100_000) ?? 1
        let movesPage = try q.int("moves_page", range: 1...100_000) ?? 1
        guard
            let plan = try await PlanPage.load(row, user: user, page: page, movesPage: movesPage, app: req.application)
        else {
            if req.format != .html { throw Abort(.conflict, reason: "The plan has no result yet.") }
            let progress = req.application.planRunner.progress(of: row.id) ?? row.progress
            return try await PendingPlanPage(row: row, progress: progress).render(ctx).encodeResponse(for: req)
        }
        if let csv = try await alternate(plan.tables(ctx), req) { return csv }
        return try await plan.render(ctx).encodeResponse(for: req)
    }

    @Sendable package static func planCSV(_ req: Request) async throws -> Response {
        _ = try Plans.requirePlanner(req)
        let row = try await row(req)
        guard let result = try await Plans.result(row.id, on: Store.sql(req.db)) else {
            throw Abort(.conflict, reason: "The plan has no result yet.")
        }
        let file = CSVFile(
            name: "plan-\(row.id).csv",
            text: CSVWriter.document(header: ["practice_code", "group"], rows: result.plan.csvRows))
        return try await file.encodeResponse(for: req)
    }

    // MARK: Actions

    package static func editable(_ req: Request) async throws -> (Plans.Row, CurrentUser) {
        let user = try Plans.requirePlanner(req)
        let row = try await row(req)
        guard Plans.canEdit(row, user) else {
            throw NotPermitted(
                description: "Only \(row.createdBy), who made this plan, and administrators can change it.")
        }
        return (row, user)
    }

    /// Re-renders the plan page with an error against a field.
    package static func failed(_ req: Request, _ row: Plans.Row, _ problem: FieldProblem) async throws -> Response {
        let user = try req.requireUser()
        guard let plan = try await PlanPage.load(row, user: user, app: req.application) else {
            throw Abort(.badRequest, reason: problem.message)
        }
        return try await plan.render(
            PageContext(request: req), errors: [(problem.field, problem.message)], status: .badRequest
        ).encodeResponse(for: req)
    }

    @Sendable package static func rename(_ req: Request) async throws -> Response {
        let (row, user) = try await editable(req)
        let form = try req.content.decode(ActionForm.self)
        do {
            try await Plans.rename(row, to: try Plans.name(form.name), by: user, app: req.application)
        } catch let problem as FieldProblem {
            return try await failed(req, row, problem)
        }
        return req.redirect(to: PlanningURL.plan(.value(row.id)).path, redirectType: .normal)
    }

    @Sendable package static func delete(_ req: Request) async throws -> Response {
        let (row, user) = try await editable(req)
        let form = try req.content.decode(ActionForm.self)
        guard form.confirm == "yes" else {
            return try await failed(
                req, row, FieldProblem(field: "confirm", message: "Tick the box to confirm you want to delete the plan")
            )
        }
        do { try await Plans.delete(row, by: user, app: req.application) } catch let problem as FieldProblem {
            return try await failed(req, row, problem)
        }
        return req.redirect(to: PlanningURL.plans.path, redirectType: .normal)
    }

    @Sendable package static func adopt(_ req: Request) async throws -> Response {
        let user = try Plans.requirePlanner(req)
        let row = try await row(req)
        guard row.state == .done, let result = try await Plans.result(row.id, on: Store.sql(req.db)),
            let request = row.request
        else {
            throw Abort(.conflict, reason: "Only a finished plan can be adopted.")
        }
        let form = try req.content.decode(ActionForm.self)
        guard let date = Day(iso: form.adoptOn ?? "") else {
            return try await failed(
                req, row,
                FieldProblem(field: "adopt_on", message: "Enter the date the plan takes effect, as YYYY-MM-DD"))
        }
        guard date >= request.date else {
            return try await failed(
                req, row,
                FieldProblem(
                    field: "adopt_on",
                    message: "Adopt the plan on or after \(request.date.long), the date it was planned from."))
        }
        let view = try await req.registryView(at: date)
        guard Plans.canAdopt(request, plan: result.plan, user: user, view: view) else {
            throw NotPermitted(
                description: request.level == .consortium
                    ? "Only administrators can adopt a plan of consortia."
                    : "Administrators, and consortium officers whose consortia hold every planned practice, can adopt "
                        + "this plan."
            )
        }
        guard form.confirm == "yes" else {
            return try await failed(
                req, row,
                FieldProblem(
                    field: "confirm_adopt",
                    message: "Tick the box to confirm the memberships should change on \(date.long)"))
        }
        do {
            _ = try await Plans.adopt(row, result: result, on: date, by: user, app: req.application)
        } catch let problem as FieldProblem {
            return try await failed(req, row, problem)
        }
        return req.redirect(to: PlanningURL.plan(.value(row.id)).path + "#adopted", redirectType: .normal)
    }

    // MARK: API

    package struct PlanSummary: Content {
        package let id: Int64
        package let name: String
        package let status: String
        package let progress: Double
        package let request: Plans.Request?
        package let error: String?
        package let createdBy: String
        package let createdAt: String
        package let adoptedOn: String?
        package let metrics: Plan.Metrics?
        package let current: Plan.Metrics?

        package init(_ row: Plans.Row, result: Plans.Result?) {
            id = row.id
            name = row.name
            status = row.status
            progress = row.progress
            request = row.request
            error = row.error
            createdBy = row.createdBy
            createdAt = row.createdAt
            adoptedOn = row.adoptedOn
            metrics = result?.plan.metrics
            current = result?.plan.current
        }
    }

    @Sendable package static func apiList(_ req: Request) async throws -> Response {
        _ = try Plans.requirePlanner(req)
        let q = QueryReader(req: req)
        let page = try q.int("page", range: 1...100_000) ?? 1
        let (rows, total) = try await Plans.page(on: Store.sql(req.db), offset: (page - 1) * pageSize, limit: pageSize)
        struct Answer: Encodable, Sendable {
            package let plans: [PlanSummary]
            package let total: Int
            package let page: Int
            package let pageSize: Int
        }
        return try await JSONAnswer(
            Answer(plans: rows.map { PlanSummary($0, result: nil) }, total: total, page: page, pageSize: pageSize)
        ).encodeResponse(for: req)
    }

    @Sendable package static func apiShow(_ req: Request) async throws -> Response {
        _ = try Plans.requirePlanner(req)
        let row = try await row(req)
        let result = row.state == .done ? try await Plans.result(row.id, on: Store.sql(req.db)) : nil
        struct Answer: Encodable, Sendable {
            package let plan: PlanSummary
            package let groups: [Plan.Group]?
            package let issues: [Plan.Issue]?
            package let moves: [Plan.Move]?
            package let assignment: [String: String]?
        }
        let assignment = result.map { Dictionary(uniqueKeysWithValues: zip($0.plan.practiceCodes, $0.plan.assignment)) }
        return try await JSONAnswer(
            Answer(
                plan: PlanSummary(row, result: result), groups: result?.plan.groups, issues: result?.plan.issues,
                moves: result?.plan.moves, assignment: assignment)
        ).encodeResponse(for: req)
    }
}
