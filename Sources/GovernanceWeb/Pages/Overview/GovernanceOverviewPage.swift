import ConsortCore
import ConsortWeb
import Governance
import SQLKit
import Vapor

/// A body's governance: its boards, its registers and, for its officers, its people.
package struct GovernanceOverviewPage: Sendable {
    package typealias G = GovernanceStore

    package let body: GroupInfo
    package let boards: [G.Board]
    /// The body's people: only for those who may edit.
    package let people: [G.Person]
    package let canEdit: Bool

    package init(body: GroupInfo, boards: [G.Board], people: [G.Person], canEdit: Bool) {
        self.body = body
        self.boards = boards
        self.people = people
        self.canEdit = canEdit
    }

    package static func load(_ body: GroupInfo, user: CurrentUser?, on db: any SQLDatabase) async throws
        -> GovernanceOverviewPage
    {
        let canEdit = G.canEdit(body, user)
        return GovernanceOverviewPage(
            body: body, boards: try await G.boards(body.code, on: db),
            people: canEdit ? try await G.people(body.code, on: db) : [], canEdit: canEdit)
    }

    package func render(
        _ ctx: PageContext, form: GovernanceForm = .init(), errors: FormErrors = [], status: HTTPStatus = .ok
    ) -> HTMLPage {
        GovernanceView.overview(
            body, boards: boards, people: people, canEdit: canEdit, form: form, errors: errors, ctx, status: status)
    }
}
