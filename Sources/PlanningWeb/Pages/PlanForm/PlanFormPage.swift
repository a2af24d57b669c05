import ConsortCore
import ConsortWeb
import Vapor

/// The new-plan form: the fields as entered (or the defaults) and the policies to choose from.
package struct PlanFormPage: Sendable {
    package let form: PlanController.PlanForm
    package let policies: [String]
    /// The areas to choose from, by kind (regions, STPs/ICBs, consortia): code and name.
    package let areas: [(kind: GroupKind, groups: [(code: String, name: String)])]

    package init(
        form: PlanController.PlanForm, policies: [String],
        areas: [(kind: GroupKind, groups: [(code: String, name: String)])] = []
    ) {
        self.form = form
        self.policies = policies
        self.areas = areas
    }

    /// The regions, STPs/ICBs and consortia of the registry at a date, by name.
    package static func areas(_ view: RegistryView) -> [(kind: GroupKind, groups: [(code: String, name: String)])] {
        [GroupKind.region, .icb, .consortium].map { kind in
            (
                kind,
                (view.active[kind] ?? []).compactMap { code in view.groups[code].map { (code, $0.name) } }
                    .sorted { $0.1 < $1.1 }
            )
        }
    }

    /// The form as first shown: networks under pcn-2019 inside each ICB, from today's groups.
    package static func new(
        policies: [String], today: Day = Day.today(),
        areas: [(kind: GroupKind, groups: [(code: String, name: String)])] = []
    ) -> PlanFormPage {
        var form = PlanController.PlanForm(
            policy: "pcn-2019", level: "network", within: "icb", seed: "1", date: today.iso)
        form.purpose = "fewest-changes"
        return PlanFormPage(form: form, policies: policies, areas: areas)
    }

    package func render(_ ctx: PageContext, errors: FormErrors = [], status: HTTPStatus = .ok) -> HTMLPage {
        PlanView.form(form, policies: policies, areas: areas, errors: errors, ctx, status: status)
    }
}
