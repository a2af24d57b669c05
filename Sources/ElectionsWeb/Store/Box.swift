import ConsortCore
import ConsortWeb
import Crypto
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

/// The ballot box. A paper records only what was chosen and its weight: no voter (except in a
/// named survey), no time. Each cast is one transaction that locks the poll (casts in a poll run
/// one at a time, on SQLite and PostgreSQL alike), marks the roll entry done only if it was not
/// (so one credential casts once however many requests arrive together), and adds one paper,
/// sealed.
///
/// The mark and the paper are written in the same commit, so a copy of the database's files
/// (SQLite's write-ahead log, PostgreSQL's WAL) shows which sealed paper came with which voter;
/// sealing is what keeps the choice secret there. A paper is AES-GCM ciphertext under a key
/// derived from the audit key, which is kept outside the database, with a random nonce (two equal
/// papers do not look equal), bound to its poll, and padded to a multiple of `block` bytes (its
/// length says nothing of a short ranking). Only the server, holding the key, opens papers: to
/// count, and to show a survey's results. Whoever holds both the database files and the audit
/// key can pair voters with papers; `docs/engagement.md` says so.
package enum Box {
    /// Papers are padded to a multiple of this many bytes before sealing.
    static let block = 128

    /// Puts a paper in the box for roll entry `roll`, counted `weight` times (a vote weighted by
    /// practice list size is one paper of that weight).
    package static func cast(
        _ poll: Poll, id: Int64, roll: Int64, paper: String, weight: Int = 1, named: Bool = false,
        on database: any Database
    ) async throws {
        let sealed = try seal(paper, poll: poll, id: id)
        var random = SystemRandomNumberGenerator()
        let slot = slot(&random)
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
            try await db.raw(
                """
                INSERT INTO engagement_papers (poll, poll_id, slot, roll_id, paper, weight, sealed)
                VALUES (\(bind: poll.rawValue), \(bind: id), \(bind: slot), \(bind: named ? roll : nil), \
                \(bind: sealed), \(bind: max(1, weight)), \(bind: true))
                """
            ).run()
        }
    }

    static func key() throws -> SymmetricKey { try AuditKeyring.require().derived(for: "consort ballot papers v1") }

    /// A paper sealed for its poll: padded with spaces after a newline to a multiple of `block`
    /// bytes, then AES-GCM with a random nonce and the poll as authenticated data.
    static func seal(_ paper: String, poll: Poll, id: Int64) throws -> String {
        var bytes = Array(paper.utf8) + [10]
        bytes += [UInt8](repeating: 32, count: (block - bytes.count % block) % block)
        let box = try AES.GCM.seal(bytes, using: key(), authenticating: Data("\(poll.rawValue):\(id)".utf8))
        guard let combined = box.combined else { throw CorruptValue(description: "a paper could not be sealed") }
        return combined.base64EncodedString()
    }

    /// Opens a sealed paper of the poll; an error naming the poll when it does not open (altered,
    /// moved from another poll, or sealed with another key).
    static func open(_ sealed: String, poll: Poll, id: Int64) throws -> String {
        guard let data = Data(base64Encoded: sealed),
            let box = try? AES.GCM.SealedBox(combined: data),
            let bytes = try? AES.GCM.open(box, using: key(), authenticating: Data("\(poll.rawValue):\(id)".utf8)),
            let end = bytes.lastIndex(of: 10)
        else {
            throw CorruptValue(
                description: "a paper in the box of \(poll.rawValue) \(id) does not open: it was altered, moved from "
                    + "another poll, or sealed with another audit key")
        }
        return String(decoding: bytes[..<end], as: UTF8.self)
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

    /// The poll's papers, opened, in slot order (random; it says nothing of when each was cast).
    package static func papers(_ poll: Poll, id: Int64, on db: any SQLDatabase) async throws
        -> [(roll: Int64?, paper: String, weight: Int)]
    {
        struct Paper: Decodable {
            let rollId: Int64?
            let paper: String
            let weight: Int
            let sealed: Bool
        }
        return try await db.raw(
            """
            SELECT roll_id, paper, weight, sealed FROM engagement_papers \
            WHERE poll = \(bind: poll.rawValue) AND poll_id = \(bind: id) ORDER BY slot
            """
        ).all(decoding: Paper.self, with: snakeCaseRows).map {
            ($0.rollId, $0.sealed ? try open($0.paper, poll: poll, id: id) : $0.paper, $0.weight)
        }
    }
}
