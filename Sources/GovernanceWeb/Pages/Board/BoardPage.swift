import ConsortCore
import ConsortWeb
import Governance
import SQLKit
import Vapor

/// A board: its seats, its quorum and voting rule, and, for its body's officers, its meetings.
package struct BoardPage: Sendable {
    package typealias G = GovernanceStore

    package let board: G.Board
    package let body: GroupInfo
    package let seats: [G.SeatRow]
    package let people: [G.Person]
    /// Only for those who may edit.
    package let meetings: [G.Meeting]
    package let canEdit: Bool

    package init(
        board: G.Board, body: GroupInfo, seats: [G.SeatRow], people: [G.Person], meetings: [G.Meeting], canEdit: Bool
    ) {
        self.board = board
        self.body = body
        self.seats = seats
        self.people = people
        self.meetings = meetings
        self.canEdit = canEdit
    }

    package static func load(_ board: G.Board, body: GroupInfo, user: CurrentUser?, on db: any SQLDatabase)
        async throws -> BoardPage
    {
        let canEdit = G.canEdit(body, user)
        return BoardPage(
            board: board, body: body, seats: try await G.seats(board: board.id, on: db),
            people: try await G.people(body.code, on: db),
            meetings: canEdit ? try await G.meetings(board: board.id, on: db) : [], canEdit: canEdit)
    }

    package func render(
        _ ctx: PageContext, form: GovernanceForm = .init(), errors: FormErrors = [], status: HTTPStatus = .ok
    ) -> HTMLPage {
        GovernanceView.board(
            board, body, seats: seats, people: people, meetings: meetings, canEdit: canEdit, form: form,
            errors: errors, ctx, status: status)
    }
}
