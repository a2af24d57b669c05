import Crypto
import Foundation

/// One entry of the audit log: who did what to which record, when, with the record before and
/// after as JSON text, linked to the previous entry by its hash.
public struct AuditRecord: Sendable, Codable, Equatable {
    /// 1, 2, 3… with no gaps.
    public var seq: Int
    /// UTC time as ISO 8601 text with milliseconds (`2026-11-25T12:00:00.000Z`).
    public var at: String
    /// The account or process that made the change (`user:alice`, `cli:import`).
    public var actor: String
    /// What was done, e.g. `federation.create`, `registry.import`.
    public var action: String
    /// The kind of record changed (`group`, `membership`, `user`, `import`).
    public var entity: String
    public var entityID: String
    public var before: String?
    public var after: String?
    public var previousHash: String
    public var hash: String

    public init(seq: Int, at: String, actor: String, action: String, entity: String, entityID: String,
                before: String?, after: String?, previousHash: String, hash: String) {
        self.seq = seq; self.at = at; self.actor = actor; self.action = action; self.entity = entity
        self.entityID = entityID; self.before = before; self.after = after
        self.previousHash = previousHash; self.hash = hash
    }
}

/// The hash chain that makes the audit log tamper-evident: each entry's hash covers its own
/// fields and the previous entry's hash, so editing, deleting or reordering any past entry
/// breaks every hash after it.
///
/// The hash is SHA-256 over the fields in a fixed order, each written as its UTF-8 byte length,
/// a colon, the bytes and a newline (absent values as `-`), so no two different entries share
/// an encoding.
public enum AuditChain {
    /// The `previousHash` of the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    public static func hash(seq: Int, at: String, actor: String, action: String, entity: String,
                            entityID: String, before: String?, after: String?, previousHash: String) -> String {
        var data = Data()
        func field(_ value: String?) {
            guard let value else { data.append(contentsOf: Array("-\n".utf8)); return }
            let bytes = Array(value.utf8)
            data.append(contentsOf: Array("\(bytes.count):".utf8))
            data.append(contentsOf: bytes)
            data.append(10)
        }
        field(String(seq)); field(at); field(actor); field(action); field(entity); field(entityID)
        field(before); field(after); field(previousHash)
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Makes the next entry after `previous` (nil for the first).
    public static func seal(after previous: (seq: Int, hash: String)?, at: String, actor: String, action: String,
                            entity: String, entityID: String, before: String?, after: String?) -> AuditRecord {
        let seq = (previous?.seq ?? 0) + 1
        let prevHash = previous?.hash ?? genesis
        let digest = hash(seq: seq, at: at, actor: actor, action: action, entity: entity, entityID: entityID,
                          before: before, after: after, previousHash: prevHash)
        return AuditRecord(seq: seq, at: at, actor: actor, action: action, entity: entity, entityID: entityID,
                           before: before, after: after, previousHash: prevHash, hash: digest)
    }

    /// The result of checking a log from its first entry.
    public enum Verification: Equatable, Sendable {
        /// Every entry checks out; `head` is the last entry's sequence number and hash (nil when empty).
        case intact(count: Int, head: (seq: Int, hash: String)?)
        /// The first entry that does not check out, and why.
        case broken(seq: Int, reason: String)

        public static func == (a: Verification, b: Verification) -> Bool {
            switch (a, b) {
            case let (.intact(c1, h1), .intact(c2, h2)): return c1 == c2 && h1?.seq == h2?.seq && h1?.hash == h2?.hash
            case let (.broken(s1, r1), .broken(s2, r2)): return s1 == s2 && r1 == r2
            default: return false
            }
        }
    }

    /// Incremental verifier, so that a log of any length can be checked while streaming it in
    /// sequence order.
    public struct Verifier: Sendable {
        private var previous: (seq: Int, hash: String)?
        private var count = 0
        public private(set) var failure: (seq: Int, reason: String)?

        public init() {}

        /// Checks the next entry; returns false (and records the failure) at the first break.
        public mutating func check(_ entry: AuditRecord) -> Bool {
            guard failure == nil else { return false }
            let expectedSeq = (previous?.seq ?? 0) + 1
            if entry.seq != expectedSeq {
                let missing = entry.seq > expectedSeq
                    ? "entries \(expectedSeq)…\(entry.seq - 1) are missing (deleted?)"
                    : "it repeats or reorders an earlier sequence number (expected \(expectedSeq))"
                failure = (entry.seq, "entry \(entry.seq) does not follow entry \(expectedSeq - 1): \(missing)")
                return false
            }
            let expectedPrevious = previous?.hash ?? AuditChain.genesis
            if entry.previousHash != expectedPrevious {
                failure = (entry.seq, "entry \(entry.seq) does not link to entry \(expectedSeq - 1): its previous hash is \(entry.previousHash.prefix(12))…, but entry \(expectedSeq - 1) hashes to \(expectedPrevious.prefix(12))… (an earlier entry was changed or removed)")
                return false
            }
            let recomputed = AuditChain.hash(seq: entry.seq, at: entry.at, actor: entry.actor, action: entry.action,
                                             entity: entry.entity, entityID: entry.entityID, before: entry.before,
                                             after: entry.after, previousHash: entry.previousHash)
            if recomputed != entry.hash {
                failure = (entry.seq, "entry \(entry.seq) has been altered: its contents hash to \(recomputed.prefix(12))…, not the recorded \(entry.hash.prefix(12))…")
                return false
            }
            previous = (entry.seq, entry.hash)
            count += 1
            return true
        }

        public var result: Verification {
            if let failure { return .broken(seq: failure.seq, reason: failure.reason) }
            return .intact(count: count, head: previous)
        }
    }

    public static func verify(_ entries: some Sequence<AuditRecord>) -> Verification {
        var verifier = Verifier()
        for entry in entries where !verifier.check(entry) { break }
        return verifier.result
    }

    /// ISO 8601 UTC text with milliseconds for a moment (now by default), as the log and every
    /// table's `…_at` column store it.
    public static func timestamp(_ date: Date = Date()) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = Int(millis / 1000)
        let day = Day(ordinal: Int((Double(seconds) / 86_400).rounded(.down)))
        let secondOfDay = seconds - day.ordinal * 86_400
        return String(format: "%@T%02d:%02d:%02d.%03dZ", day.iso, secondOfDay / 3600, (secondOfDay / 60) % 60,
                      secondOfDay % 60, Int(millis % 1000 + 1000) % 1000)
    }
}
