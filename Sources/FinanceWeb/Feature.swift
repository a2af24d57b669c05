import ConsortCore
import ConsortWeb
import Vapor

/// Finance and financial risk (C4): allocation, risk by size and for every group, and the four consortium models.
package let financeFeature: Feature = {
    var feature = Feature(name: "finance") { routes in
        routes.get(FinanceURL.allocation, formats: [.html, .csv], access: .anyone, use: FinanceController.allocation)
        routes.get(FinanceURL.risk, formats: [.html, .csv], access: .anyone, use: FinanceController.risk)
        routes.get(FinanceURL.models, formats: [.html, .csv], access: .anyone, use: FinanceController.modelsPage)
        routes.get(SiteURL.costModel, access: .anyone, use: FinanceController.costModelPage)
    }
    feature.api = { routes in
        routes.get(FinanceURL.API.allocation, access: .anyone, use: FinanceController.apiAllocation)
        routes.get(FinanceURL.API.risk, access: .anyone, use: FinanceController.apiRisk)
        routes.get(FinanceURL.API.groups, access: .anyone, use: FinanceController.apiGroupRisk)
        routes.get(FinanceURL.API.models, access: .anyone, use: FinanceController.apiModels)
        routes.get(FinanceURL.API.costModel, access: .anyone, use: FinanceController.apiCostModel)
    }
    feature.navigation = [NavItem(order: 90, key: "finance", href: FinanceURL.allocation.path, title: "Finance")]
    feature.configure = { app in
        app.storage[FinanceServiceKey.self] = FinanceService(costModel: app.consortConfig.costModel)
    }
    feature.openAPI = OpenAPI.finance
    return feature
}()
