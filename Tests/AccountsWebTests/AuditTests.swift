import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import SQLKit
import Testing
import Vapor

@Suite("Audit log in the database")
struct AuditTests {
    @Test("Changes are logged with who, when, what, before and after; verify finds edits, deletions and truncation")
    func tamper() async throws {
        try await withFederation { app, admin in
            guard case .intact(let count, let head) = try await app.verifyAudit() else {
                Issue.record("broken at start")
                return
            }
            #expect(count == 5)  // import, account, federation, two members
            #expect(head?.seq == 5)
            let page = try await admin.get("/audit")
            #expect(page.body.contains("federation.create"))
            #expect(page.body.contains("user:admin"))
            #expect(page.body.contains("Halton Together"))
            let csv = try await admin.get("/audit.csv")
            #expect(csv.body.contains("registry.import"))

            try await app.sql.raw("UPDATE audit_entries SET after_json = '{\"name\":\"Forged\"}' WHERE seq = 3").run()
            guard case .broken(let seq, let reason) = try await app.verifyAudit() else {
                Issue.record("edit not detected")
                return
            }
            #expect(seq == 3)
            #expect(reason.contains("altered"))
        }
    }

    @Test("Deleting an entry in the middle, or the newest, is detected")
    func deletions() async throws {
        try await withFederation { app, _ in
            try await app.sql.raw("DELETE FROM audit_entries WHERE seq = 2").run()
            guard case .broken(let seq, _) = try await app.verifyAudit() else {
                Issue.record("deletion not detected")
                return
            }
            #expect(seq == 3)
        }
        try await withFederation { app, _ in
            try await app.sql.raw("DELETE FROM audit_entries WHERE seq = 5").run()
            guard case .broken(let seq, let reason) = try await app.verifyAudit() else {
                Issue.record("truncation not detected")
                return
            }
            #expect(seq == 5)
            #expect(reason.contains("deleted"))
        }
    }
}

/// Forgery by someone who can write to the database but holds neither the audit key nor the
/// checkpoint file: each is detected.
@Suite("Audit log forgery")
struct AuditForgeryTests {
    struct Entry: Decodable {
        var seq: Int
        var recordedAt: String
        var actor: String
        var action: String
        var entity: String
        var entityId: String
        var beforeJson: String?
        var afterJson: String?
        var previousHash: String
        var hash: String
    }

    /// Rewrites entries from `from` on, recomputing every chain value as an attacker without the
    /// key can (plain SHA-256, or HMAC with a key of their own), and moves the head row to match;
    /// with `keyed`, marks the rewritten entries keyed or not.
    static func recompute(
        _ app: Application, from: Int, key: AuditKey?, keyed: Bool? = nil, edit: (inout Entry) -> Void = { _ in }
    ) async throws {
        let rows = try await entries(app)
        var previous = rows.first { $0.seq == from - 1 }?.hash ?? AuditChain.genesis
        for var row in rows where row.seq >= from {
            if row.seq == from { edit(&row) }
            let value = AuditChain.hash(
                seq: row.seq, at: row.recordedAt, actor: row.actor, action: row.action, entity: row.entity,
                entityID: row.entityId,
                before: row.beforeJson, after: row.afterJson, previousHash: previous, key: key)
            try await app.sql.raw(
                """
                UPDATE audit_entries SET actor = \(bind: row.actor), after_json = \(bind: row.afterJson), \
                previous_hash = \(bind: previous), hash = \(bind: value)
                WHERE seq = \(bind: row.seq)
                """
            ).run()
            if let keyed {
                try await app.sql.raw("UPDATE audit_entries SET keyed = \(bind: keyed) WHERE seq = \(bind: row.seq)")
                    .run()
            }
            previous = value
        }
        try await app.sql.raw("UPDATE audit_head SET hash = \(bind: previous) WHERE id = 1").run()
    }

    static func entries(_ app: Application) async throws -> [Entry] {
        try await app.sql.raw("SELECT * FROM audit_entries ORDER BY seq").all(
            decoding: Entry.self, with: SQLRowDecoder(keyDecodingStrategy: .convertFromSnakeCase))
    }

    @Test("An edited entry with the whole chain recomputed after it, with SHA-256 or with another key, is detected")
    func recomputedChain() async throws {
        for key in [nil, AuditKey.generate()] {
            try await withFederation { app, _ in
                try await Self.recompute(app, from: 3, key: key) { $0.afterJson = #"{"name":"Forged"}"# }
                guard case .broken(let seq, let reason) = try await app.verifyAudit() else {
                    Issue.record("recomputed chain not detected")
                    return
                }
                #expect(
                    seq == 3 && (reason.contains("forged without the audit key") || reason.contains("altered")),
                    "\(reason)")
            }
        }
    }

    @Test(
        """
        The newest entries deleted together with the head row moved back: the checkpoints outside the database catch \
        it
        """
    )
    func deletedTail() async throws {
        try await withFederation { app, _ in
            try await app.checkpointAudit()
            struct Row: Decodable { let hash: String }
            let third = try await app.sql.raw("SELECT hash FROM audit_entries WHERE seq = 3").first(decoding: Row.self)!
                .hash
            try await app.sql.raw("DELETE FROM audit_entries WHERE seq > 3").run()
            try await app.sql.raw("UPDATE audit_head SET seq = 3, hash = \(bind: third) WHERE id = 1").run()
            guard case .broken(let seq, let reason) = try await app.verifyAudit() else {
                Issue.record("deleted tail not detected")
                return
            }
            #expect(seq == 4 && reason.contains("entries 4…5 have been deleted"), "\(reason)")
        }
    }

    @Test("The whole log wiped, or the database's chain replaced: detected from the checkpoints")
    func wiped() async throws {
        try await withFederation { app, _ in
            try await app.checkpointAudit()
            try await app.sql.raw("DELETE FROM audit_entries").run()
            try await app.sql.raw("UPDATE audit_head SET seq = 0, hash = \(bind: AuditChain.genesis) WHERE id = 1")
                .run()
            guard case .broken(_, let reason) = try await app.verifyAudit() else {
                Issue.record("wiped log not detected")
                return
            }
            #expect(reason.contains("the log ends at entry 0"), "\(reason)")
            try await app.sql.raw("UPDATE audit_head SET chain_id = 'another-chain' WHERE id = 1").run()
            guard case .broken(_, let replaced) = try await app.verifyAudit() else {
                Issue.record("replaced chain not detected")
                return
            }
            #expect(replaced.contains("not the one the checkpoints"), "\(replaced)")
        }
    }

    @Test("A forged checkpoint line, or an edited one, is refused")
    func forgedCheckpoint() async throws {
        try await withFederation { app, _ in
            try await app.checkpointAudit()
            let file = try #require(app.auditCheckpointFileForTests)
            let forged = AuditCheckpoint.make(
                chain: "x", kind: .head, seq: 1, hash: AuditChain.genesis, key: AuditKey.generate())
            let handle = try FileHandle(forWritingTo: file)
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((forged.line + "\n").utf8))
            try handle.close()
            guard case .broken(_, let reason) = try await app.verifyAudit() else {
                Issue.record("forged checkpoint not detected")
                return
            }
            #expect(reason.contains("not signed with this installation's audit key"), "\(reason)")
        }
    }

    @Test(
        """
        A log written before keys stops the start until the operator anchors it; anchored, its entries are kept, the \
        keyed chain continues from its head, recorded as such
        """
    )
    func upgradeReanchors() async throws {
        let (database, cleanup) = try await TestDatabase.make()
        let (checkpoints, removeCheckpoints) = temporaryCheckpointFile()
        defer {
            cleanup()
            removeCheckpoints()
        }
        // The earlier release: unkeyed entries and no key recorded.
        try await withTestApp(.dataset(fixture("small")), database: database) { app in
            try await makeUser(app, "alice", .administrator)
            try await AuditForgeryTests.recompute(app, from: 1, key: nil)
            try await app.sql.raw("UPDATE audit_entries SET keyed = \(bind: false)").run()
            try await app.sql.raw("UPDATE audit_head SET key_id = NULL WHERE id = 1").run()
        }
        // Started as it is, Consort refuses: a log without keyed entries may be one rewritten without the key.
        let config = testConfig(database, checkpoints: checkpoints)
        await #expect(throws: Consort.OpenFailure.self) { try await Consort.open(config: config) }
        // Read-only, it is reported as not anchored, and nothing is written.
        var readOnly = config
        readOnly.readOnly = true
        let reading = try await Consort.open(config: readOnly)
        guard case .broken(_, let unanchored) = try await reading.verifyAudit().result else {
            Issue.record("an unanchored log verified")
            return
        }
        #expect(unanchored.contains("consort audit anchor"), "\(unanchored)")
        try await reading.shutdown()
        #expect(
            !FileManager.default.fileExists(atPath: checkpoints.path), "a refused start or a read wrote a checkpoint")
        // Anchored by the explicit command, which needs the key.
        try await Consort.open(config: config, anchorAudit: true).shutdown()
        try await withTestApp(database: database, config: { $0.auditCheckpointFile = checkpoints }) { app in
            let report = try await app.verifyAuditReport()
            guard case .intact(let count, _) = report.result else {
                Issue.record("re-anchored log does not verify: \(report.result)")
                return
            }
            #expect(count == 3 && report.legacyEntries == 2)
            struct Row: Decodable {
                let action: String
                let afterJson: String?
            }
            let anchor = try await app.sql.raw("SELECT action, after_json FROM audit_entries WHERE seq = 3").first(
                decoding: Row.self, with: SQLRowDecoder(keyDecodingStrategy: .convertFromSnakeCase))
            #expect(
                anchor?.action == AuditChain.reanchorAction
                    && anchor?.afterJson?.contains(#""unkeyedChain":"intact""#) == true)
            #expect(
                try await app.sql.raw("SELECT actor FROM audit_entries WHERE seq = 3").first()?.decode(
                    column: "actor", as: String.self) == "cli:audit anchor")
            #expect(anchor?.afterJson?.contains(#""unkeyedEntries":2"#) == true)
            // Editing an entry from before the key is still caught.
            try await app.sql.raw("UPDATE audit_entries SET actor = 'user:mallory' WHERE seq = 2").run()
            #expect(try await app.verifyAudit() != .intact(count: 3, head: nil))
        }
    }
}
