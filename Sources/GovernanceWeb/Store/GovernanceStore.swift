import ConsortCore
import ConsortWeb
import Foundation
import Governance
import PeopleWeb
import SQLKit
import Vapor

/// The registers and boards of a body (a consortium, locality or federation): people, their
/// roles at organisations and declarations; gifts and hospitality; boards, seats and quorum;
/// meetings, agenda items, the chair's actions on conflicts, votes and decisions; breaches.
/// Every write is one transaction with its audit entry.
package enum GovernanceStore {
    // MARK: Bodies and who edits them

    package static let bodyKinds: Set<GroupKind> = [.consortium, .locality, .federation]

    /// The body's officers: administrators; consortium officers of the consortium (or of a
    /// locality's consortium); the federation's managers.
    package static func canEdit(_ body: GroupInfo, _ user: CurrentUser?) -> Bool {
        guard let user else { return false }
        if user.isAdministrator { return true }
        switch body.kind {
        case .consortium: return user.scopes(of: .consortiumOfficer).contains(body.code)
        case .locality: return body.parent.map { user.scopes(of: .consortiumOfficer).contains($0) } ?? false
        case .federation: return user.scopes(of: .federationManager).contains(body.code)
        default: return false
        }
    }

    package static func requireEditor(_ body: GroupInfo, _ user: CurrentUser) throws {
        guard canEdit(body, user) else {
            throw NotPermitted(description: "Only \(body.name)'s officers can change its registers and boards.")
        }
    }

    /// An officer of the body, or the register's person themselves (for their own declarations
    /// and gifts); an officer acting for someone is recorded so in the audit log.
    package static func requireEditorOrSelf(_ body: GroupInfo, _ person: Person, _ user: CurrentUser) throws {
        if let own = user.personID, own == person.personId { return }
        try requireEditor(body, user)
    }

    /// "self" when the person acts for themselves, "officer" when an officer acts for them.
    package static func acting(_ user: CurrentUser, for person: Person) -> String {
        person.personId.map { Directory.acting(user, for: $0) } ?? "officer"
    }

    package static func people(_ body: String, on db: any SQLDatabase) async throws -> [Person] {
        try await db.raw(
            "SELECT id, body_code, name, is_demo, person_id FROM gov_people WHERE body_code = \(bind: body) "
                + "ORDER BY name, id"
        ).all(decoding: Person.self, with: snakeCaseRows)
    }
    package static func allPeople(on db: any SQLDatabase) async throws -> [Person] {
        try await db.raw("SELECT id, body_code, name, is_demo, person_id FROM gov_people ORDER BY name, id").all(
            decoding: Person.self, with: snakeCaseRows)
    }
    /// The register entries of people of the directory, on every body's registers.
    package static func entries(of people: [Int64], on db: any SQLDatabase) async throws -> [Person] {
        guard !people.isEmpty else { return [] }
        return try await db.raw(
            """
            SELECT id, body_code, name, is_demo, person_id FROM gov_people \
            WHERE person_id IN (\(SQLQueryString(people.map(String.init).joined(separator: ",")))) ORDER BY id
            """
        ).all(decoding: Person.self, with: snakeCaseRows)
    }

    /// Register entries by their ids.
    package static func entries(_ ids: [Int64], on db: any SQLDatabase) async throws -> [Person] {
        guard !ids.isEmpty else { return [] }
        return try await db.raw(
            """
            SELECT id, body_code, name, is_demo, person_id FROM gov_people \
            WHERE id IN (\(SQLQueryString(ids.map(String.init).joined(separator: ",")))) ORDER BY id
            """
        ).all(decoding: Person.self, with: snakeCaseRows)
    }

    package static func person(_ id: Int64, on db: any SQLDatabase) async throws -> Person {
        guard
            let p = try await db.raw(
                "SELECT id, body_code, name, is_demo, person_id FROM gov_people WHERE id = \(bind: id)"
            )
            .first(decoding: Person.self, with: snakeCaseRows)
        else {
            throw Abort(.notFound, reason: "There is no person \(id) on any register.")
        }
        return p
    }
    package static func affiliations(_ people: [Int64]? = nil, on db: any SQLDatabase) async throws -> [AffiliationRow]
    {
        let only: SQLQueryString =
            people.map {
                "WHERE g.id IN (\(SQLQueryString($0.isEmpty ? "NULL" : $0.map(String.init).joined(separator: ","))))"
            }
            ?? ""
        return try await db.raw(
            """
            SELECT r.id, g.id AS person_id, r.organisation_code, r.role, r.title, r.valid_from, r.valid_to
            FROM person_roles r JOIN gov_people g ON g.person_id = r.person_id \(only) ORDER BY r.valid_from, r.id
            """
        ).all(decoding: AffiliationRow.self, with: snakeCaseRows)
    }
    package static func declarations(_ people: [Int64]? = nil, on db: any SQLDatabase) async throws -> [DeclarationRow]
    {
        try await db.raw(
            """
            SELECT id, person_id, kind, organisation_code, organisation_name, description, valid_from, valid_to, \
            declared_on
            FROM gov_declarations \(filter(people)) ORDER BY valid_from, id
            """
        ).all(decoding: DeclarationRow.self, with: snakeCaseRows)
    }
    package static func filter(_ people: [Int64]?) -> SQLQueryString {
        guard let people else { return "" }
        return
            "WHERE person_id IN "
            + "(\(SQLQueryString(people.isEmpty ? "NULL" : people.map(String.init).joined(separator: ","))))"
    }
    package static func boards(_ body: String, on db: any SQLDatabase) async throws -> [Board] {
        try await db.raw(
            "SELECT id, body_code, name, quorum FROM gov_boards WHERE body_code = \(bind: body) ORDER BY name, id"
        ).all(decoding: Board.self, with: snakeCaseRows)
    }
    package static func board(_ id: Int64, on db: any SQLDatabase) async throws -> Board {
        guard
            let b = try await db.raw("SELECT id, body_code, name, quorum FROM gov_boards WHERE id = \(bind: id)").first(
                decoding: Board.self, with: snakeCaseRows)
        else {
            throw Abort(.notFound, reason: "There is no board \(id).")
        }
        return b
    }
    package static func seats(board: Int64? = nil, on db: any SQLDatabase) async throws -> [SeatRow] {
        let filter: SQLQueryString = board.map { "WHERE board_id = \(bind: $0)" } ?? ""
        return try await db.raw(
            "SELECT id, board_id, person_id, role, valid_from, valid_to FROM gov_seats \(filter) ORDER BY valid_from, "
                + "id"
        )
        .all(decoding: SeatRow.self, with: snakeCaseRows)
    }
    package static func meeting(_ id: Int64, on db: any SQLDatabase) async throws -> Meeting {
        guard
            let m = try await db.raw("SELECT id, board_id, held_on, title FROM gov_meetings WHERE id = \(bind: id)")
                .first(decoding: Meeting.self, with: snakeCaseRows)
        else {
            throw Abort(.notFound, reason: "There is no meeting \(id).")
        }
        return m
    }
    package static func meetings(board: Int64, on db: any SQLDatabase) async throws -> [Meeting] {
        try await db.raw(
            "SELECT id, board_id, held_on, title FROM gov_meetings WHERE board_id = \(bind: board) ORDER BY held_on "
                + "DESC, id DESC"
        ).all(decoding: Meeting.self, with: snakeCaseRows)
    }
    package static func items(meeting: Int64, on db: any SQLDatabase) async throws -> [Item] {
        try await db.raw(
            "SELECT id, meeting_id, number, title, is_procurement, decision, decided_by, decided_at, record FROM "
                + "gov_items WHERE meeting_id = \(bind: meeting) ORDER BY number, id"
        )
        .all(decoding: Item.self, with: snakeCaseRows)
    }
    package static func item(_ id: Int64, on db: any SQLDatabase) async throws -> Item {
        guard
            let i = try await db.raw(
                "SELECT id, meeting_id, number, title, is_procurement, decision, decided_by, decided_at, record FROM "
                    + "gov_items WHERE id = \(bind: id)"
            )
            .first(decoding: Item.self, with: snakeCaseRows)
        else { throw Abort(.notFound, reason: "There is no agenda item \(id).") }
        return i
    }
    package static func attendance(_ meeting: Int64, on db: any SQLDatabase) async throws -> Set<Int64> {
        struct R: Decodable { package let personId: Int64 }
        return Set(
            try await db.raw("SELECT person_id FROM gov_attendance WHERE meeting_id = \(bind: meeting)").all(
                decoding: R.self, with: snakeCaseRows
            ).map(\.personId))
    }
    package static func itemOrgs(_ items: [Int64], on db: any SQLDatabase) async throws -> [ItemOrg] {
        guard !items.isEmpty else { return [] }
        return try await db.raw(
            "SELECT item_id, organisation_code, organisation_name, role FROM gov_item_orgs WHERE item_id IN "
                + "(\(SQLQueryString(items.map(String.init).joined(separator: ","))))"
        )
        .all(decoding: ItemOrg.self, with: snakeCaseRows)
    }
    package static func actions(_ items: [Int64], on db: any SQLDatabase) async throws -> [Action] {
        guard !items.isEmpty else { return [] }
        return try await db.raw(
            "SELECT item_id, person_id, action, reason FROM gov_actions WHERE item_id IN "
                + "(\(SQLQueryString(items.map(String.init).joined(separator: ","))))"
        )
        .all(decoding: Action.self, with: snakeCaseRows)
    }
    package static func votes(_ items: [Int64], on db: any SQLDatabase) async throws -> [VoteRow] {
        guard !items.isEmpty else { return [] }
        return try await db.raw(
            "SELECT item_id, person_id, vote FROM gov_votes WHERE item_id IN "
                + "(\(SQLQueryString(items.map(String.init).joined(separator: ","))))"
        )
        .all(decoding: VoteRow.self, with: snakeCaseRows)
    }
    package static func gifts(_ body: String, on db: any SQLDatabase) async throws -> [GiftRow] {
        try await db.raw(
            """
            SELECT id, body_code, person_id, kind, source, promotional, donor, description, value_pence, received_on, \
            outcome, reason, approved_by
            FROM gov_gifts WHERE body_code = \(bind: body) ORDER BY received_on DESC, id DESC
            """
        ).all(decoding: GiftRow.self, with: snakeCaseRows)
    }
    package static func breaches(_ body: String, on db: any SQLDatabase) async throws -> [Breach] {
        try await db.raw(
            "SELECT id, body_code, occurred_on, summary, action FROM gov_breaches WHERE body_code = \(bind: body) "
                + "ORDER BY occurred_on DESC, id DESC"
        )
        .all(decoding: Breach.self, with: snakeCaseRows)
    }

}
