import ConsortCore
import Foundation
import SQLKit

/// Appends to and reads the hash-chained audit log. Appends run inside the transaction of the
/// change they record, so a change and its entry are written together or not at all.
enum AuditLog {
    /// Who made a change: an account (`user:alice`) or a command (`cli:import`).
    struct Actor: Sendable, Equatable, CustomStringConvertible {
        let description: String
        static func user(_ username: String) -> Actor { Actor(description: "user:\(username)") }
        static func cli(_ command: String) -> Actor { Actor(description: "cli:\(command)") }
    }

    private struct Head: Decodable { let seq: Int; let hash: String }

    /// Records one change. `before` and `after` are encoded as JSON with sorted keys.
    @discardableResult
    static func append(on db: any SQLDatabase, actor: Actor, action: String, entity: String, entityID: String,
                       before: (any Encodable)? = nil, after: (any Encodable)? = nil,
                       now: Date = Date()) async throws -> AuditRecord {
        let beforeText = try before.map { try json($0) }
        let afterText = try after.map { try json($0) }
        // Taking the head row's write lock first serialises appends across connections and instances.
        try await db.raw("UPDATE audit_head SET seq = seq WHERE id = 1").run()
        guard let head = try await db.raw("SELECT seq, hash FROM audit_head WHERE id = 1").first(decoding: Head.self) else {
            throw CorruptValue(description: "the audit_head row is missing; the audit log table has been tampered with")
        }
        let record = AuditChain.seal(after: head.seq == 0 ? nil : (head.seq, head.hash), at: AuditChain.timestamp(now),
                                     actor: actor.description, action: action, entity: entity, entityID: entityID,
                                     before: beforeText, after: afterText)
        try await db.insert(into: "audit_entries")
            .columns("seq", "recorded_at", "actor", "action", "entity", "entity_id", "before_json", "after_json", "previous_hash", "hash")
            .values(record.seq, record.at, record.actor, record.action, record.entity, record.entityID,
                    record.before, record.after, record.previousHash, record.hash)
            .run()
        try await db.raw("UPDATE audit_head SET seq = \(bind: record.seq), hash = \(bind: record.hash) WHERE id = 1").run()
        return record
    }

    static func json(_ value: any Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    struct Row: Decodable, Sendable {
        let seq: Int
        let recordedAt: String
        let actor: String
        let action: String
        let entity: String
        let entityId: String
        let beforeJson: String?
        let afterJson: String?
        let previousHash: String
        let hash: String

        var record: AuditRecord {
            AuditRecord(seq: seq, at: recordedAt, actor: actor, action: action, entity: entity, entityID: entityId,
                        before: beforeJson, after: afterJson, previousHash: previousHash, hash: hash)
        }
    }

    /// Checks the whole chain in pages of 2,000 entries, in sequence order.
    static func verify(on db: any SQLDatabase) async throws -> AuditChain.Verification {
        var verifier = AuditChain.Verifier()
        var after = 0
        while true {
            let rows = try await db.raw("""
                SELECT seq, recorded_at, actor, action, entity, entity_id, before_json, after_json, previous_hash, hash
                FROM audit_entries WHERE seq > \(bind: after) ORDER BY seq LIMIT 2000
                """).all(decoding: Row.self, with: snakeCaseRows)
            guard let last = rows.last else { break }
            for row in rows where !verifier.check(row.record) { return verifier.result }
            after = last.seq
        }
        // Entries removed from the end leave the head row pointing past the last entry.
        if let head = try await db.raw("SELECT seq, hash FROM audit_head WHERE id = 1").first(decoding: Head.self),
           case .intact(_, let last) = verifier.result, head.seq != (last?.seq ?? 0) || (head.seq > 0 && head.hash != last?.hash) {
            let lastSeq = last?.seq ?? 0
            return .broken(seq: lastSeq + 1, reason: "the log ends at entry \(lastSeq), but entry \(head.seq) was written (hash \(head.hash.prefix(12))…): entries \(lastSeq + 1)…\(head.seq) have been deleted")
        }
        return verifier.result
    }

    /// One page of entries, newest first.
    static func page(on db: any SQLDatabase, offset: Int, limit: Int, entity: String? = nil, entityID: String? = nil) async throws -> (rows: [Row], total: Int) {
        var filter = SQLQueryString("")
        if let entity {
            filter = "WHERE entity = \(bind: entity)"
            if let entityID { filter = "WHERE entity = \(bind: entity) AND entity_id = \(bind: entityID)" }
        }
        struct Count: Decodable { let n: Int }
        let total = try await db.raw("SELECT COUNT(*) AS n FROM audit_entries \(filter)").first(decoding: Count.self)?.n ?? 0
        let rows = try await db.raw("""
            SELECT seq, recorded_at, actor, action, entity, entity_id, before_json, after_json, previous_hash, hash
            FROM audit_entries \(filter) ORDER BY seq DESC LIMIT \(bind: limit) OFFSET \(bind: offset)
            """).all(decoding: Row.self, with: snakeCaseRows)
        return (rows, total)
    }
}
