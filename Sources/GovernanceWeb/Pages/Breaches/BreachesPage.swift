import ConsortCore
import ConsortWeb
import Governance
import SQLKit
import Vapor

/// A body's anonymised breaches of its conflicts of interest policy; its officers record them.
package struct BreachesPage: Sendable {
    package typealias G = GovernanceStore

    package let body: GroupInfo
    package let breaches: [G.Breach]
    package let canEdit: Bool

    package init(body: GroupInfo, breaches: [G.Breach], canEdit: Bool) {
        self.body = body
        self.breaches = breaches
        self.canEdit = canEdit
    }

    package static func load(_ body: GroupInfo, user: CurrentUser?, on db: any SQLDatabase) async throws
        -> BreachesPage
    {
        BreachesPage(body: body, breaches: try await G.breaches(body.code, on: db), canEdit: G.canEdit(body, user))
    }

    package func tables() -> [DataTable] { [GovernanceView.breachTable(body, breaches)] }

    package func render(
        _ ctx: PageContext, form: GovernanceForm = .init(), errors: FormErrors = [], status: HTTPStatus = .ok
    ) -> HTMLPage {
        GovernanceView.register(
            body, title: "Breaches of the conflicts of interest policy", slug: "breaches",
            intro: "Anonymised: what happened and what was done, without naming anyone.", table: tables()[0],
            breachForm: canEdit ? (form, errors) : nil, ctx, status: status)
    }
}
