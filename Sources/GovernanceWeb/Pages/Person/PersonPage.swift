import ConsortCore
import ConsortWeb
import Governance
import SQLKit
import Vapor

/// A person of a body (for its officers): their roles elsewhere, their declarations of interest
/// and their seats.
package struct PersonPage: Sendable {
    package typealias G = GovernanceStore

    package let person: G.Person
    package let body: GroupInfo
    package let affiliations: [G.AffiliationRow]
    package let declarations: [G.DeclarationRow]
    package let seats: [G.SeatRow]
    /// The boards the seats are on.
    package let boards: [Int64: G.Board]

    package init(
        person: G.Person, body: GroupInfo, affiliations: [G.AffiliationRow], declarations: [G.DeclarationRow],
        seats: [G.SeatRow], boards: [Int64: G.Board]
    ) {
        self.person = person
        self.body = body
        self.affiliations = affiliations
        self.declarations = declarations
        self.seats = seats
        self.boards = boards
    }

    package static func load(_ person: G.Person, body: GroupInfo, on db: any SQLDatabase) async throws -> PersonPage {
        let seats = try await G.seats(on: db).filter { $0.personId == person.id }
        let boards = try await G.allBoards(on: db).filter { board in seats.contains { $0.boardId == board.id } }
        return PersonPage(
            person: person, body: body, affiliations: try await G.affiliations([person.id], on: db),
            declarations: try await G.declarations([person.id], on: db), seats: seats,
            boards: Dictionary(uniqueKeysWithValues: boards.map { ($0.id, $0) }))
    }

    package func render(
        _ ctx: PageContext, form: GovernanceForm = .init(), errors: FormErrors = [], status: HTTPStatus = .ok
    ) -> HTMLPage {
        GovernanceView.person(
            person, body, affiliations: affiliations, declarations: declarations, seats: seats, boards: boards,
            form: form, errors: errors, ctx, status: status)
    }
}
