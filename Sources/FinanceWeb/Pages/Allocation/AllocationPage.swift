import ConsortCore
import ConsortWeb
import RiskSim
import Vapor

/// Allocation: each group's and practice's fair share of a budget at the date, sorted and paged.
package struct AllocationPage: Sendable {
    package typealias PracticeSort = FinanceView.PracticeSort

    package let result: Finance.AllocationResult
    package let params: Finance.AllocationParams
    package let model: CostModel
    /// The registry at the page's date.
    package let view: RegistryView
    package let sort: PracticeSort
    package let ascending: Bool
    package let page: Int

    package init(
        result: Finance.AllocationResult, params: Finance.AllocationParams, model: CostModel, view: RegistryView,
        sort: PracticeSort = .code, ascending: Bool = true, page: Int = 1
    ) {
        self.result = result
        self.params = params
        self.model = model
        self.view = view
        self.sort = sort
        self.ascending = ascending
        self.page = page
    }

    /// Shares the budget out over the practices of the area at the view's date.
    package static func load(
        _ params: Finance.AllocationParams, model: CostModel, view: RegistryView, sort: PracticeSort,
        ascending: Bool, page: Int
    ) throws -> AllocationPage {
        AllocationPage(
            result: try Finance.allocation(params, model: model, view: view), params: params, model: model,
            view: view, sort: sort, ascending: ascending, page: page)
    }

    /// The groups' shares, every practice's share and the spread of differences: for CSV.
    package func tables(_ ctx: PageContext) -> [DataTable] {
        [
            FinanceView.groupShares(result, ctx),
            FinanceView.practiceShares(result, ctx, sort: sort, ascending: ascending, page: nil),
            FinanceView.differenceTable(result, ctx),
        ]
    }

    package func render(_ ctx: PageContext) -> HTMLPage { FinanceView.allocation(self, ctx) }
}
