import ConsortCore
import ConsortWeb
import Vapor

/// The configuration planner (C3): plans run in the background, compared, exported and adopted.
package let planningFeature: Feature = {
    var feature = Feature(name: "planning") { routes in
        routes.get(PlanningURL.plans, formats: [.html, .csv], access: .planner, use: PlanController.list)
        routes.get(PlanningURL.newPlan, access: .planner, use: PlanController.newForm)
        routes.post(PlanningURL.newPlan, access: .planner, use: PlanController.create)
        routes.get(PlanningURL.plan(.key), formats: [.html, .csv], access: .planner, use: PlanController.show)
        routes.get(PlanningURL.planCSV(.key), access: .planner, use: PlanController.planCSV)
        routes.post(PlanningURL.action(.key, .rename), access: .planEditor, use: PlanController.rename)
        routes.post(PlanningURL.action(.key, .adopt), access: .planEditor, use: PlanController.adopt)
        routes.post(PlanningURL.action(.key, .delete), access: .planEditor, use: PlanController.delete)
    }
    feature.api = { routes in
        routes.get(PlanningURL.API.plans, access: .planner, use: PlanController.apiList)
        routes.get(PlanningURL.API.plan(.key), access: .planner, use: PlanController.apiShow)
    }
    // Only those who may plan see the planner in the menu.
    feature.navigation = [
        NavItem(order: 100, key: "plans", href: PlanningURL.plans.path, title: "Planner") { user in
            user.map { u in Access.planner.roles?.contains(where: u.holds) ?? true } ?? false
        }
    ]
    feature.migrations = [CreatePlans()]
    feature.configure = { app in
        app.storage[PlanRunnerKey.self] = PlanRunner()
        app.lifecycle.use(PlanRunnerLifecycle())
    }
    feature.prepare = { app in try await Plans.failAbandoned(on: Store.sql(app.db)) }
    feature.openAPI = OpenAPI.planning
    return feature
}()
