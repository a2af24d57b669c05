import ConsortCore
import ConsortWeb
import Governance
import SQLKit
import Vapor

/// A body's register of gifts and hospitality: what must be declared for everyone; every offer,
/// and the form to record one, for its officers.
package struct GiftsPage: Sendable {
    package typealias G = GovernanceStore

    package let body: GroupInfo
    /// Only the declared gifts, unless the reader may edit.
    package let gifts: [G.GiftRow]
    package let people: [G.Person]
    package let canEdit: Bool

    package init(body: GroupInfo, gifts: [G.GiftRow], people: [G.Person], canEdit: Bool) {
        self.body = body
        self.gifts = gifts
        self.people = people
        self.canEdit = canEdit
    }

    package static func load(_ body: GroupInfo, user: CurrentUser?, on db: any SQLDatabase) async throws -> GiftsPage {
        let canEdit = G.canEdit(body, user)
        let gifts = try await G.gifts(body.code, on: db)
        return GiftsPage(
            body: body,
            gifts: canEdit ? gifts : gifts.filter { $0.outcome == GiftRules.Outcome.declare.rawValue },
            people: try await G.people(body.code, on: db), canEdit: canEdit)
    }

    package func tables() -> [DataTable] {
        [
            GovernanceView.giftsTable(
                body, gifts: gifts, names: Dictionary(uniqueKeysWithValues: people.map { ($0.id, $0.name) }),
                full: canEdit)
        ]
    }

    /// The page; `outcome` is the verdict on the offer just recorded.
    package func render(
        _ ctx: PageContext, form: GovernanceForm = .init(), errors: FormErrors = [],
        outcome: (GiftRules.Outcome, String)? = nil, status: HTTPStatus = .ok
    ) -> HTMLPage {
        GovernanceView.gifts(
            body, table: tables()[0], people: canEdit ? people : [], canEdit: canEdit, form: form, errors: errors,
            outcome: outcome, ctx, status: status)
    }
}
