import ConsortCore
import ConsortWeb
import Fluent
import Foundation
import SQLKit
import Vapor

/// Backups and restores. A backup is one SQLite file holding a consistent copy of every table,
/// whatever database Consort runs on, so that it can be checked with the same code, opened
/// with `sqlite3`, and restored into either database:
///
/// - on SQLite, `VACUUM INTO` copies the database as of one moment while the server runs;
/// - on PostgreSQL, every table is read in one `REPEATABLE READ READ ONLY` transaction (one
///   snapshot) into a new SQLite file with Consort's schema.
///
/// A backup is written beside its destination and moved into place only after it has passed
/// SQLite's integrity check and the audit log in it has verified with the audit key; beside it,
/// `FILE.seal` holds an HMAC-SHA-256 of the whole file under a key derived from the audit key, so
/// that a row edited in the file (which the audit log alone would not show) is caught. A restore
/// refuses a file whose seal is missing or does not match (unless told the backup is unsealed),
/// that is not a Consort backup, is damaged, comes from a newer Consort or holds a broken audit
/// log; it brings a backup from an older Consort up to date, then replaces every table's rows in
/// one transaction and records the restore in the audit checkpoints.
public enum Backup {
    /// What a backup or restore did.
    public struct Summary: Sendable {
        public let tables: Int
        public let rows: Int
        public let auditEntries: Int
        public let auditHead: String?
    }

    /// A backup or restore that cannot be done, with what to do about it.
    public struct Refused: Error, CustomStringConvertible {
        public let description: String
    }

    // MARK: Backup

    /// Writes a consistent copy of `app`'s database to `destination` and verifies it.
    package static func make(_ app: Application, to destination: URL) async throws -> Summary {
        let partial = destination.deletingLastPathComponent().appendingPathComponent(
            ".\(destination.lastPathComponent).partial")
        try? FileManager.default.removeItem(at: partial)
        defer { try? FileManager.default.removeItem(at: partial) }
        let source = Store.sql(app.db)
        if source.isSQLite {
            try await source.raw("VACUUM INTO \(bind: partial.path)").run()
        } else {
            try await withBackupFile(partial, app: app, migrate: true) { file in
                try await copyTables(from: app.db, snapshot: true, to: file.db)
            }
        }
        let summary = try await withBackupFile(partial, app: app, migrate: false) { file in
            try await check(file, app: app)
        }
        let seal = try Self.seal(of: partial)
        if FileManager.default.fileExists(atPath: destination.path) {
            try FileManager.default.removeItem(at: destination)
        }
        try FileManager.default.moveItem(at: partial, to: destination)
        try Data((seal + "\n").utf8).write(to: sealFile(destination), options: .atomic)
        return summary
    }

    // MARK: Seals

    /// Where a backup's seal is kept: beside it, with `.seal` added to its name.
    public static func sealFile(_ backup: URL) -> URL { URL(fileURLWithPath: backup.path + ".seal") }

    /// The seal of a file: `consort-backup-seal v1 KEY-ID MAC`, the MAC an HMAC-SHA-256 of every
    /// byte under a key derived from the audit key (whose id it names).
    static func seal(of file: URL) throws -> String {
        let key = try AuditKeyring.require()
        var mac = HMAC<SHA256>(key: key.derived(for: "consort backup seal v1"))
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { mac.update(data: chunk) }
        let hex = Data(mac.finalize()).map { String(format: "%02x", $0) }.joined()
        return "consort-backup-seal v1 \(key.id) \(hex)"
    }

    /// Refuses a backup whose seal is missing or is not the seal of its bytes.
    static func checkSeal(_ work: URL, of backup: URL) throws {
        let file = sealFile(backup)
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw Refused(
                description: "\(backup.path) has no seal (\(file.lastPathComponent) beside it): keep each backup with "
                    + "its seal. A backup made before seals were written can be restored with --unsealed, once you "
                    + "are sure where it came from")
        }
        guard text.trimmingCharacters(in: .whitespacesAndNewlines) == (try seal(of: work)) else {
            throw Refused(
                description: "\(backup.path) does not match its seal: it was changed after it was made, or it was "
                    + "made with another audit key")
        }
    }

    // MARK: Restore

    /// Replaces every table of `app`'s database with the backup's rows, in one transaction.
    /// `unsealed`: the backup has no seal (made before seals were written); it is still checked.
    package static func restore(_ app: Application, from backup: URL, unsealed: Bool = false) async throws -> Summary {
        guard FileManager.default.isReadableFile(atPath: backup.path) else {
            throw Refused(
                description: "\(backup.path) cannot be read; give the path of a backup made by consort backup")
        }
        guard let head = try? FileHandle(forReadingFrom: backup).read(upToCount: 16),
            head == Data("SQLite format 3\0".utf8)
        else {
            throw Refused(description: "\(backup.path) is not a Consort backup (not an SQLite database file)")
        }
        // Work on a copy, so that bringing an older backup up to date leaves the file as it was.
        let work = FileManager.default.temporaryDirectory.appendingPathComponent(
            "consort-restore-\(UUID().uuidString).sqlite")
        try FileManager.default.copyItem(at: backup, to: work)
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: work.path + suffix) }
        }
        // The copy is what is checked and restored, so the seal is checked on the copy.
        if !unsealed { try checkSeal(work, of: backup) }
        let known = Set(consortMigrations.map(\.name))
        try await withBackupFile(work, app: app, migrate: false) { file in
            try await integrity(file.db, backup)
            struct Name: Decodable { package let name: String }
            let names: [String]
            do {
                names = try await file.db.raw("SELECT name FROM _fluent_migrations").all(decoding: Name.self).map(
                    \.name)
            } catch {
                throw Refused(
                    description:
                        "\(backup.path) is an SQLite database but not a Consort backup (it has no schema history)")
            }
            let newer = names.filter { !known.contains($0) }
            guard newer.isEmpty else {
                throw Refused(
                    description:
                        "\(backup.path) was made by a newer Consort (its schema has \(newer.joined(separator: ", "))); "
                        + "restore it with that version or a later one"
                )
            }
        }
        // Bring it up to date (an older backup gains the newer tables and columns), then check it.
        _ = try await withBackupFile(work, app: app, migrate: true) { file in
            try await check(file, app: app, name: backup.path)
        }
        let summary = try await withBackupFile(work, app: app, migrate: false) { file in
            try await Store.write(app.db) { target in
                try await copyTables(from: file.db, into: target)
                // Other instances and cached pages see a new registry version.
                try await RegistryVersion.bump(target)
            }
            return try await summarise(file.db)
        }
        await app.registryChanged()
        let restored = try await AuditLog.head(on: Store.sql(app.db))
        if let chain = restored.chainId {
            try app.auditCheckpoints.write(
                AuditCheckpoint.make(
                    chain: chain, kind: .restore, seq: restored.seq, hash: restored.hash,
                    key: try AuditKeyring.require()), logger: app.logger)
        }
        return summary
    }

    // MARK: Checking a backup file

    private static func integrity(_ db: any SQLDatabase, _ name: URL) async throws {
        struct Row: Decodable { package let integrityCheck: String }
        let rows: [Row]
        do {
            rows = try await db.raw("PRAGMA integrity_check").all(decoding: Row.self, with: snakeCaseRows)
        } catch {
            throw Refused(
                description:
                    "\(name.path) is damaged or not an SQLite database: \(String(describing: error).prefix(200))")
        }
        guard rows.map(\.integrityCheck) == ["ok"] else {
            throw Refused(
                description:
                    "\(name.path) is damaged: SQLite's integrity check found "
                    + "\(rows.prefix(3).map(\.integrityCheck).joined(separator: "; "))"
            )
        }
    }

    /// The integrity check and the audit verification of a backup file.
    private static func check(_ file: BackupFile, app: Application, name: String? = nil) async throws -> Summary {
        try await integrity(file.db, file.url)
        let report = try await AuditLog.verify(on: file.db, key: try AuditKeyring.require(), checkpoints: nil)
        if case .broken(let seq, let reason) = report.result {
            throw Refused(description: "the audit log in \(name ?? "the backup") is broken at entry \(seq): \(reason)")
        }
        return try await summarise(file.db)
    }

    private static func summarise(_ db: any SQLDatabase) async throws -> Summary {
        var rows = 0
        let tables = try await Tables.read(db)
        for table in tables { rows += try await Tables.count(table.name, on: db) }
        let head = try await AuditLog.head(on: db)
        return Summary(
            tables: tables.count, rows: rows, auditEntries: head.seq, auditHead: head.seq > 0 ? head.hash : nil)
    }

    // MARK: Copying tables

    /// Copies every table (but the schema history) from `source` into the backup file `target`,
    /// whose own rows are replaced. With `snapshot`, reads in one read-only transaction.
    private static func copyTables(from source: any Database, snapshot: Bool, to target: any SQLDatabase) async throws {
        let sql = Store.sql(source)
        guard snapshot, !sql.isSQLite else { return try await copyTables(from: sql, into: target) }
        try await source.transaction { tx in
            let db = Store.sql(tx)
            try await db.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY").run()
            try await copyTables(from: db, into: target)
        }
    }

    /// Replaces the rows of every table of `target` with `source`'s (columns both have).
    private static func copyTables(from source: any SQLDatabase, into target: any SQLDatabase) async throws {
        let tables = try await Tables.read(target)
        let sourceTables = Dictionary(uniqueKeysWithValues: try await Tables.read(source).map { ($0.name, $0) })
        for table in tables.reversed() { try await target.raw("DELETE FROM \(ident: table.name)").run() }
        for table in tables {
            guard let from = sourceTables[table.name] else { continue }
            // SQLite declares booleans as integers: a column boolean on either side is read and
            // written as a boolean (SQLite stores it as 0 or 1).
            let sourceKinds = Dictionary(uniqueKeysWithValues: from.columns.map { ($0.name, $0.kind) })
            let columns = table.columns.compactMap { c -> Tables.Column? in
                guard let kind = sourceKinds[c.name] else { return nil }
                return Tables.Column(
                    name: c.name, kind: kind == .boolean || c.kind == .boolean ? .boolean : c.kind, serial: c.serial)
            }
            guard !columns.isEmpty else { continue }
            let order = from.key.isEmpty ? columns.map(\.name) : from.key
            var offset = 0
            let page = 5_000
            while true {
                let rows = try await source.raw(
                    """
                    SELECT \(idents: columns.map(\.name), joinedBy: ", ") FROM \(ident: table.name)
                    ORDER BY \(idents: order, joinedBy: ", ") LIMIT \(literal: page) OFFSET \(literal: offset)
                    """
                ).all()
                guard !rows.isEmpty else { break }
                let values: [[any Encodable & Sendable]] = try rows.map { row in
                    try columns.map { try $0.value(in: row) }
                }
                try await Store.insert(into: table.name, columns: columns.map(\.name), rows: values, on: target)
                offset += rows.count
                if rows.count < page { break }
            }
            if !target.isSQLite {
                for column in table.columns where column.serial {
                    try await target.raw(
                        """
                        SELECT setval(pg_get_serial_sequence(\(bind: table.name), \(bind: column.name)),
                                      COALESCE((SELECT MAX(\(ident: column.name)) FROM \(ident: table.name)), 0) + 1, \
                                      false)
                        """
                    ).run()
                }
            }
        }
    }
}

/// A backup file opened as a database of its own (schema brought up to date, or not).
package struct BackupFile {
    package let url: URL
    package let db: any SQLDatabase
}

/// Opens `url` as a SQLite database in an application of its own (with Consort's migrations
/// run when `migrate`), runs `body`, and closes it.
package func withBackupFile<T>(_ url: URL, app: Application, migrate: Bool, _ body: (BackupFile) async throws -> T)
    async throws -> T
{
    let other = try await Application.make(.init(name: "backup", arguments: ["consort"]))
    do {
        var config = app.consortConfig
        config.database = .sqlite(path: url.path)
        config.dataDirectory = nil
        config.auditCheckpointFile = nil
        try configure(other, config: config)
        if migrate { _ = try await prepareDatabase(other, loadData: false) }
        let result = try await body(BackupFile(url: url, db: Store.sql(other.db)))
        try await other.asyncShutdown()
        return result
    } catch {
        try? await other.asyncShutdown()
        throw error
    }
}

extension Application {
    /// `consort backup FILE`.
    public func backup(to url: URL) async throws -> Backup.Summary { try await Backup.make(self, to: url) }

    /// `consort restore FILE`.
    public func restore(from url: URL, unsealed: Bool = false) async throws -> Backup.Summary {
        try await Backup.restore(self, from: url, unsealed: unsealed)
    }
}
