import ConsortCore
import ConsortWeb
import Elections
import Fluent
import Foundation
import SQLKit

extension ElectionStore {
    /// Who may be nominated: the people on a roll of people, or the people with a role at a
    /// practice on a practice vote's roll, on the roll's date.
    package static func eligible(_ e: Record, on db: any SQLDatabase) async throws -> [(id: Int64, name: String)] {
        let roll = try await roll(.election, id: e.id, on: db)
        if e.electorate != Electorate.Kind.practices.rawValue {
            return roll.compactMap { line in line.personId.map { ($0, line.label) } }
        }
        guard let day = Day(iso: e.rollOn) else { return [] }
        struct R: Decodable {
            let id: Int64
            let name: String
            let isDemo: Bool
        }
        var out: [(Int64, String)] = []
        var seen: Set<Int64> = []
        for chunk in roll.compactMap(\.practiceCode).chunks(of: 500) {
            for r in try await db.raw(
                """
                SELECT DISTINCT p.id, p.name, p.is_demo FROM people p JOIN person_roles r ON r.person_id = p.id
                WHERE r.organisation_code IN (\(binds: chunk)) AND r.valid_from <= \(bind: day.iso)
                  AND (r.valid_to IS NULL OR r.valid_to > \(bind: day.iso))
                """
            ).all(decoding: R.self, with: snakeCaseRows) where seen.insert(r.id).inserted {
                out.append((r.id, Layout.demoName(r.name, isDemo: r.isDemo)))
            }
        }
        return out.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
    }

    static func refuse(_ field: String, _ message: String) -> FieldProblem {
        var p = FieldProblem(field: field, message: message)
        p.status = .conflict
        return p
    }

    /// Nominates a person (or seconds their nomination) as the elector `nominator` of the roll.
    package static func nominate(
        _ e: Record, person: Int64?, nominator: Int64, now: Int64 = Timetable.now(), by user: CurrentUser,
        on database: any Database
    ) async throws {
        guard e.stage(at: now) == .nominations else {
            throw refuse("person", "nominations are not open: \(e.stage(at: now).label.lowercased())")
        }
        let db = Store.sql(database)
        guard let person, let name = try await eligible(e, on: db).first(where: { $0.id == person })?.name else {
            throw FieldProblem(field: "person", message: "choose someone from the list of those who may stand")
        }
        try await Store.write(database) { db in
            struct ID: Decodable { let id: Int64 }
            var candidate = try await db.raw(
                "SELECT id FROM election_candidates WHERE election_id = \(bind: e.id) AND person_id = \(bind: person)"
            ).first(decoding: ID.self)?.id
            if candidate == nil {
                candidate = try await db.raw(
                    """
                    INSERT INTO election_candidates (election_id, person_id, name, created_at)
                    VALUES (\(bind: e.id), \(bind: person), \(bind: name), \(bind: AuditChain.timestamp())) RETURNING id
                    """
                ).first(decoding: ID.self)?.id
            }
            guard let candidate else { throw refuse("person", "the nomination could not be saved; try again") }
            try await db.raw(
                """
                INSERT INTO election_nominations (candidate_id, roll_id) VALUES (\(bind: candidate), \(bind: nominator))
                ON CONFLICT (candidate_id, roll_id) DO NOTHING
                """
            ).run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "election.nominate", entity: "elections",
                entityID: String(e.id), after: ["candidate": name, "nominator": String(nominator)])
        }
    }

    /// Withdraws a candidate, before nominations close: the candidate themself or those who run it.
    package static func withdraw(
        _ e: Record, candidate: Int64?, runs: Bool, now: Int64 = Timetable.now(), by user: CurrentUser,
        on database: any Database
    ) async throws {
        let all = try await candidates(e.id, on: Store.sql(database))
        guard let c = all.first(where: { $0.id == candidate }), !c.withdrawn, e.kind != .motion else {
            throw FieldProblem(field: "candidate", message: "choose a standing candidate")
        }
        guard runs || (c.personID != nil && c.personID == user.personID) else {
            throw NotPermitted(description: "Only the candidate, or those who run the election, can withdraw them.")
        }
        guard [.notOpen, .nominations].contains(e.stage(at: now)) else {
            throw refuse("candidate", "withdrawals close when nominations close")
        }
        try await Store.write(database) { db in
            try await db.raw(
                "UPDATE election_candidates SET withdrawn_at = \(bind: AuditChain.timestamp()) WHERE id = \(bind: c.id)"
            ).run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "election.withdraw", entity: "elections",
                entityID: String(e.id), after: ["candidate": c.name])
        }
    }

    /// The returning officer's moves along the timetable: each brings the next moment forward to now.
    package enum Move: String, Sendable, CaseIterable {
        case openNominations = "open-nominations"
        case closeNominations = "close-nominations"
        case openVoting = "open-voting"
        case closeVoting = "close-voting"

        var from: Stage {
            switch self {
            case .openNominations: return .notOpen
            case .closeNominations: return .nominations
            case .openVoting: return .betweenStages
            case .closeVoting: return .voting
            }
        }

        var column: String {
            switch self {
            case .openNominations: return "nominations_open"
            case .closeNominations: return "nominations_close"
            case .openVoting: return "voting_open"
            case .closeVoting: return "voting_close"
            }
        }

        package var label: String {
            switch self {
            case .openNominations: return "Open nominations now"
            case .closeNominations: return "Close nominations now"
            case .openVoting: return "Open voting now"
            case .closeVoting: return "Close voting now"
            }
        }
    }

    package static func move(
        _ e: Record, _ move: Move?, now: Int64 = Timetable.now(), by user: CurrentUser, on database: any Database
    ) async throws {
        guard let move, move.from == e.stage(at: now) else {
            throw refuse("move", "the election is at \"\(e.stage(at: now).label)\"; that step is not the next one")
        }
        try await Store.write(database) { db in
            try await db.raw("UPDATE elections SET \(unsafeRaw: move.column) = \(bind: now) WHERE id = \(bind: e.id)")
                .run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "election.\(move.rawValue)", entity: "elections",
                entityID: String(e.id), after: [move.column: Timetable.long(now)])
            // The roll was told the old times: tell those yet to vote the new ones, once per step.
            let page = ElectionsURL.election(.value(e.id)).path
            let news: String
            switch move {
            case .openNominations: news = "Nominations opened early, at \(Timetable.long(now)) (UK time)."
            case .closeNominations: news = "Nominations closed early, at \(Timetable.long(now)) (UK time)."
            case .openVoting:
                news =
                    "Voting opened early, at \(Timetable.long(now)) (UK time); it closes at "
                    + "\(Timetable.long(e.votingClose)). The link in your ballot email works from now."
            case .closeVoting: news = "Voting closed early, at \(Timetable.long(now)) (UK time)."
            }
            let messages = try await EngagementSweep.reminders(
                .election, id: e.id, rollOn: e.rollOn, subject: "Timetable changed: \(e.title)",
                body: news + " The times in earlier messages no longer hold.", link: page, event: move.rawValue,
                on: db)
            for message in messages { try await Outbox.add(message, on: db) }
        }
    }

    /// Reads a ballot form: for a ranked count, `ranks[candidate id]` = 1, 2, … (no gaps or
    /// repeats); otherwise the chosen candidate ids. Returns the paper: candidate ids in order.
    package static func paper(
        _ e: Record, standing: [Candidate], ranks: [Int64: String], chosen: [String]
    ) throws -> String {
        let ids = Set(standing.map(\.id))
        if e.kind.ranks {
            var order: [(Int, Int64)] = []
            for (candidate, text) in ranks {
                let t = text.trimmingCharacters(in: .whitespaces)
                if t.isEmpty { continue }
                guard ids.contains(candidate), let n = Int(t), (1...ids.count).contains(n) else {
                    throw FieldProblem(field: "ballot", message: "number your preferences 1, 2, 3 …")
                }
                order.append((n, candidate))
            }
            order.sort { $0.0 < $1.0 }
            guard !order.isEmpty else { throw FieldProblem(field: "ballot", message: "put 1 by your first choice") }
            guard order.map(\.0) == Array(1...order.count) else {
                throw FieldProblem(
                    field: "ballot", message: "use each number once, from 1 with none missing (1, 2, 3 …)")
            }
            return order.map { String($0.1) }.joined(separator: " ")
        }
        let picks = Set(chosen.compactMap { Int64($0) })
        guard !picks.isEmpty, picks.isSubset(of: ids), picks.count == chosen.count else {
            throw FieldProblem(
                field: "ballot", message: e.kind == .approval ? "tick at least one candidate" : "choose one")
        }
        if e.kind != .approval && picks.count > 1 {
            throw FieldProblem(field: "ballot", message: "choose only one")
        }
        return picks.sorted().map(String.init).joined(separator: " ")
    }

    /// Casts a roll entry's vote (as many identical papers as the entry's weight).
    package static func vote(
        _ e: Record, roll: RollLine, paper: String, now: Int64 = Timetable.now(), on database: any Database
    ) async throws {
        guard e.stage(at: now) == .voting else {
            throw refuse("ballot", "voting is not open: \(e.stage(at: now).label.lowercased())")
        }
        do {
            try await Box.cast(.election, id: e.id, roll: roll.id, paper: paper, weight: roll.weight, on: database)
        } catch CastRefusal.alreadyDone {
            throw refuse("ballot", "this ballot has been cast already; each voter votes once")
        }
    }
}
