import ConsortCore
import ConsortWeb
import Vapor

/// Configuration assurance (C2): a policy's verdict on the registry at a date, and the policies.
package let assuranceFeature: Feature = {
    var feature = Feature(name: "assurance") { routes in
        routes.get("assurance", access: .anyone, use: AssuranceController.page)
        routes.get("assurance.csv", access: .anyone, use: AssuranceController.page)
        routes.get("policies", access: .anyone, use: AssuranceController.policies)
        routes.get("policies", ":name", access: .anyone, use: AssuranceController.policyPage)
    }
    feature.api = { api in
        api.get("assurance", access: .anyone, use: AssuranceController.apiReport)
        api.get("policies", access: .anyone, use: AssuranceController.apiPolicies)
        api.get("policies", ":name", access: .anyone, use: AssuranceController.apiPolicy)
    }
    feature.navigation = [NavItem(order: 80, key: "assurance", href: SiteURL.assurance, title: "Assurance")]
    return feature
}()
