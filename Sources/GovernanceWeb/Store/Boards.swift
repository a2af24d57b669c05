import ConsortCore
import ConsortWeb
import Foundation
import Governance
import SQLKit
import Vapor

extension GovernanceStore {
    // MARK: Boards

    @discardableResult
    package static func createBoard(body: GroupInfo, name: String?, by user: CurrentUser, app: Application) async throws
        -> Int64
    {
        try requireEditor(body, user)
        let clean = try text(name, field: "board_name", what: "the board's or committee's name", max: 120)
        let rule = QuorumRule(minimum: 3)
        return try await Store.write(app.db) { db in
            struct ID: Decodable { package let id: Int64 }
            let id =
                try await db.raw(
                    """
                    INSERT INTO gov_boards (body_code, name, quorum, created_by, created_at)
                    VALUES (\(bind: body.code), \(bind: clean), \(bind: try encode(rule)), \(bind: user.username), \
                    \(bind: AuditChain.timestamp())) RETURNING id
                    """
                ).first(decoding: ID.self)?.id ?? 0
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "governance.board.create", entity: "gov_board",
                entityID: String(id),
                after: ["body": body.code, "name": clean, "quorum": rule.description])
            return id
        }
    }

    package static func encode(_ rule: QuorumRule) throws -> String {
        String(decoding: try JSONEncoder().encode(rule), as: UTF8.self)
    }

    package static func setQuorum(
        _ board: Board, body: GroupInfo, minimum: String?, atLeast: [BoardRole: String?], majority: [BoardRole],
        by user: CurrentUser, app: Application
    ) async throws {
        try requireEditor(body, user)
        guard let n = Int((minimum ?? "").trimmingCharacters(in: .whitespaces)), (1...50).contains(n) else {
            throw FieldProblem(field: "minimum", message: "Give the fewest members who make a quorum, 1 to 50")
        }
        var roles: [BoardRole: Int] = [:]
        for role in BoardRole.allCases {
            let t = ((atLeast[role] ?? nil) ?? "").trimmingCharacters(in: .whitespaces)
            if t.isEmpty { continue }
            guard let k = Int(t), (0...n).contains(k) else {
                throw FieldProblem(
                    field: "at_least_\(role.rawValue)",
                    message: "At least how many \(role.label.lowercased())s: a whole number from 0 to \(n)")
            }
            if k > 0 { roles[role] = k }
        }
        let rule = QuorumRule(minimum: n, atLeast: roles, majorityOf: Set(majority))
        try await Store.write(app.db) { db in
            try await db.raw("UPDATE gov_boards SET quorum = \(bind: try encode(rule)) WHERE id = \(bind: board.id)")
                .run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "governance.board.quorum", entity: "gov_board",
                entityID: String(board.id),
                before: ["quorum": board.rule.description], after: ["quorum": rule.description])
        }
    }

    package static func addSeat(
        _ board: Board, body: GroupInfo, person: String?, role: String?, from: String?, to: String?,
        by user: CurrentUser, app: Application
    ) async throws {
        try requireEditor(body, user)
        guard let pid = Int64(person ?? "") else { throw FieldProblem(field: "person", message: "Choose the member") }
        guard case let who = try await self.person(pid, on: Store.sql(app.db)), who.bodyCode == body.code else {
            throw FieldProblem(field: "person", message: "Choose one of \(body.name)'s people")
        }
        guard let seatRole = BoardRole(rawValue: role ?? "") else {
            throw FieldProblem(field: "role", message: "Choose the member's role on the board")
        }
        let start = try day(from, field: "seat_from", what: "the date the member took up the seat")
        let end = try optionalDay(to, field: "seat_to", after: start)
        try await Store.write(app.db) { db in
            try await db.raw(
                """
                INSERT INTO gov_seats (board_id, person_id, role, valid_from, valid_to)
                VALUES (\(bind: board.id), \(bind: pid), \(bind: seatRole.rawValue), \(bind: start.iso), \
                \(bind: end?.iso))
                """
            ).run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "governance.seat.add", entity: "gov_board",
                entityID: String(board.id),
                after: ["person": who.name, "role": seatRole.rawValue, "from": start.iso, "to": end?.iso ?? ""])
        }
    }

    /// Ends a member's seat on a day: from then they are no longer a decision-maker of the board.
    package static func endSeat(
        _ board: Board, body: GroupInfo, seat id: Int64, on to: String?, by user: CurrentUser, app: Application
    ) async throws {
        try requireEditor(body, user)
        try await Store.write(app.db) { db in
            guard let seat = try await seats(board: board.id, on: db).first(where: { $0.id == id }) else {
                throw Abort(.notFound, reason: "\(board.name) has no seat \(id).")
            }
            guard
                let end = try optionalDay(
                    to, field: "end-seat-\(id)", after: Day(iso: seat.validFrom) ?? Day(ordinal: 0))
            else {
                throw FieldProblem(field: "end-seat-\(id)", message: "Enter the date the member left, as YYYY-MM-DD")
            }
            try await db.raw("UPDATE gov_seats SET valid_to = \(bind: end.iso) WHERE id = \(bind: id)").run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "governance.seat.end", entity: "gov_board",
                entityID: String(board.id),
                before: ["seat": String(id), "to": seat.validTo ?? ""], after: ["seat": String(id), "to": end.iso])
        }
    }
}

extension GovernanceStore {
    /// Every body's boards (a person's seats may be on any of them).
    package static func allBoards(on db: any SQLDatabase) async throws -> [Board] {
        try await db.raw("SELECT id, body_code, name, quorum FROM gov_boards ORDER BY name, id").all(
            decoding: Board.self, with: snakeCaseRows)
    }

    /// A decided procurement item, for the register of procurement decisions.
    package struct ProcurementRow: Decodable, Sendable {
        package let id: Int64
        package let title: String
        package let decision: String
        package let record: String?
        package let heldOn: String
        package let boardName: String
        package let meetingId: Int64
    }

    /// The body's decided procurement items, newest meeting first.
    package static func procurementDecisions(_ body: String, on db: any SQLDatabase) async throws -> [ProcurementRow] {
        try await db.raw(
            """
            SELECT i.id, i.title, i.decision, i.record, m.held_on, b.name AS board_name, m.id AS meeting_id
            FROM gov_items i JOIN gov_meetings m ON m.id = i.meeting_id JOIN gov_boards b ON b.id = m.board_id
            WHERE b.body_code = \(bind: body) AND i.is_procurement = \(bind: true) AND i.decision IS NOT NULL
            ORDER BY m.held_on DESC, i.number
            """
        ).all(decoding: ProcurementRow.self, with: snakeCaseRows)
    }
}
