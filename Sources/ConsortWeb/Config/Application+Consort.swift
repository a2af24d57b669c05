import Charts
import ConsortCore
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

package struct ConfigKey: StorageKey { package typealias Value = AppConfig }
package struct RegistryCacheKey: StorageKey { package typealias Value = RegistryCache }
package struct PageCacheKey: StorageKey { package typealias Value = PageCache }
package struct AuditCheckpointsKey: StorageKey { package typealias Value = AuditCheckpoints }
package struct BasemapKey: StorageKey { package typealias Value = Basemap }

extension Application {
    package var consortConfig: AppConfig {
        guard let config = storage[ConfigKey.self] else { fatalError("configure(_:config:) has not run") }
        return config
    }

    package var registryCache: RegistryCache { storage[RegistryCacheKey.self]! }
    package var auditCheckpoints: AuditCheckpoints { storage[AuditCheckpointsKey.self]! }
    package var pageCache: PageCache { storage[PageCacheKey.self]! }
    /// The coastline, boundaries and place names maps draw behind their dots (empty without a
    /// data directory).
    package var basemap: Basemap { storage[BasemapKey.self] ?? .empty }

    /// Forgets every cached view and page (after a write made in this process).
    package func registryChanged() async {
        pageCache.clear()
        registryCache.clear()
    }

    /// Sets up what every capability shares: the configuration, the audit key and checkpoints,
    /// the registry's caches, the policies, the database, and the middleware (errors, security
    /// headers, sessions, CSRF, audit checkpoints). The composition root adds the features.
    package func configureCore(_ config: AppConfig) throws {
        storage[ConfigKey.self] = config
        // Pages, CSV and JSON are compressed when the client accepts gzip or deflate; CSRF tokens
        // are masked per page so compression leaks nothing of them (see `Tokens.masked`).
        http.server.configuration.responseCompression = .enabled(
            initialByteBufferCapacity: 16_384, disallowedTypes: .incompressible, allowRequestOverrides: true)
        let (auditKey, created) = try config.resolveAuditKey()
        try AuditKeyring.install(auditKey)
        if created {
            logger.notice("Created a new audit key in \(config.auditKeyFile.path): keep a copy of it with your backups")
        }
        storage[AuditCheckpointsKey.self] = AuditCheckpoints(file: config.auditCheckpointFile, key: auditKey)
        storage[RegistryCacheKey.self] = RegistryCache(checkInterval: config.versionCheckInterval)
        storage[PageCacheKey.self] = PageCache()
        storage[HeavyWorkKey.self] = HeavyWork()
        storage[LinkLimiterKey.self] = RateLimiter(limit: 60, window: 60)
        lifecycle.use(HeavyWorkLifecycle())
        storage[BasemapKey.self] = try config.dataDirectory.map {
            try Basemap.load(directory: $0.appendingPathComponent("geo", isDirectory: true))
        }
        policies = PolicyService(library: PolicyLibrary(directory: config.policyDirectory))
        logger.logLevel = Logger.Level(rawValue: config.logLevel) ?? .notice

        switch config.database {
        case .sqlite(let path):
            let file =
                config.readOnly
                ? "file:" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path) + "?mode=ro"
                : path
            databases.use(.sqlite(.file(file), sqlLogLevel: .debug), as: .sqlite)
        case .postgres(let url):
            var postgres = try SQLPostgresConfiguration(url: url)
            postgres.searchPath = nil
            if config.readOnly {
                postgres.coreConfiguration.options.additionalStartupParameters.append(
                    ("default_transaction_read_only", "on"))
            }
            databases.use(
                .postgres(configuration: postgres, maxConnectionsPerEventLoop: 8, sqlLogLevel: .debug), as: .psql)
        }
        // After the databases, so that it runs before they close (handlers stop in reverse order).
        if !config.readOnly { lifecycle.use(AuditCheckpointLifecycle()) }
        migrations.add(coreMigrations)

        routes.defaultMaxBodySize = "1mb"
        middleware = .init()
        middleware.use(ConsortErrorMiddleware())
        middleware.use(SecurityHeadersMiddleware())
        middleware.use(MethodMiddleware())
        middleware.use(SessionMiddleware(config: config))
        middleware.use(CSRFMiddleware())
        if !config.readOnly { middleware.use(AuditCheckpointMiddleware()) }
    }
}

/// The migrations of the tables the kit itself reads and writes: the registry, accounts and
/// sessions, and the audit log.
package let coreMigrations: [any Migration] = [
    CreateRegistry(), CreateAccounts(), CreateAuditLog(), KeyAuditLog(), DateRegistryFacts(), CreatePeople(),
    NotificationPages(),
]

// Entry points for tests and tools that hold an `Application`.
extension Application {
    /// Forgets cached views after a write made outside a request.
    public func testRegistryChanged() async { await registryChanged() }

    public func consortCreateUser(username: String, role: Role, scope: String?, password: String) async throws {
        try await Accounts.create(
            username: username, displayName: username, password: password,
            grants: [RoleGrant(role: role, scope: scope)], bcryptCost: consortConfig.bcryptCost,
            actor: "test", on: db)
    }

    public func consortCreateToken(username: String, label: String) async throws -> String {
        try await Accounts.createToken(username: username, label: label, actor: "test", on: db)
    }

    /// The database as SQL, for tests that inspect or tamper with tables.
    public var sql: any SQLDatabase { Store.sql(db) }

    public func verifyAudit() async throws -> AuditChain.Verification { try await verifyAuditReport().result }

    /// The audit log checked with the process's key, and against the checkpoint file.
    public func verifyAuditReport() async throws -> AuditReport {
        try await AuditLog.verify(
            on: Store.sql(db), key: try AuditKeyring.require(), checkpoints: try auditCheckpoints.read())
    }

    /// The checkpoint file this application writes (tests read and tamper with it).
    public var auditCheckpointFileForTests: URL? { auditCheckpoints.file }

    /// Writes a checkpoint of the audit log's head now (as the server does after each change).
    public func checkpointAudit() async throws {
        try await auditCheckpoints.record(on: Store.sql(db), logger: logger)
    }
}

/// Writes an audit checkpoint after every request that may have changed something.
package struct AuditCheckpointMiddleware: AsyncMiddleware {
    package func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: req)
        if req.method != .GET, req.method != .HEAD {
            do { try await req.application.auditCheckpoints.record(on: Store.sql(req.db), logger: req.logger) } catch {
                req.logger.error("could not write an audit checkpoint: \(error)")
            }
        }
        return response
    }
}

/// Set once the database is prepared (migrated, its audit log keyed): only then does stopping
/// write a checkpoint, so that a start refused on a log it cannot vouch for records nothing.
package struct AuditReadyKey: StorageKey { package typealias Value = Bool }

/// Writes a last audit checkpoint when the server stops (after a start that prepared the database).
package struct AuditCheckpointLifecycle: LifecycleHandler {
    package func shutdownAsync(_ app: Application) async {
        guard app.storage[AuditReadyKey.self] == true else { return }
        do { try await app.auditCheckpoints.record(on: Store.sql(app.db), logger: app.logger) } catch {
            app.logger.error("could not write an audit checkpoint at shutdown: \(error)")
        }
    }
}
