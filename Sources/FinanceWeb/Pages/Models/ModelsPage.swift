import ConsortCore
import ConsortWeb
import RiskSim
import Vapor

/// The four consortium models compared on an area's practices; before an area is chosen, the
/// form alone.
package struct ModelsPage: Sendable {
    package let result: Finance.ModelsResult?
    package let params: Finance.ModelsParams?
    /// The cost model with the page's assumptions applied.
    package let model: CostModel
    /// The registry at the page's date.
    package let view: RegistryView

    package init(
        result: Finance.ModelsResult?, params: Finance.ModelsParams?, model: CostModel, view: RegistryView
    ) {
        self.result = result
        self.params = params
        self.model = model
        self.view = view
    }

    /// Simulates (or finds kept) the comparison for the area `params` names.
    package static func load(_ params: Finance.ModelsParams?, view: RegistryView, app: Application) async throws
        -> ModelsPage
    {
        let base = try app.finance.model()
        guard let params else { return ModelsPage(result: nil, params: nil, model: base, view: view) }
        let result = try await Finance.models(params, model: base, view: view, app: app)
        return ModelsPage(result: result, params: params, model: params.apply(to: base), view: view)
    }

    /// The comparison's tables: for CSV.
    package func tables(_ ctx: PageContext) -> [DataTable] {
        result.map { FinanceView.modelTables($0, ctx) } ?? []
    }

    package func render(_ ctx: PageContext) -> HTMLPage { FinanceView.models(self, ctx) }
}
