import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import SQLKit
import Testing
import Vapor

/// Tampering by someone who can write to the database's files and append to the checkpoint file,
/// but holds no audit key. Each case is checked as `consort audit verify` does it (read-only, from
/// a fresh process's view), twice, and again after an ordinary change made by a normal start:
/// every time it must be caught. (Security round 3 found cases caught once and missed the second
/// time, because verifying opened Consort, which anchored and checkpointed what it found.)
@Suite("Audit log: 21 ways to tamper, each caught every time", .serialized)
struct AuditTamperTests {
    typealias Tamper = @Sendable (Application, URL) async throws -> Void

    static func sql(_ text: String) -> Tamper {
        { app, _ in try await app.sql.raw(SQLQueryString(text)).run() }
    }

    static let cases: [(String, Tamper)] = [
        ("an entry's text edited", sql("UPDATE audit_entries SET after_json = '{\"forged\":1}' WHERE seq = 3")),
        ("an entry's actor edited", sql("UPDATE audit_entries SET actor = 'user:mallory' WHERE seq = 2")),
        ("an entry deleted from the middle", sql("DELETE FROM audit_entries WHERE seq = 3")),
        ("the newest entry deleted", sql("DELETE FROM audit_entries WHERE seq = 6")),
        ("the newest entries deleted and the head moved back", deleteTail),
        ("the whole log wiped and the head reset", wipe(newChain: false)),
        ("the whole log wiped under a new chain id", wipe(newChain: true)),
        ("the chain recomputed with SHA-256 from an entry", recompute(from: 3, key: nil, keyed: false)),
        ("the chain recomputed with another key from an entry", recompute(from: 3, key: .generate(), keyed: true)),
        ("the whole log rewritten with SHA-256 as if before keys", rewriteUnkeyed(newChain: false)),
        ("the whole log rewritten with SHA-256 under a new chain id", rewriteUnkeyed(newChain: true)),
        ("two entries swapped", swap),
        ("an unkeyed entry appended", appendUnkeyed),
        ("a keyed entry appended with a made-up value", appendForgedKeyed),
        ("the head row's value changed", sql("UPDATE audit_head SET hash = '\(String(repeating: "a", count: 64))'")),
        ("the head row's chain id changed", sql("UPDATE audit_head SET chain_id = 'another-chain'")),
        ("an entry marked unkeyed", sql("UPDATE audit_entries SET keyed = FALSE WHERE seq = 4")),
        ("a checkpoint line forged with another key", forgeCheckpoint),
        ("a checkpoint line's value edited", editCheckpoint),
        ("the database put back as it was before its newest entries", rollBack),
        ("another installation's log put in its place", foreignLog),
    ]

    @Test("Each tamper is caught by verify, by verify again, and after an ordinary change", arguments: 0..<21)
    func tamper(_ index: Int) async throws {
        let (name, tamper) = Self.cases[index]
        let (database, cleanup) = try await TestDatabase.make()
        let (checkpoints, removeCheckpoints) = temporaryCheckpointFile()
        defer {
            cleanup()
            removeCheckpoints()
        }
        // Six entries by ordinary use, checkpointed after each as the server does.
        try await withTestApp(database: database, config: { $0.auditCheckpointFile = checkpoints }) { app in
            for n in 1...6 {
                try await makeUser(app, "user\(n)", .administrator)
                try await app.checkpointAudit()
            }
        }
        // The attacker, writing to the database with no key and no way to sign a checkpoint.
        try await withTestApp(database: database, config: { $0.auditCheckpointFile = nil }) { app in
            try await tamper(app, checkpoints)
        }
        let config = testConfig(database, checkpoints: checkpoints)
        for attempt in ["first verify", "second verify"] {
            #expect(try await Self.verify(config) != nil, "\(name): not caught by the \(attempt)")
        }
        // An ordinary change: a normal start (which may refuse the log) and a new account.
        if let consort = try? await Consort.open(config: config) {
            try? await consort.createUser(
                username: "after", displayName: "After", password: testPassword,
                grants: [RoleGrant(role: .administrator, scope: nil)], actor: "cli:user create")
            try await consort.shutdown()
        }
        #expect(try await Self.verify(config) != nil, "\(name): not caught after an ordinary change")
    }

    @Test("Untouched, the log verifies every time, and verifying writes nothing")
    func untouched() async throws {
        let (database, cleanup) = try await TestDatabase.make()
        let (checkpoints, removeCheckpoints) = temporaryCheckpointFile()
        defer {
            cleanup()
            removeCheckpoints()
        }
        try await withTestApp(database: database, config: { $0.auditCheckpointFile = checkpoints }) { app in
            try await makeUser(app, "user1", .administrator)
            try await app.checkpointAudit()
        }
        let config = testConfig(database, checkpoints: checkpoints)
        let file = try String(contentsOf: checkpoints, encoding: .utf8)
        #expect(try await Self.verify(config) == nil)
        #expect(try await Self.verify(config) == nil)
        #expect(try String(contentsOf: checkpoints, encoding: .utf8) == file, "verifying wrote a checkpoint")
        let consort = try await Consort.open(config: config)
        try await consort.createUser(
            username: "after", displayName: "After", password: testPassword,
            grants: [RoleGrant(role: .administrator, scope: nil)], actor: "cli:user create")
        try await consort.shutdown()
        #expect(try await Self.verify(config) == nil)
    }

    /// What `consort audit verify` says: nil when intact, else the reason.
    static func verify(_ config: AppConfig) async throws -> String? {
        var readOnly = config
        readOnly.readOnly = true
        let consort = try await Consort.open(config: readOnly)
        let report = try await consort.verifyAudit()
        try await consort.shutdown()
        if case .broken(_, let reason) = report.result { return reason }
        return nil
    }

    // MARK: The tampers

    static func entries(_ app: Application) async throws -> [AuditForgeryTests.Entry] {
        try await AuditForgeryTests.entries(app)
    }

    static let deleteTail: Tamper = { app, _ in
        let third = try await entries(app)[2]
        try await app.sql.raw("DELETE FROM audit_entries WHERE seq > 3").run()
        try await app.sql.raw("UPDATE audit_head SET seq = 3, hash = \(bind: third.hash)").run()
    }

    static func wipe(newChain: Bool) -> Tamper {
        { app, _ in
            try await app.sql.raw("DELETE FROM audit_entries").run()
            try await app.sql.raw("UPDATE audit_head SET seq = 0, hash = \(bind: AuditChain.genesis)").run()
            if newChain { try await app.sql.raw("UPDATE audit_head SET chain_id = 'fresh-chain', key_id = NULL").run() }
        }
    }

    /// Recomputes every entry from `from` on, as an attacker without the key can.
    static func recompute(from: Int, key: AuditKey?, keyed: Bool) -> Tamper {
        { app, _ in
            try await AuditForgeryTests.recompute(app, from: from, key: key, keyed: keyed) {
                $0.afterJson = #"{"forged":1}"#
            }
        }
    }

    static func rewriteUnkeyed(newChain: Bool) -> Tamper {
        { app, file in
            try await recompute(from: 1, key: nil, keyed: false)(app, file)
            try await app.sql.raw("UPDATE audit_head SET key_id = NULL").run()
            if newChain { try await app.sql.raw("UPDATE audit_head SET chain_id = 'fresh-chain'").run() }
        }
    }

    static let swap: Tamper = { app, _ in
        try await app.sql.raw("UPDATE audit_entries SET seq = 100 WHERE seq = 2").run()
        try await app.sql.raw("UPDATE audit_entries SET seq = 2 WHERE seq = 3").run()
        try await app.sql.raw("UPDATE audit_entries SET seq = 3 WHERE seq = 100").run()
    }

    static func append(_ app: Application, key: AuditKey?, keyed: Bool, value: String? = nil) async throws {
        let last = try await entries(app).last!
        let at = AuditChain.timestamp()
        let hash =
            value
            ?? AuditChain.hash(
                seq: last.seq + 1, at: at, actor: "user:mallory", action: "user.create", entity: "user",
                entityID: "mallory", before: nil, after: nil, previousHash: last.hash, key: key)
        try await app.sql.raw(
            """
            INSERT INTO audit_entries (seq, recorded_at, actor, action, entity, entity_id, previous_hash, hash, keyed)
            VALUES (\(bind: last.seq + 1), \(bind: at), 'user:mallory', 'user.create', 'user', 'mallory', \
            \(bind: last.hash), \(bind: hash), \(bind: keyed))
            """
        ).run()
        try await app.sql.raw("UPDATE audit_head SET seq = \(bind: last.seq + 1), hash = \(bind: hash)").run()
    }

    static let appendUnkeyed: Tamper = { app, _ in try await append(app, key: nil, keyed: false) }
    static let appendForgedKeyed: Tamper = { app, _ in
        try await append(app, key: nil, keyed: true, value: String(repeating: "b", count: 64))
    }

    static func appendLine(_ line: String, to file: URL) throws {
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((line + "\n").utf8))
        try handle.close()
    }

    static let forgeCheckpoint: Tamper = { app, file in
        let head = try await AuditLog.head(on: app.sql)
        let forged = AuditCheckpoint.make(
            chain: head.chainId ?? "", kind: .restore, seq: 1, hash: AuditChain.genesis, key: .generate())
        try appendLine(forged.line, to: file)
    }

    static let editCheckpoint: Tamper = { _, file in
        var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
        var fields = lines[lines.count - 1].split(separator: " ").map(String.init)
        fields[6] = String(repeating: "c", count: 64)
        lines[lines.count - 1] = fields.joined(separator: " ")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: false, encoding: .utf8)
    }

    /// The state after entry 4, put back as a copy of the database would be: entries 5 and 6 gone,
    /// the head where it was then.
    static let rollBack: Tamper = { app, _ in
        let fourth = try await entries(app)[3]
        try await app.sql.raw("DELETE FROM audit_entries WHERE seq > 4").run()
        try await app.sql.raw("UPDATE audit_head SET seq = 4, hash = \(bind: fourth.hash)").run()
    }

    /// A log that verifies on its own (made with the same key by another installation) under its own chain id.
    static let foreignLog: Tamper = { app, _ in
        let rows = try await entries(app)
        try await app.sql.raw("DELETE FROM audit_entries WHERE seq > 2").run()
        try await app.sql.raw("UPDATE audit_head SET seq = 2, hash = \(bind: rows[1].hash), chain_id = 'other-site'")
            .run()
    }
}
