import ConsortCore
import ConsortWeb
import Fluent
import Foundation
import SQLKit

/// An election or a survey: the two kinds of poll share the roll and the box.
package enum Poll: String, Sendable {
    case election, survey

    var table: String { self == .election ? "elections" : "surveys" }
}

/// Why a paper was not put in the box.
package enum CastRefusal: Error, Sendable, Equatable {
    /// This roll entry has voted (or answered) already.
    case alreadyDone
}

/// The ballot box. A paper records only what was chosen: no voter (except in a named survey), no
/// time. Each cast, in one transaction: locks the poll (casts in a poll run one at a time, on
/// SQLite and PostgreSQL alike), marks the roll entry done only if it was not (so one credential
/// casts once however many requests arrive together), rewrites all of the poll's papers in a new
/// random order with new random slots, and rewrites every roll entry of the poll, so that the
/// order of rows and PostgreSQL's row versions pair no voter with a paper.
package enum Box {
    /// Puts `papers` (a weighted vote is several identical papers) in the box for roll entry `roll`.
    package static func cast(
        _ poll: Poll, id: Int64, roll: Int64, papers: [String], named: Bool = false, on database: any Database
    ) async throws {
        try await Store.write(database) { db in
            try await db.raw(
                "UPDATE \(unsafeRaw: poll.table) SET box_version = box_version + 1 WHERE id = \(bind: id)"
            ).run()
            struct ID: Decodable { let id: Int64 }
            let marked = try await db.raw(
                """
                UPDATE engagement_roll SET done = \(bind: true)
                WHERE id = \(bind: roll) AND poll = \(bind: poll.rawValue) AND poll_id = \(bind: id) \
                AND done = \(bind: false)
                RETURNING id
                """
            ).first(decoding: ID.self)
            guard marked != nil else { throw CastRefusal.alreadyDone }
            struct Paper: Decodable {
                let rollId: Int64?
                let paper: String
            }
            var all = try await db.raw(
                """
                SELECT roll_id, paper FROM engagement_papers \
                WHERE poll = \(bind: poll.rawValue) AND poll_id = \(bind: id)
                """
            ).all(decoding: Paper.self, with: snakeCaseRows).map { ($0.rollId, $0.paper) }
            all += papers.map { (named ? roll : nil, $0) }
            try await db.raw(
                "DELETE FROM engagement_papers WHERE poll = \(bind: poll.rawValue) AND poll_id = \(bind: id)"
            ).run()
            var random = SystemRandomNumberGenerator()
            let slotted = all.map { (slot: slot(&random), paper: $0) }.sorted { $0.slot < $1.slot }
            try await Store.insert(
                into: "engagement_papers", columns: ["poll", "poll_id", "slot", "roll_id", "paper"],
                rows: slotted.map { [poll.rawValue, id, $0.slot, $0.paper.0, $0.paper.1] }, on: db)
            try await db.raw(
                "UPDATE engagement_roll SET done = done WHERE poll = \(bind: poll.rawValue) AND poll_id = \(bind: id)"
            ).run()
        }
    }

    /// A random slot: 128 bits as 32 hexadecimal digits.
    package static func slot(_ random: inout SystemRandomNumberGenerator) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 32)
        for half in 0..<2 {
            var bits = random.next() as UInt64
            for i in 0..<16 {
                out[half * 16 + i] = digits[Int(bits & 15)]
                bits >>= 4
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The poll's papers in slot order (random; it says nothing of when each was cast).
    package static func papers(_ poll: Poll, id: Int64, on db: any SQLDatabase) async throws
        -> [(roll: Int64?, paper: String)]
    {
        struct Paper: Decodable {
            let rollId: Int64?
            let paper: String
        }
        return try await db.raw(
            """
            SELECT roll_id, paper FROM engagement_papers WHERE poll = \(bind: poll.rawValue) AND poll_id = \(bind: id)
            ORDER BY slot
            """
        ).all(decoding: Paper.self, with: snakeCaseRows).map { ($0.rollId, $0.paper) }
    }
}
