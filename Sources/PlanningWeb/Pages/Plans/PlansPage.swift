import ConsortCore
import ConsortWeb
import SQLKit

/// The saved plans, newest first, a page at a time.
package struct PlansPage: Sendable {
    package static let pageSize = 50

    package let rows: [Plans.Row]
    package let total: Int
    package let page: Int
    /// Whether the reader may make a plan (the page offers "New plan").
    package let canPlan: Bool

    package init(rows: [Plans.Row], total: Int, page: Int, canPlan: Bool) {
        self.rows = rows
        self.total = total
        self.page = page
        self.canPlan = canPlan
    }

    /// One page of plans, or every plan when `all` (for CSV).
    package static func load(page: Int, all: Bool, user: CurrentUser, on db: any SQLDatabase) async throws
        -> PlansPage
    {
        let (rows, total) = try await Plans.page(
            on: db, offset: all ? 0 : (page - 1) * pageSize, limit: all ? 100_000 : pageSize)
        return PlansPage(rows: rows, total: total, page: page, canPlan: Plans.canPlan(user))
    }

    package func tables(_ ctx: PageContext) -> [DataTable] { [PlanView.listTable(rows, total: total)] }

    package func render(_ ctx: PageContext) -> HTMLPage {
        PlanView.list(PlanView.listTable(rows, total: total), page: page, total: total, canPlan: canPlan, ctx)
    }
}
