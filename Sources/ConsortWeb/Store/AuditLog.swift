import ConsortCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// Appends to and reads the keyed, hash-chained audit log. Appends run inside the transaction of
/// the change they record, so a change and its entry are written together or not at all.
package enum AuditLog {
    /// Who made a change: an account (`user:alice`) or a command (`cli:import`).
    package struct Actor: Sendable, Equatable, CustomStringConvertible {
        package let description: String
        package static func user(_ username: String) -> Actor { Actor(description: "user:\(username)") }
        package static func cli(_ command: String) -> Actor { Actor(description: "cli:\(command)") }

        package init(description: String) {
            self.description = description
        }
    }

    package struct Head: Decodable, Sendable {
        package let seq: Int
        package let hash: String
        package let chainId: String?
        package let keyId: String?

        package init(seq: Int, hash: String, chainId: String?, keyId: String?) {
            self.seq = seq
            self.hash = hash
            self.chainId = chainId
            self.keyId = keyId
        }
    }

    package static func head(on db: any SQLDatabase) async throws -> Head {
        guard
            let head = try await db.raw("SELECT seq, hash, chain_id, key_id FROM audit_head WHERE id = 1")
                .first(decoding: Head.self, with: snakeCaseRows)
        else {
            throw CorruptValue(description: "the audit_head row is missing; the audit log table has been tampered with")
        }
        return head
    }

    /// Records one change, keyed with the process's audit key. `before` and `after` are encoded
    /// as JSON with sorted keys.
    @discardableResult
    package static func append(
        on db: any SQLDatabase, actor: Actor, action: String, entity: String, entityID: String,
        before: (any Encodable)? = nil, after: (any Encodable)? = nil,
        now: Date = Date()
    ) async throws -> AuditRecord {
        let key = try AuditKeyring.require()
        let beforeText = try before.map { try json($0) }
        let afterText = try after.map { try json($0) }
        // Taking the head row's write lock first serialises appends across connections and instances.
        try await db.raw("UPDATE audit_head SET seq = seq WHERE id = 1").run()
        let head = try await head(on: db)
        if let keyId = head.keyId, keyId != key.id { throw AuditKeyMismatch(stored: keyId, given: key.id) }
        let record = AuditChain.seal(
            after: head.seq == 0 ? nil : (head.seq, head.hash), at: AuditChain.timestamp(now),
            actor: actor.description, action: action, entity: entity, entityID: entityID,
            before: beforeText, after: afterText, key: key)
        try await db.insert(into: "audit_entries")
            .columns(
                "seq", "recorded_at", "actor", "action", "entity", "entity_id", "before_json", "after_json",
                "previous_hash", "hash", "keyed"
            )
            .values(
                record.seq, record.at, record.actor, record.action, record.entity, record.entityID,
                record.before, record.after, record.previousHash, record.hash, true
            )
            .run()
        try await db.raw("UPDATE audit_head SET seq = \(bind: record.seq), hash = \(bind: record.hash) WHERE id = 1")
            .run()
        return record
    }

    package static func json(_ value: any Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    package struct Row: Decodable, Sendable {
        package let seq: Int
        package let recordedAt: String
        package let actor: String
        package let action: String
        package let entity: String
        package let entityId: String
        package let beforeJson: String?
        package let afterJson: String?
        package let previousHash: String
        package let hash: String
        package let keyed: Bool

        package var record: AuditRecord {
            AuditRecord(
                seq: seq, at: recordedAt, actor: actor, action: action, entity: entity, entityID: entityId,
                before: beforeJson, after: afterJson, previousHash: previousHash, hash: hash, keyed: keyed)
        }

        package init(
            seq: Int, recordedAt: String, actor: String, action: String, entity: String, entityId: String,
            beforeJson: String?, afterJson: String?, previousHash: String, hash: String, keyed: Bool
        ) {
            self.seq = seq
            self.recordedAt = recordedAt
            self.actor = actor
            self.action = action
            self.entity = entity
            self.entityId = entityId
            self.beforeJson = beforeJson
            self.afterJson = afterJson
            self.previousHash = previousHash
            self.hash = hash
            self.keyed = keyed
        }
    }

    package static let columns: SQLQueryString = """
        seq, recorded_at, actor, action, entity, entity_id, before_json, after_json, previous_hash, hash, keyed
        """

    /// Checks the whole chain in pages of 2,000 entries, in sequence order, with `key`; then the
    /// head row; then the checkpoints written outside the database.
    package static func verify(on db: any SQLDatabase, key: AuditKey, checkpoints: AuditCheckpoints.Reading?)
        async throws -> AuditReport
    {
        var verifier = AuditChain.Verifier(key: key)
        var after = 0
        while true {
            let rows = try await db.raw(
                "SELECT \(columns) FROM audit_entries WHERE seq > \(bind: after) ORDER BY seq LIMIT 2000"
            )
            .all(decoding: Row.self, with: snakeCaseRows)
            guard let last = rows.last else { break }
            for row in rows where !verifier.check(row.record) {
                return AuditReport(
                    result: verifier.result, legacyEntries: verifier.legacyEntries, checkpoints: checkpoints)
            }
            after = last.seq
        }
        var result = verifier.result
        if case .intact(let count, _) = result, count > 0, verifier.legacyEntries == count {
            result = .broken(
                seq: 0,
                reason: "none of its \(count) entries is keyed with the audit key, and no entry anchors them under it: "
                    + "it was written before audit keys or rewritten without the key. If it is the log of a release "
                    + "before audit keys, anchor it with consort audit anchor")
        }
        let head = try await head(on: db)
        // Entries removed from the end leave the head row pointing past the last entry.
        if case .intact(_, let last) = result, head.seq != (last?.seq ?? 0) || (head.seq > 0 && head.hash != last?.hash)
        {
            let lastSeq = last?.seq ?? 0
            result = .broken(
                seq: lastSeq + 1,
                reason:
                    "the log ends at entry \(lastSeq), but entry \(head.seq) was written (value "
                    + "\(head.hash.prefix(12))…): entries \(lastSeq + 1)…\(head.seq) have been deleted"
            )
        }
        if case .intact(let count, let last) = result, let checkpoints {
            if let problem = try await checkpoints.problem(chain: head.chainId ?? "", count: count, last: last, on: db)
            {
                result = .broken(seq: problem.seq, reason: problem.reason)
            }
        }
        return AuditReport(result: result, legacyEntries: verifier.legacyEntries, checkpoints: checkpoints)
    }

    /// At start: makes sure the log is written with `key` from now on. A log already keyed with
    /// another key stops the start, since entries written with two keys could not be verified. A
    /// log with entries but none keyed (written before keys by an earlier release, or rewritten
    /// by someone without the key) stops it too, unless `anchor` is set (`consort audit anchor`,
    /// which the operator runs after checking the log): then its plain chain is checked and a
    /// keyed entry that records its length, head and state is appended. Anchoring is never done
    /// by itself, so a log replaced by one without the key cannot be made to verify by starting
    /// Consort.
    package static func prepareKey(
        _ key: AuditKey, on database: any Database, checkpoints: AuditCheckpoints, anchor: Bool = false
    ) async throws {
        let db = Store.sql(database)
        let head = try await head(on: db)
        if let keyId = head.keyId, keyId != key.id { throw AuditKeyMismatch(stored: keyId, given: key.id) }
        struct Count: Decodable { package let n: Int }
        let keyed =
            try await db.raw("SELECT COUNT(*) AS n FROM audit_entries WHERE keyed = \(bind: true)").first(
                decoding: Count.self)?.n ?? 0
        let needsAnchor = head.seq > 0 && keyed == 0
        if needsAnchor, !anchor { throw AuditNeedsAnchor(entries: head.seq) }
        guard needsAnchor || head.keyId == nil else { return }
        let anchored: AuditRecord? = try await Store.write(database) { db in
            try await db.raw("UPDATE audit_head SET key_id = \(bind: key.id) WHERE id = 1").run()
            guard needsAnchor else { return nil }
            var plain = AuditChain.Verifier()
            var after = 0
            scan: while true {
                let rows = try await db.raw(
                    "SELECT \(columns) FROM audit_entries WHERE seq > \(bind: after) ORDER BY seq LIMIT 2000"
                )
                .all(decoding: Row.self, with: snakeCaseRows)
                guard let last = rows.last else { break }
                for row in rows where !plain.check(row.record) { break scan }
                after = last.seq
            }
            struct Anchor: Encodable {
                package let unkeyedEntries: Int
                package let unkeyedHead: String
                package let unkeyedChain: String
            }
            let state: String
            switch plain.result {
            case .intact: state = "intact"
            case .broken(let seq, let reason): state = "broken at entry \(seq): \(reason)"
            }
            return try await append(
                on: db, actor: .cli("audit anchor"), action: AuditChain.reanchorAction,
                entity: "audit",
                entityID: head.chainId ?? "",
                after: Anchor(unkeyedEntries: head.seq, unkeyedHead: head.hash, unkeyedChain: state))
        }
        if let anchored {
            try checkpoints.write(
                AuditCheckpoint.make(
                    chain: head.chainId ?? "", kind: .anchor, seq: anchored.seq, hash: anchored.hash, key: key),
                logger: database.logger)
        }
    }

    /// One page of entries, newest first.
    package static func page(
        on db: any SQLDatabase, offset: Int, limit: Int, entity: String? = nil, entityID: String? = nil
    ) async throws -> (rows: [Row], total: Int) {
        var filter = SQLQueryString("")
        if let entity {
            filter = "WHERE entity = \(bind: entity)"
            if let entityID { filter = "WHERE entity = \(bind: entity) AND entity_id = \(bind: entityID)" }
        }
        struct Count: Decodable { package let n: Int }
        let total =
            try await db.raw("SELECT COUNT(*) AS n FROM audit_entries \(filter)").first(decoding: Count.self)?.n ?? 0
        let rows = try await db.raw(
            """
            SELECT \(columns) FROM audit_entries \(filter) ORDER BY seq DESC LIMIT \(bind: limit) OFFSET \(bind: offset)
            """
        ).all(decoding: Row.self, with: snakeCaseRows)
        return (rows, total)
    }
}

/// What `consort audit verify` reports: the chain's state, how many entries predate the key,
/// and the checkpoints it was compared with.
public struct AuditReport: Sendable {
    public let result: AuditChain.Verification
    /// Entries written before the audit key (plain SHA-256), re-anchored by the first keyed entry.
    public let legacyEntries: Int
    /// The checkpoint file read, with how many valid checkpoints it held for this log.
    public let checkpointFile: String?
    public let checkpointCount: Int
    public let newestCheckpoint: AuditCheckpoint?

    package init(result: AuditChain.Verification, legacyEntries: Int, checkpoints: AuditCheckpoints.Reading?) {
        self.result = result
        self.legacyEntries = legacyEntries
        checkpointFile = checkpoints?.path
        checkpointCount = checkpoints?.lines.count ?? 0
        newestCheckpoint = checkpoints?.lines.max { $0.seq < $1.seq }
    }
}

/// The audit log has entries and none is keyed: it was written before audit keys, or rewritten
/// by someone without the key. Consort does not start on it until the operator anchors it.
package struct AuditNeedsAnchor: Error, CustomStringConvertible {
    package let entries: Int
    package var description: String {
        "the audit log's \(entries) entries are none of them keyed with the audit key: it was written by a release "
            + "before audit keys, or rewritten by someone without the key. Check it (consort audit verify), then "
            + "anchor it under the key with consort audit anchor; Consort does not start on it until then."
    }

    package init(entries: Int) { self.entries = entries }
}

/// An instance was started with a key other than the one the log is written with.
package struct AuditKeyMismatch: Error, CustomStringConvertible {
    package let stored: String
    package let given: String
    package var description: String {
        "this database's audit log is written with the audit key \(stored), but this instance has the key \(given). "
            + "Give every instance the same key (CONSORT_AUDIT_KEY or the key file); a new key cannot continue an "
            + "existing log."
    }

    package init(stored: String, given: String) {
        self.stored = stored
        self.given = given
    }
}

/// The audit key of this process, installed once at configuration: every application of the
/// process (there is one, except in tests, which all use the same test key) writes with it.
package enum AuditKeyring {
    private static let box = NIOLockedValueBox<AuditKey?>(nil)

    package static func install(_ key: AuditKey) throws {
        try box.withLockedValue { current in
            if let current, current != key {
                throw AuditKeyMismatch(stored: current.id, given: key.id)
            }
            current = key
        }
    }

    package static func require() throws -> AuditKey {
        guard let key = box.withLockedValue({ $0 }) else {
            throw CorruptValue(description: "no audit key is installed; Consort was not configured")
        }
        return key
    }
}
