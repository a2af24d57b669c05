import ConsortCore
import ConsortWeb
import Planner
import Vapor

/// A finished plan: its result compared with the registry at the date it was planned from, and
/// what the reader may do with it.
package struct PlanPage: Sendable {
    package let row: Plans.Row
    package let result: Plans.Result
    package let request: Plans.Request
    /// The registry at the date the plan was made from.
    package let view: RegistryView
    package let canEdit: Bool
    package let canAdopt: Bool
    package let page: Int
    package let movesPage: Int

    package init(
        row: Plans.Row, result: Plans.Result, request: Plans.Request, view: RegistryView, canEdit: Bool,
        canAdopt: Bool, page: Int = 1, movesPage: Int = 1
    ) {
        self.row = row
        self.result = result
        self.request = request
        self.view = view
        self.canEdit = canEdit
        self.canAdopt = canAdopt
        self.page = page
        self.movesPage = movesPage
    }

    /// The plan's page, or nil while it has no result (queued, running or failed).
    package static func load(
        _ row: Plans.Row, user: CurrentUser, page: Int = 1, movesPage: Int = 1, app: Application
    ) async throws -> PlanPage? {
        let db = Store.sql(app.db)
        guard row.state == .done, let result = try await Plans.result(row.id, on: db), let request = row.request
        else { return nil }
        let view = try await app.registryCache.view(at: request.date, on: db)
        let adoptView = try await app.registryCache.view(at: max(request.date, Day.today()), on: db)
        return PlanPage(
            row: row, result: result, request: request, view: view, canEdit: Plans.canEdit(row, user),
            canAdopt: Plans.canAdopt(request, plan: result.plan, user: user, view: adoptView), page: page,
            movesPage: movesPage)
    }

    /// Every row of every table: for CSV.
    package func tables(_ ctx: PageContext) -> [DataTable] {
        PlanView.tables(result, request: request, page: nil, movesPage: nil, ctx).all
    }

    package func render(_ ctx: PageContext, errors: FormErrors = [], status: HTTPStatus = .ok) -> HTMLPage {
        PlanView.detail(
            row, result: result, request: request,
            tables: PlanView.tables(result, request: request, page: page, movesPage: movesPage, ctx, view: view),
            view: view, canEdit: canEdit, canAdopt: canAdopt, page: page, movesPage: movesPage, errors: errors, ctx,
            status: status)
    }
}

/// A plan without a result: its progress while queued or running, its error when it failed.
package struct PendingPlanPage: Sendable {
    package let row: Plans.Row
    /// From 0 to 1.
    package let progress: Double

    package init(row: Plans.Row, progress: Double) {
        self.row = row
        self.progress = progress
    }

    package func render(_ ctx: PageContext) -> HTMLPage { PlanView.pending(row, progress: progress, ctx) }
}
