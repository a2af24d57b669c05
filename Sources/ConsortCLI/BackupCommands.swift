import ArgumentParser
import ConsortApp
import ConsortWeb
import Foundation
import PlanningWeb
import RegistryWeb

/// `consort backup FILE`: a consistent, verified copy of the database while it is in use.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the database to FILE, verified before it is kept.",
        discussion: """
            The copy is one SQLite file, whichever database Consort runs on: SQLite copies itself as of one moment \
            (VACUUM INTO); PostgreSQL is read in one read-only snapshot. The server may keep running. The file is \
            written beside FILE and moved into place only after SQLite's integrity check and the audit log in it \
            have passed; beside it FILE.seal holds an HMAC of the whole file under the audit key, which a restore \
            checks first. Keep the audit key (CONSORT_AUDIT_KEY or its key file) with your backups: a restore \
            verifies the backup's seal and audit log with it.
            """)

    @Argument(help: "Where to write the backup (an existing file is replaced only once the new one has been verified).")
    var file: String

    func run() async throws {
        let config = try loadConfig()
        let target = URL(fileURLWithPath: file)
        guard FileManager.default.fileExists(atPath: target.deletingLastPathComponent().path) else {
            warn("consort backup: the folder of \(file) does not exist; create it or choose another path")
            throw Exit.badInput
        }
        let started = Date()
        let summary = try await withConsort(config) { consort in
            do { return try await consort.backup(to: target) } catch let refused as Backup.Refused {
                warn("consort backup: \(refused.description); nothing was written")
                throw Exit.failure
            } catch {
                // Database errors hide their detail from `description`; the reflection holds the server's message.
                warn("consort backup: \(String(reflecting: error).prefix(500)); nothing was written")
                throw Exit.failure
            }
        }
        say(
            String(
                format: "Backed up %@ rows of %d tables to %@ in %.1f s.", summary.rows.formatted(), summary.tables,
                file,
                Date().timeIntervalSince(started)))
        say(
            "Verified: SQLite integrity check ok; audit log intact with \(summary.auditEntries) "
                + "entries\(summary.auditHead.map { ", head \($0)" } ?? ""). Sealed in \(file).seal: keep the two "
                + "together."
        )
    }
}

/// `consort restore FILE`: replace the database's contents with a backup's.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace every table's rows with those of a backup made by consort backup, in one transaction.",
        discussion: """
            The backup is checked first: a file whose seal (FILE.seal) is missing or does not match, that is not a \
            Consort backup, is damaged, was made by a newer Consort or holds a broken audit log is refused and \
            nothing changes. A backup from an older Consort is \
            brought up to date first. Stop the servers before restoring, or restart them after: the restore \
            replaces everything they show. The restore is recorded in the audit checkpoint file, so that the \
            entries written after the backup are not reported as deleted.
            """)

    @Argument(help: "The backup file.")
    var file: String

    @Flag(help: "Do not ask for confirmation.")
    var yes = false

    @Flag(help: "Restore a backup that has no seal (made before seals were written); it is still checked otherwise.")
    var unsealed = false

    func run() async throws {
        let config = try loadConfig()
        if !yes {
            say("This replaces everything in the database with the contents of \(file). Type yes to go on:")
            guard readLine()?.trimmingCharacters(in: .whitespaces).lowercased() == "yes" else {
                warn("consort restore: not confirmed; nothing was changed")
                throw Exit.failure
            }
        }
        let summary = try await withConsort(config) { consort in
            do {
                return try await consort.restore(from: URL(fileURLWithPath: file), unsealed: unsealed)
            } catch let refused as Backup.Refused {
                warn("consort restore: \(refused.description); nothing was changed")
                throw Exit.badInput
            } catch {
                warn("consort restore: \(String(reflecting: error).prefix(500)); nothing was changed")
                throw Exit.failure
            }
        }
        say(
            "Restored \(summary.rows.formatted()) rows of \(summary.tables) tables from \(file); audit log intact with "
                + "\(summary.auditEntries) entries."
        )
    }
}
