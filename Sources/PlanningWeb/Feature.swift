import ConsortCore
import ConsortWeb
import Vapor

/// The configuration planner (C3): plans run in the background, compared, exported and adopted.
package let planningFeature: Feature = {
    var feature = Feature(name: "planning") { routes in
        routes.get("plans", access: .planner, use: PlanController.list)
        routes.get("plans.csv", access: .planner, use: PlanController.list)
        routes.get("plans", "new", access: .planner, use: PlanController.newForm)
        routes.post("plans", "new", access: .planner, use: PlanController.create)
        routes.get("plans", ":id", access: .planner, use: PlanController.show)
        routes.get("plans", ":id", "plan.csv", access: .planner, use: PlanController.planCSV)
        routes.post("plans", ":id", "rename", access: .planEditor, use: PlanController.rename)
        routes.post("plans", ":id", "adopt", access: .planEditor, use: PlanController.adopt)
        routes.post("plans", ":id", "delete", access: .planEditor, use: PlanController.delete)
    }
    feature.api = { api in
        api.get("plans", access: .planner, use: PlanController.apiList)
        api.get("plans", ":id", access: .planner, use: PlanController.apiShow)
    }
    feature.navigation = [NavItem(order: 100, key: "plans", href: SiteURL.plans, title: "Planner")]
    feature.migrations = [CreatePlans()]
    feature.configure = { app in
            app.storage[PlanRunnerKey.self] = PlanRunner()
            app.lifecycle.use(PlanRunnerLifecycle())
        }
    feature.prepare = { app in try await Plans.failAbandoned(on: Store.sql(app.db)) }
    return feature
}()
