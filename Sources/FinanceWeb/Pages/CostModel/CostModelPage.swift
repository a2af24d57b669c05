import ConsortCore
import ConsortWeb
import RiskSim

/// The cost model and the sources of its figures.
package struct CostModelPage: Sendable {
    package let model: CostModel

    package init(model: CostModel) {
        self.model = model
    }

    package func render(_ ctx: PageContext) -> HTMLPage { FinanceView.costModel(model, ctx) }
}
