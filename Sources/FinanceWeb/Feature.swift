import ConsortCore
import ConsortWeb
import Vapor

/// Finance and financial risk (C4): allocation, risk by size and for every group, and the four consortium models.
package let financeFeature: Feature = {
    var feature = Feature(name: "finance") { routes in
        routes.get("finance", access: .anyone, use: FinanceController.allocation)
        routes.get("finance.csv", access: .anyone, use: FinanceController.allocation)
        routes.get("finance", "risk", access: .anyone, use: FinanceController.risk)
        routes.get("finance", "risk.csv", access: .anyone, use: FinanceController.risk)
        routes.get("finance", "models", access: .anyone, use: FinanceController.modelsPage)
        routes.get("finance", "models.csv", access: .anyone, use: FinanceController.modelsPage)
        routes.get("finance", "cost-model", access: .anyone, use: FinanceController.costModelPage)
    }
    feature.api = { api in
        api.get("finance", "allocation", access: .anyone, use: FinanceController.apiAllocation)
        api.get("finance", "risk", access: .anyone, use: FinanceController.apiRisk)
        api.get("finance", "groups", access: .anyone, use: FinanceController.apiGroupRisk)
        api.get("finance", "models", access: .anyone, use: FinanceController.apiModels)
        api.get("finance", "cost-model", access: .anyone, use: FinanceController.apiCostModel)
    }
    feature.navigation = [NavItem(order: 90, key: "finance", href: SiteURL.finance, title: "Finance")]
    feature.configure = { app in app.storage[FinanceServiceKey.self] = FinanceService(costModel: app.consortConfig.costModel) }
    return feature
}()
