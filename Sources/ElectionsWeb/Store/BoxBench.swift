import ConsortCore
import ConsortWeb
import Fluent
import Foundation
import SQLKit

/// What `consort bench ballots` measures on: a generated poll whose box is nearly full.
package enum BoxBench {
    /// Makes a poll of `voters` generated roll entries, all but `waiting` of whom have voted (their
    /// papers put in directly). Returns the poll and the roll entries still to vote.
    package static func poll(voters: Int, waiting: Int, on database: any Database) async throws
        -> (id: Int64, waiting: [Int64])
    {
        let sql = Store.sql(database)
        try await sql.raw(
            """
            INSERT INTO elections (title, body_code, group_codes, method, seats, electorate, weighting, roll_on, \
            roll_note, voting_open, voting_close, box_version, is_demo, created_by, created_at)
            VALUES ('Bench (generated)', 'BENCH', 'BENCH', 'fptp', 1, 'people', 'one', '2026-01-01', 'generated', 0, \
            \(bind: Int64.max), 0, \(bind: true), 'bench', 'bench')
            """
        ).run()
        struct ID: Decodable { let id: Int64 }
        let id = try await sql.raw("SELECT MAX(id) AS id FROM elections").first(decoding: ID.self)?.id ?? 0
        try await Store.insert(
            into: "engagement_roll", columns: ["poll", "poll_id", "label", "weight", "done"],
            rows: (0..<voters).map { ["election", id, "Voter \($0) (generated)", 1, $0 < voters - waiting] }, on: sql)
        var random = SystemRandomNumberGenerator()
        try await Store.insert(
            into: "engagement_papers", columns: ["poll", "poll_id", "slot", "paper"],
            rows: (0..<(voters - waiting)).map { _ in
                ["election", id, Box.slot(&random), String(Int.random(in: 1...5, using: &random))]
            }, on: sql)
        let roll = try await sql.raw(
            "SELECT id FROM engagement_roll WHERE poll_id = \(bind: id) AND done = \(bind: false) ORDER BY id"
        ).all(decoding: ID.self)
        return (id, roll.map(\.id))
    }

    /// The reference: one paper put in an ordinary row, in its own transaction.
    package static func plainInsert(_ k: Int, on database: any Database) async throws {
        try await Store.write(database) { tx in
            try await tx.raw(
                "INSERT INTO engagement_papers (poll, poll_id, slot, paper) VALUES ('plain', 0, \(bind: "\(k)"), '3')"
            ).run()
        }
    }
}
