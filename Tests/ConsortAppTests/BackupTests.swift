import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor

@Suite("Backup and restore", .serialized)
struct BackupTests {
    static func count(_ app: Application, _ sql: String) async throws -> Int {
        struct N: Decodable { let n: Int }
        return try await app.sql.raw("\(unsafeRaw: sql)").first(decoding: N.self)?.n ?? -1
    }

    static func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("consort-\(name)-\(UUID().uuidString).sqlite")
    }

    @Test(
        """
        A backup taken while accounts are being created is one consistent moment: restored into a new database, every \
        account has its audit entry, the log verifies, and nothing else differs
        """
    )
    func backupUnderLoad() async throws {
        let file = Self.temporaryFile("backup")
        defer { for url in [file, Backup.sealFile(file)] { try? FileManager.default.removeItem(at: url) } }
        var taken: Backup.Summary?
        try await withTestApp(.dataset(fixture("small"))) { app in
            let stop = NIOLockedValueBox(false)
            let made = NIOLockedValueBox(0)
            let writer = Task {
                var n = 0
                while !stop.withLockedValue({ $0 }) {
                    try await app.consortCreateUser(
                        username: "load-\(n)", role: .public, scope: nil, password: testPassword)
                    n += 1
                    made.withLockedValue { $0 = n }
                }
                return n
            }
            /// Waits (at most a minute) until the writer has made `count` accounts.
            func waitFor(_ count: Int) async throws {
                for _ in 0..<600 where made.withLockedValue({ $0 }) < count {
                    try await Task.sleep(nanoseconds: 100_000_000)
                }
            }
            var backup: Result<Backup.Summary, any Error> = .failure(CancellationError())
            do {
                // Taken once accounts are being written, and writing goes on after it.
                try await waitFor(2)
                backup = .success(try await app.backup(to: file))
                try await waitFor(made.withLockedValue { $0 } + 2)
            } catch {
                backup = .failure(error)
            }
            stop.withLockedValue { $0 = true }
            let written = try await writer.value
            taken = try backup.get()
            #expect(written > 2, "the writer made \(written) accounts")
            // The backup holds fewer than the writer made in all: it was taken part-way.
            let after = try await Self.count(app, "SELECT COUNT(*) AS n FROM users")
            #expect((taken?.auditEntries ?? 0) < after + 1)
        }
        let summary = try #require(taken)
        #expect(summary.tables > 30 && summary.rows > 100)
        // Restore into an empty database of the same kind.
        try await withTestApp(.empty) { app in
            let restored = try await app.restore(from: file)
            #expect(
                restored.rows == summary.rows && restored.auditEntries == summary.auditEntries
                    && restored.auditHead == summary.auditHead)
            guard case .intact(let entries, let head) = try await app.verifyAudit() else {
                Issue.record("the restored log does not verify")
                return
            }
            #expect(entries == summary.auditEntries && head?.hash == summary.auditHead)
            // One moment: every account in the copy has its audit entry and no entry lacks its account.
            let users = try await Self.count(app, "SELECT COUNT(*) AS n FROM users")
            let created = try await Self.count(
                app, "SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'user.create'")
            #expect(users == created && users > 0)
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM practices") == 23)
            // The registry reads as before.
            #expect(try await TestClient(app: app).get("/api/v1/summary").body.contains("\"practices\":23"))
            // New writes continue the restored chain.
            try await app.consortCreateUser(
                username: "after-restore", role: .public, scope: nil, password: testPassword)
            guard case .intact(let more, _) = try await app.verifyAudit() else {
                Issue.record("the chain does not continue")
                return
            }
            #expect(more == entries + 1)
        }
    }

    @Test(
        """
        A restore refuses a backup with no seal or one that does not match (a data row edited, which its audit log \
        does not show), what is not a Consort backup, a damaged file, one from a newer Consort, and one whose audit \
        log is broken; the database is left as it was
        """
    )
    func refusals() async throws {
        let file = Self.temporaryFile("good")
        defer { for url in [file, Backup.sealFile(file)] { try? FileManager.default.removeItem(at: url) } }
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "alice", .administrator)
            _ = try await app.backup(to: file)
        }
        func variant(_ name: String, _ change: (URL) async throws -> Void) async throws -> URL {
            let copy = Self.temporaryFile(name)
            try FileManager.default.copyItem(at: file, to: copy)
            try await change(copy)
            return copy
        }
        let text = try await variant("text") { try Data("not a database".utf8).write(to: $0) }
        let damaged = try await variant("damaged") { url in
            var data = try Data(contentsOf: url)
            for i in stride(from: 8_192, to: min(data.count, 40_000), by: 7) { data[i] = 0xA5 }
            try data.write(to: url)
        }
        let newer = try await variant("newer") { url in
            try await withTestApp(database: .sqlite(path: url.path)) { app in
                try await app.sql.raw(
                    "INSERT INTO _fluent_migrations (id, name, batch, created_at, updated_at) VALUES "
                        + "('00000000-0000-0000-0000-000000000001', 'ConsortApp.FromTheFuture', 99, NULL, NULL)"
                ).run()
            }
        }
        let broken = try await variant("broken") { url in
            try await withTestApp(database: .sqlite(path: url.path)) { app in
                try await app.sql.raw("UPDATE audit_entries SET actor = 'user:mallory' WHERE seq = 1").run()
            }
        }
        // A practice's list size edited in the file, its seal copied with it: the audit log still verifies.
        let edited = try await variant("edited") { url in
            try FileManager.default.copyItem(at: Backup.sealFile(file), to: Backup.sealFile(url))
            try await withTestApp(database: .sqlite(path: url.path)) { app in
                try await app.sql.raw("UPDATE list_sizes SET patients = patients + 1").run()
            }
        }
        defer {
            for url in [text, damaged, newer, broken, edited] {
                try? FileManager.default.removeItem(at: url)
                try? FileManager.default.removeItem(at: Backup.sealFile(url))
            }
        }
        try await withTestApp(.dataset(fixture("small"))) { app in
            let before = try await Self.count(app, "SELECT COUNT(*) AS n FROM audit_entries")
            for (url, expected) in [(edited, "does not match its seal"), (broken, "has no seal")] {
                do {
                    _ = try await app.restore(from: url)
                    Issue.record("\(url.lastPathComponent) was restored")
                } catch let refused as Backup.Refused {
                    #expect(refused.description.contains(expected), "\(refused.description)")
                }
            }
            // Told a backup has no seal, the restore still checks everything else.
            for (url, expected) in [
                (text, "is not a Consort backup"), (damaged, "damaged"), (newer, "was made by a newer Consort"),
                (broken, "is broken at entry 1"),
            ] {
                do {
                    _ = try await app.restore(from: url, unsealed: true)
                    Issue.record("\(url.lastPathComponent) was restored")
                } catch let refused as Backup.Refused {
                    #expect(refused.description.contains(expected), "\(refused.description)")
                }
            }
            #expect(try await Self.count(app, "SELECT COUNT(*) AS n FROM audit_entries") == before)
            guard case .intact = try await app.verifyAudit() else {
                Issue.record("the database changed")
                return
            }
        }
    }
}
