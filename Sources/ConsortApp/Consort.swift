import Assurance
import ConsortCore
import ConsortWeb
import Fluent
import Foundation
import Importers
import Logging
import RegistryWeb
import Vapor

/// Consort as the command line uses it: an application with its database, without Vapor's
/// own command parsing.
public final class Consort: Sendable {
    package let app: Application
    public let config: AppConfig

    private init(app: Application, config: AppConfig) {
        self.app = app
        self.config = config
    }

    /// Opens Consort on the configured database and brings its schema up to date.
    /// `serve` gives the host and port when the instance will serve HTTP.
    /// Opens Consort on its database, bringing the schema up to date, unless `config.readOnly`:
    /// then nothing is written (no migration, no audit key recorded, no checkpoint). With
    /// `anchorAudit`, a log written without the audit key is anchored under it (`consort audit
    /// anchor`); otherwise such a log stops the opening.
    public static func open(
        config: AppConfig, serve: (hostname: String, port: Int)? = nil, anchorAudit: Bool = false
    ) async throws -> Consort {
        var arguments = ["consort"]
        if let serve { arguments += ["serve", "--hostname", serve.hostname, "--port", String(serve.port)] }
        let env = Environment(name: "production", arguments: arguments)
        let app = try await Application.make(env)
        do {
            try configure(app, config: config)
            if !config.readOnly { _ = try await prepareDatabase(app, loadData: false, anchorAudit: anchorAudit) }
        } catch {
            try? await app.asyncShutdown()
            throw OpenFailure(database: config.database, underlying: error)
        }
        return Consort(app: app, config: config)
    }

    /// The database could not be opened or brought up to date.
    public struct OpenFailure: Error, CustomStringConvertible {
        package let database: AppConfig.Database
        package let underlying: any Error

        public var description: String {
            // PostgreSQL errors hide their detail from `description`; the reflection holds the server's message.
            let detail = String(reflecting: underlying).replacingOccurrences(of: "\n", with: " ")
            switch database {
            case .sqlite(let path):
                return
                    "cannot open the SQLite database \(path): \(detail.prefix(300)). Check that its folder exists and "
                    + "is writable, or set CONSORT_SQLITE_PATH."
            case .postgres(let url):
                var shown = URLComponents(string: url)
                if shown?.password != nil { shown?.password = "REDACTED" }
                return
                    "cannot use the PostgreSQL database \(shown?.string ?? "in DATABASE_URL"): \(detail.prefix(400)). "
                    + "Check that the server is running, the database exists and the user may connect."
            }
        }
    }

    /// Sets up logging for the process: messages at `level` and above, to standard error.
    public static func bootstrapLogging(level: String) {
        let parsed = Logger.Level(rawValue: level) ?? .notice
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = parsed
            return handler
        }
    }

    /// Loads the dataset when the registry is empty (first start).
    public func loadDataIfEmpty(progress: @escaping (String) -> Void) async throws -> ChangeReport? {
        try await prepareDatabase(app, loadData: true, progress: progress)
    }

    public func importSnapshot(_ snapshot: Snapshot, options: ImportOptions, actor: String, dryRun: Bool) async throws
        -> RegistryStore.Outcome
    {
        try await RegistryStore.importSnapshot(snapshot, options: options, actor: actor, dryRun: dryRun, on: app.db)
    }

    public func createUser(username: String, displayName: String, password: String, grants: [RoleGrant], actor: String)
        async throws
    {
        try await Accounts.create(
            username: username, displayName: displayName, password: password, grants: grants,
            bcryptCost: config.bcryptCost, actor: actor, on: app.db)
    }

    public func setPassword(username: String, password: String, actor: String) async throws {
        try await Accounts.setPassword(
            username: username, password: password, bcryptCost: config.bcryptCost, actor: actor, on: app.db)
    }

    public func listUsers() async throws -> [Accounts.Listing] { try await Accounts.list(on: app.db) }

    public func createToken(username: String, label: String, actor: String) async throws -> String {
        try await Accounts.createToken(username: username, label: label, actor: actor, on: app.db)
    }

    public func verifyAudit() async throws -> AuditReport {
        try await app.verifyAuditReport()
    }

    /// A consistent, verified copy of the database in one SQLite file (see `Backup`).
    public func backup(to url: URL) async throws -> Backup.Summary { try await app.backup(to: url) }

    /// Replaces the database's contents with a verified backup's (see `Backup`).
    public func restore(from url: URL, unsealed: Bool = false) async throws -> Backup.Summary {
        try await app.restore(from: url, unsealed: unsealed)
    }

    /// Creates (or resets) one demo account per role and returns their passwords.
    public func ensureDemoAccounts() async throws -> [Demo.Account] {
        try await Demo.ensureAccounts(app)
    }

    /// Serves HTTP until the process is interrupted.
    public func serve() async throws {
        // The head after loading data and demo records, before the first request.
        try await app.checkpointAudit()
        app.logger.notice("Consort is serving the registry")
        let worker = Task { [app] in await app.runNotificationWorker() }
        defer { worker.cancel() }
        try await app.execute()
    }

    public func shutdown() async throws {
        try await app.asyncShutdown()
    }
}

extension Consort {
    /// The practices and groups of the registry at a date (for `consort check` and `consort simulate`).
    public func configuration(at date: Day) async throws -> Configuration {
        try await app.registryCache.view(at: date, on: Store.sql(app.db)).configuration
    }
}
