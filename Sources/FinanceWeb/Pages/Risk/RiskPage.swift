import ConsortCore
import ConsortWeb
import RiskSim
import Vapor

/// Risk: the financial risk of budgets by population size, and of each group of the area.
package struct RiskPage: Sendable {
    package typealias RiskSort = FinanceView.RiskSort

    package let result: Finance.RiskResult
    package let params: Finance.RiskParams
    package let groups: [Finance.GroupRisk]
    package let groupParams: Finance.GroupRiskParams
    /// The registry at the page's date.
    package let view: RegistryView
    package let sort: RiskSort
    package let ascending: Bool
    package let page: Int

    package init(
        result: Finance.RiskResult, params: Finance.RiskParams, groups: [Finance.GroupRisk],
        groupParams: Finance.GroupRiskParams, view: RegistryView, sort: RiskSort = .risk,
        ascending: Bool = false, page: Int = 1
    ) {
        self.result = result
        self.params = params
        self.groups = groups
        self.groupParams = groupParams
        self.view = view
        self.sort = sort
        self.ascending = ascending
        self.page = page
    }

    /// Simulates (or finds kept) the sizes' and the groups' years.
    package static func load(
        _ params: Finance.RiskParams, groups groupParams: Finance.GroupRiskParams, view: RegistryView,
        sort: RiskSort, ascending: Bool, page: Int, app: Application
    ) async throws -> RiskPage {
        let model = try app.finance.model()
        let result = try await app.finance.cached(params.key, work: app.heavyWork) {
            Finance.risk(params, model: model)
        }
        let groups = try await Finance.groupRisk(groupParams, model: model, view: view, app: app)
        return RiskPage(
            result: result, params: params, groups: groups, groupParams: groupParams, view: view,
            sort: sort, ascending: ascending, page: page)
    }

    /// Risk by size, the distribution of one size's years, and every group's risk: for CSV.
    package func tables(_ ctx: PageContext) -> [DataTable] {
        [
            FinanceView.sizeTable(result, ctx), FinanceView.distributionTable(result, ctx),
            FinanceView.groupRiskTable(groups, groupParams, view, ctx, sort: sort, ascending: ascending, page: nil),
        ]
    }

    package func render(_ ctx: PageContext) -> HTMLPage { FinanceView.risk(self, ctx) }
}
