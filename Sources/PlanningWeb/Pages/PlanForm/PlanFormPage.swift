import ConsortCore
import ConsortWeb
import Vapor

/// The new-plan form: the fields as entered (or the defaults) and the policies to choose from.
package struct PlanFormPage: Sendable {
    package let form: PlanController.PlanForm
    package let policies: [String]

    package init(form: PlanController.PlanForm, policies: [String]) {
        self.form = form
        self.policies = policies
    }

    /// The form as first shown: networks under pcn-2019 inside each ICB, from today's groups.
    package static func new(policies: [String], today: Day = Day.today()) -> PlanFormPage {
        PlanFormPage(
            form: .init(
                policy: "pcn-2019", level: "network", within: "icb", from: "current", compactness: "1", balance: "1",
                moves: "0.5", seed: "1", date: today.iso),
            policies: policies)
    }

    package func render(_ ctx: PageContext, errors: FormErrors = [], status: HTTPStatus = .ok) -> HTMLPage {
        PlanView.form(form, policies: policies, errors: errors, ctx, status: status)
    }
}
