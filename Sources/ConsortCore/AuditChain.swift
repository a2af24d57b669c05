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
    /// Whether `hash` is an HMAC keyed with the installation's audit key (every entry since the
    /// key was introduced), or a plain SHA-256 (entries written before it).
    public var keyed: Bool

    public init(
        seq: Int, at: String, actor: String, action: String, entity: String, entityID: String,
        before: String?, after: String?, previousHash: String, hash: String, keyed: Bool = false
    ) {
        self.seq = seq
        self.at = at
        self.actor = actor
        self.action = action
        self.entity = entity
        self.entityID = entityID
        self.before = before
        self.after = after
        self.previousHash = previousHash
        self.hash = hash
        self.keyed = keyed
    }
}

/// The secret that keys the audit log's chain. It is kept outside the database (an environment
/// variable or a key file), so that someone who can write to the database cannot compute the
/// chain values of forged entries.
public struct AuditKey: Sendable, Equatable {
    let key: SymmetricKey

    public static func == (a: AuditKey, b: AuditKey) -> Bool { a.id == b.id }

    /// A key for another purpose derived from this one (HKDF-SHA256, RFC 5869), so that the
    /// audit key itself signs only the log.
    public func derived(for purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data(purpose.utf8), outputByteCount: 32)
    }

    /// A key from its text: 64 hexadecimal digits (32 bytes) or more.
    public init?(text: String) {
        let hex = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard hex.count >= 64, hex.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.count / 2)
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        key = SymmetricKey(data: bytes)
    }

    /// A new random key of 32 bytes.
    public static func generate() -> AuditKey {
        AuditKey(key: SymmetricKey(size: .bits256))
    }

    private init(key: SymmetricKey) { self.key = key }

    /// The key as 64 hexadecimal digits, as the key file holds it.
    public var text: String { key.withUnsafeBytes { Array($0) }.map { String(format: "%02x", $0) }.joined() }

    /// A public fingerprint of the key (16 hex digits), recorded in the database so that an
    /// instance started with another key refuses to write.
    public var id: String { String(mac(Data("consort-audit-key-id".utf8)).prefix(16)) }

    /// HMAC-SHA-256 of `data`, hex.
    public func mac(_ data: Data) -> String {
        HMAC<SHA256>.authenticationCode(for: data, using: key).map { String(format: "%02x", $0) }.joined()
    }
}

/// The chain that makes the audit log tamper-evident: each entry's chain value covers its own
/// fields and the previous entry's value, so editing, deleting or reordering any past entry
/// breaks every value after it; and the value is an HMAC keyed with a secret kept outside the
/// database, so that someone who can write to the database cannot recompute the chain after
/// an edit.
///
/// The value is HMAC-SHA-256 (SHA-256 for entries written before the key was introduced) over
/// the fields in a fixed order, each written as its UTF-8 byte length, a colon, the bytes and a
/// newline (absent values as `-`), so no two different entries share an encoding.
public enum AuditChain {
    /// The `previousHash` of the first entry.
    public static let genesis = String(repeating: "0", count: 64)
    /// The action of the entry that starts the keyed chain after entries written before the key.
    public static let reanchorAction = "audit.reanchor"

    /// The chain value: HMAC-SHA-256 with `key`, or plain SHA-256 without one (entries from
    /// before the key).
    public static func hash(
        seq: Int, at: String, actor: String, action: String, entity: String,
        entityID: String, before: String?, after: String?, previousHash: String, key: AuditKey? = nil
    ) -> String {
        var data = Data()
        func field(_ value: String?) {
            guard let value else {
                data.append(contentsOf: Array("-\n".utf8))
                return
            }
            let bytes = Array(value.utf8)
            data.append(contentsOf: Array("\(bytes.count):".utf8))
            data.append(contentsOf: bytes)
            data.append(10)
        }
        field(String(seq))
        field(at)
        field(actor)
        field(action)
        field(entity)
        field(entityID)
        field(before)
        field(after)
        field(previousHash)
        if let key { return key.mac(data) }
        return SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Makes the next entry after `previous` (nil for the first), keyed with `key` (nil only
    /// to make entries as they were before keys, in tests of upgrades).
    public static func seal(
        after previous: (seq: Int, hash: String)?, at: String, actor: String, action: String,
        entity: String, entityID: String, before: String?, after: String?, key: AuditKey?
    ) -> AuditRecord {
        let seq = (previous?.seq ?? 0) + 1
        let prevHash = previous?.hash ?? genesis
        let digest = hash(
            seq: seq, at: at, actor: actor, action: action, entity: entity, entityID: entityID,
            before: before, after: after, previousHash: prevHash, key: key)
        return AuditRecord(
            seq: seq, at: at, actor: actor, action: action, entity: entity, entityID: entityID,
            before: before, after: after, previousHash: prevHash, hash: digest, keyed: key != nil)
    }

    /// The result of checking a log from its first entry.
    public enum Verification: Equatable, Sendable {
        /// Every entry checks out; `head` is the last entry's sequence number and hash (nil when empty).
        case intact(count: Int, head: (seq: Int, hash: String)?)
        /// The first entry that does not check out, and why.
        case broken(seq: Int, reason: String)

        public static func == (a: Verification, b: Verification) -> Bool {
            switch (a, b) {
            case (.intact(let c1, let h1), .intact(let c2, let h2)):
                return c1 == c2 && h1?.seq == h2?.seq && h1?.hash == h2?.hash
            case (.broken(let s1, let r1), .broken(let s2, let r2)): return s1 == s2 && r1 == r2
            default: return false
            }
        }
    }

    /// Incremental verifier, so that a log of any length can be checked while streaming it in
    /// sequence order.
    public struct Verifier: Sendable {
        private let key: AuditKey?
        private var previous: (seq: Int, hash: String)?
        private var count = 0
        private var sawKeyed = false
        public private(set) var failure: (seq: Int, reason: String)?
        /// How many entries were written before the key (plain SHA-256), all before the first keyed one.
        public private(set) var legacyEntries = 0

        /// A verifier for a log keyed with `key`; entries written before the key must all come
        /// first, followed by a re-anchoring entry. Without a key only unkeyed entries verify.
        public init(key: AuditKey? = nil) { self.key = key }

        /// Checks the next entry; returns false (and records the failure) at the first break.
        public mutating func check(_ entry: AuditRecord) -> Bool {
            guard failure == nil else { return false }
            let expectedSeq = (previous?.seq ?? 0) + 1
            if entry.seq != expectedSeq {
                let missing =
                    entry.seq > expectedSeq
                    ? "entries \(expectedSeq)…\(entry.seq - 1) are missing (deleted?)"
                    : "it repeats or reorders an earlier sequence number (expected \(expectedSeq))"
                failure = (entry.seq, "entry \(entry.seq) does not follow entry \(expectedSeq - 1): \(missing)")
                return false
            }
            let expectedPrevious = previous?.hash ?? AuditChain.genesis
            if entry.previousHash != expectedPrevious {
                failure = (
                    entry.seq,
                    "entry \(entry.seq) does not link to entry \(expectedSeq - 1): its previous hash is "
                        + "\(entry.previousHash.prefix(12))…, but entry \(expectedSeq - 1) hashes to "
                        + "\(expectedPrevious.prefix(12))… (an earlier entry was changed or removed)"
                )
                return false
            }
            if entry.keyed {
                guard let key else {
                    failure = (entry.seq, "entry \(entry.seq) is keyed, and no audit key was given to check it with")
                    return false
                }
                if !sawKeyed, legacyEntries > 0, entry.action != AuditChain.reanchorAction {
                    failure = (
                        entry.seq,
                        "entry \(entry.seq) is the first keyed entry after \(legacyEntries) unkeyed ones, but it is "
                            + "not the re-anchoring entry (\(AuditChain.reanchorAction))"
                    )
                    return false
                }
                let recomputed = AuditChain.hash(
                    seq: entry.seq, at: entry.at, actor: entry.actor, action: entry.action,
                    entity: entry.entity, entityID: entry.entityID, before: entry.before,
                    after: entry.after, previousHash: entry.previousHash, key: key)
                if recomputed != entry.hash {
                    failure = (
                        entry.seq,
                        "entry \(entry.seq) has been altered: its keyed chain value is not the recorded "
                            + "\(entry.hash.prefix(12))… (the entry was changed or forged without the audit key, or "
                            + "this is not the key the log was written with)"
                    )
                    return false
                }
                sawKeyed = true
            } else {
                if sawKeyed {
                    failure = (
                        entry.seq,
                        "entry \(entry.seq) is not keyed but follows keyed entries: it was forged without the audit key"
                    )
                    return false
                }
                let recomputed = AuditChain.hash(
                    seq: entry.seq, at: entry.at, actor: entry.actor, action: entry.action,
                    entity: entry.entity, entityID: entry.entityID, before: entry.before,
                    after: entry.after, previousHash: entry.previousHash)
                if recomputed != entry.hash {
                    failure = (
                        entry.seq,
                        "entry \(entry.seq) has been altered: its contents hash to \(recomputed.prefix(12))…, "
                            + "not the recorded \(entry.hash.prefix(12))…"
                    )
                    return false
                }
                legacyEntries += 1
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

    public static func verify(_ entries: some Sequence<AuditRecord>, key: AuditKey? = nil) -> Verification {
        var verifier = Verifier(key: key)
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
        return String(
            format: "%@T%02d:%02d:%02d.%03dZ", day.iso, secondOfDay / 3600, (secondOfDay / 60) % 60,
            secondOfDay % 60, Int(millis % 1000 + 1000) % 1000)
    }
}

/// A record of the audit log's head written outside the database (an append-only file and the
/// server log), so that deleting the newest entries, wiping the log or replacing the database
/// is detected: every checkpoint of a chain must still be found in it, entry and value.
///
/// One line of text: `consort-audit-checkpoint v1 <time> <chain> <kind> <seq> <value> <mac>`,
/// where the MAC (keyed with the audit key) covers the fields before it, so that a checkpoint
/// cannot be forged either.
public struct AuditCheckpoint: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The head after writes.
        case head
        /// The first keyed entry after entries written before the key.
        case anchor
        /// A restore from a backup: earlier checkpoints of the chain past this entry no longer apply.
        case restore
    }

    public let at: String
    public let chain: String
    public let kind: Kind
    public let seq: Int
    public let hash: String
    public let mac: String

    static let prefix = "consort-audit-checkpoint v1"

    /// A checkpoint of entry `seq` (value `hash`) of `chain`, signed with `key`.
    public static func make(
        chain: String, kind: Kind, seq: Int, hash: String, key: AuditKey, at: String = AuditChain.timestamp()
    ) -> AuditCheckpoint {
        let mac = key.mac(Data(signed(at: at, chain: chain, kind: kind, seq: seq, hash: hash).utf8))
        return AuditCheckpoint(at: at, chain: chain, kind: kind, seq: seq, hash: hash, mac: mac)
    }

    private static func signed(at: String, chain: String, kind: Kind, seq: Int, hash: String) -> String {
        "\(prefix) \(at) \(chain) \(kind.rawValue) \(seq) \(hash)"
    }

    /// The line as the checkpoint file holds it.
    public var line: String { Self.signed(at: at, chain: chain, kind: kind, seq: seq, hash: hash) + " " + mac }

    /// Reads a line; nil when it is not a checkpoint line at all.
    public static func parse(_ line: some StringProtocol) -> AuditCheckpoint? {
        let parts = line.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 8, parts[0] == "consort-audit-checkpoint", parts[1] == "v1",
            let kind = Kind(rawValue: String(parts[4])),
            let seq = Int(parts[5]), seq >= 0
        else { return nil }
        return AuditCheckpoint(
            at: String(parts[2]), chain: String(parts[3]), kind: kind, seq: seq, hash: String(parts[6]),
            mac: String(parts[7]))
    }

    /// Whether the line was signed with `key`.
    public func isSigned(by key: AuditKey) -> Bool {
        key.mac(Data(Self.signed(at: at, chain: chain, kind: kind, seq: seq, hash: hash).utf8)) == mac
    }
}
