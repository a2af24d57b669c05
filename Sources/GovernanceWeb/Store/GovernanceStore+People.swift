import ConsortCore
import ConsortWeb
import Governance
import SQLKit
import Vapor

extension GovernanceStore {
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
    /// Every declaration due on `day` (overdue or not), with the register entry it is due from:
    /// what the sweep reminds people of and officers' "Today" pages list.
    package static func due(on day: Day, db: any SQLDatabase) async throws -> [(
        entry: GovernanceStore.Person, due: InterestRegister.Due
    )] {
        typealias G = GovernanceStore
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
        return InterestRegister.due(seats: seats, declaredOn: declaredOn, on: day).compactMap { item in
            guard let id = Int64(item.person), let person = people[id] else { return nil }
            return (person, item)
        }
    }

    package static func run(_ app: Application, on day: Day) async throws {
        let db = Store.sql(app.db)
        let view = try await app.registryCache.view(at: day, on: db)
        for (person, item) in try await due(on: day, db: db) {
            guard person.personId != nil else { continue }
            let id = person.id
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

extension GovernanceStore {
    /// The directory's people holding a role at `organisation` on `day`.
    package static func staff(of organisation: String, on day: Day, db: any SQLDatabase) async throws -> Set<Int64> {
        struct Row: Decodable { let personId: Int64 }
        return Set(
            try await db.raw(
                """
                SELECT DISTINCT person_id FROM person_roles WHERE organisation_code = \(bind: organisation)
                  AND valid_from <= \(bind: day.iso) AND (valid_to IS NULL OR valid_to > \(bind: day.iso))
                """
            ).all(decoding: Row.self, with: snakeCaseRows).map(\.personId))
    }

    /// Meetings of `body`'s boards from `first` through `last`, in date order, with the board.
    package static func meetings(of body: String, from first: Day, through last: Day, db: any SQLDatabase)
        async throws -> [(meeting: Meeting, board: String)]
    {
        struct Row: Decodable {
            let id: Int64
            let boardId: Int64
            let heldOn: String
            let title: String
            let boardName: String
        }
        return try await db.raw(
            """
            SELECT m.id, m.board_id, m.held_on, m.title, b.name AS board_name
            FROM gov_meetings m JOIN gov_boards b ON b.id = m.board_id
            WHERE b.body_code = \(bind: body) AND m.held_on >= \(bind: first.iso) AND m.held_on <= \(bind: last.iso)
            ORDER BY m.held_on, m.id
            """
        ).all(decoding: Row.self, with: snakeCaseRows).map {
            (Meeting(id: $0.id, boardId: $0.boardId, heldOn: $0.heldOn, title: $0.title), $0.boardName)
        }
    }
}
