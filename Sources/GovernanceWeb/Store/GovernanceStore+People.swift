import ConsortCore
import ConsortWeb
import Governance
import SQLKit
import Vapor

extension GovernanceStore {
    /// People of the directory linked to the bodies whose registers they are on.
    package static let registerLinks =
        "SELECT person_id, body_code AS organisation_code FROM gov_people WHERE person_id IS NOT NULL"

    /// The registers a person of the directory is on, for their page in the directory.
    package static func registerPanel(_ person: Int64, app: Application) async throws -> [GroupSection.Content] {
        let db = Store.sql(app.db)
        let entries = try await self.entries(of: [person], on: db)
        guard !entries.isEmpty else { return [] }
        let view = try await app.registryCache.view(at: Day.today(), on: db)
        return [
            GroupSection.Content(
                heading: "On governance registers",
                hint: "Each body keeps its own register of interests; the person declares to each.",
                links: entries.map { e in
                    (
                        GovernanceURL.person(.value(e.id)).path,
                        "\(view.groups[e.bodyCode]?.name ?? e.bodyCode)'s registers"
                    )
                })
        ]
    }
}

/// Notifications of declarations due and overdue: a register's person who holds a seat declares
/// within 28 days of taking it up (`InterestRegister`), reminded once when the seat begins and
/// once when the declaration is overdue.
package enum DeclarationSweep {
    package static func run(_ app: Application, on day: Day) async throws {
        typealias G = GovernanceStore
        let db = Store.sql(app.db)
        let people = Dictionary(uniqueKeysWithValues: try await G.allPeople(on: db).map { ($0.id, $0) })
        let boards = Dictionary(uniqueKeysWithValues: try await G.allBoards(on: db).map { ($0.id, $0) })
        let seats = try await G.seats(on: db).compactMap { s -> Seat? in
            guard let from = Day(iso: s.validFrom), let board = boards[s.boardId] else { return nil }
            return Seat(
                person: String(s.personId), board: String(s.boardId), body: board.bodyCode, role: s.boardRole,
                from: from, to: s.validTo.flatMap(Day.init(iso:)))
        }
        let declaredOn = Dictionary(grouping: try await G.declarations(on: db), by: { String($0.personId) })
            .mapValues { $0.compactMap { Day(iso: $0.declaredOn) } }
        let view = try await app.registryCache.view(at: day, on: db)
        for item in InterestRegister.due(seats: seats, declaredOn: declaredOn, on: day) {
            guard let id = Int64(item.person), let person = people[id], person.personId != nil else { continue }
            let (start, due, overdue) = (item.seatFrom, item.dueBy, item.isOverdue(on: day))
            let body = view.groups[person.bodyCode]?.name ?? person.bodyCode
            _ = try await Store.write(app.db) { db in
                try await Outbox.add(
                    .init(
                        personID: person.personId, kind: overdue ? .declarationOverdue : .declarationDue,
                        subject: overdue
                            ? "Your declaration of interests to \(body) is overdue"
                            : "Declare your interests to \(body) by \(due.long)",
                        body: (overdue
                            ? "Your declaration to \(body) was due by \(due.long), 28 days after you took your seat on "
                                + "\(start.long). "
                            : "You took your seat on \(start.long); declare your interests, or make a nil return, by "
                                + "\(due.long). ") + "Source: \(InterestRegister.source).",
                        link: GovernanceURL.mine(.declarations).path,
                        eventKey: "declaration-\(overdue ? "overdue" : "due"):\(id):\(start.iso)"),
                    on: db)
            }
        }
    }
}
