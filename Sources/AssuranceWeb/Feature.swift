import ConsortCore
import ConsortWeb
import Vapor

/// Configuration assurance (C2): a policy's verdict on the registry at a date, and the policies.
package let assuranceFeature: Feature = {
    var feature = Feature(name: "assurance") { routes in
        routes.get(AssuranceURL.assurance, formats: [.html, .csv], access: .anyone, use: AssuranceController.page)
        routes.get(SiteURL.policies, access: .anyone, use: AssuranceController.policies)
        routes.get(SiteURL.policy(.key), access: .anyone, use: AssuranceController.policyPage)
    }
    feature.api = { routes in
        routes.get(AssuranceURL.API.assurance, access: .anyone, use: AssuranceController.apiReport)
        routes.get(AssuranceURL.API.policies, access: .anyone, use: AssuranceController.apiPolicies)
        routes.get(AssuranceURL.API.policy(.key), access: .anyone, use: AssuranceController.apiPolicy)
    }
    feature.navigation = [NavItem(order: 80, key: "assurance", href: AssuranceURL.assurance.path, title: "Assurance")]
    feature.today = AssurancePanels.today
    feature.openAPI = OpenAPI.assurance
    return feature
}()
