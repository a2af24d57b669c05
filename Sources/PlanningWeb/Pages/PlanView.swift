import Assurance
import AssuranceWeb
import Charts
import ConsortCore
import ConsortWeb
import Planner
import Vapor

/// The planner's pages.
package enum PlanView {
    package static func crumbs(_ extra: Layout.Crumb? = nil) -> [Layout.Crumb] {
        [.init(title: "England", href: SiteURL.home.path), .init(title: "Planner", href: PlanningURL.plans.path)]
            + (extra.map { [$0] } ?? [])
    }

    package static func error(_ errors: PlanController.Errors, _ field: String) -> Node {
        Layout.fieldError(errors, field)
    }

}
