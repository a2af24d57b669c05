import ConsortCore
import ConsortWeb
import Elections
import Fluent
import Foundation
import SQLKit

extension ElectionStore {
    /// The election's papers as a BLT election: standing candidates in the order they were
    /// nominated, identical papers merged and sorted by their content, no ballot ids. Nothing in
    /// it depends on who voted or when.
    package static func ballots(_ e: Record, on db: any SQLDatabase) async throws -> Election {
        let standing = try await candidates(e.id, on: db).filter { $0.stands(motion: e.kind == .motion) }
        let index = Dictionary(uniqueKeysWithValues: standing.enumerated().map { ($1.id, $0) })
        var counts: [[Int]: Int] = [:]
        for (_, paper, weight) in try await Box.papers(.election, id: e.id, on: db) {
            let order = paper.split(separator: " ").compactMap { Int64($0).flatMap { index[$0] } }
            if !order.isEmpty { counts[order, default: 0] += weight }
        }
        let ballots = counts.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map {
            Election.Ballot(multiplier: $0.value, $0.key)
        }
        return Election(
            title: e.title, seats: min(e.seats, max(1, standing.count)), candidates: standing.map(\.name),
            ballots: ballots)
    }

    /// Counts a closed election and keeps the result with it.
    package static func count(
        _ e: Record, now: Int64 = Timetable.now(), by user: CurrentUser, on database: any Database
    ) async throws {
        guard e.stage(at: now) == .closed else {
            throw refuse("count", "an election is counted once voting has closed and only once")
        }
        let db = Store.sql(database)
        let election = try await ballots(e, on: db)
        let roll = try await roll(.election, id: e.id, on: db)
        var result = ElectionResult(
            sheet: nil, unopposed: nil, motion: nil, papers: election.paperCount, voted: roll.filter(\.done).count,
            onRoll: roll.count)
        if e.kind == .motion {
            let votes = election.ballots.reduce(into: [0, 0]) { v, b in
                if let first = b.ranking.first?.first, first < 2 { v[first] += b.multiplier }
            }
            result.motion = MotionResult(votesFor: votes[0], votesAgainst: votes[1])
        } else if election.candidates.count <= e.seats {
            result.unopposed = election.candidates
        } else {
            do {
                result.sheet = try election.count(e.kind.count)
            } catch {
                throw refuse("count", "the papers cannot be counted: \(error.reason)")
            }
        }
        let final = result
        let json = String(decoding: try JSONEncoder().encode(final), as: UTF8.self)
        let summary =
            final.motion?.summary ?? final.unopposed.map { "unopposed: " + $0.joined(separator: ", ") }
            ?? "elected: " + (final.sheet?.elected ?? []).joined(separator: ", ")
        try await Store.write(database) { db in
            try await db.raw(
                """
                UPDATE elections SET sheet = \(bind: json), counted_at = \(bind: AuditChain.timestamp()), \
                counted_by = \(bind: user.username) WHERE id = \(bind: e.id) AND counted_at IS NULL
                """
            ).run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "election.count", entity: "elections",
                entityID: String(e.id), after: ["result": summary, "papers": String(final.papers)])
        }
    }
}
