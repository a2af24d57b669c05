import ConsortCore
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Importers
import SQLKit
import Vapor

struct ConfigKey: StorageKey { typealias Value = AppConfig }
struct RegistryCacheKey: StorageKey { typealias Value = RegistryCache }
struct PageCacheKey: StorageKey { typealias Value = PageCache }
struct AuditCheckpointsKey: StorageKey { typealias Value = AuditCheckpoints }

extension Application {
    var consortConfig: AppConfig {
        guard let config = storage[ConfigKey.self] else { fatalError("configure(_:config:) has not run") }
        return config
    }

    var registryCache: RegistryCache { storage[RegistryCacheKey.self]! }
    var auditCheckpoints: AuditCheckpoints { storage[AuditCheckpointsKey.self]! }
    var pageCache: PageCache { storage[PageCacheKey.self]! }

    /// Forgets every cached view and page (after a write made in this process).
    func registryChanged() async {
        pageCache.clear()
        registryCache.clear()
    }
}

/// Sets up the database, migrations, middleware and routes. Does not load data: see
/// `prepareDatabase`.
public func configure(_ app: Application, config: AppConfig) throws {
    app.storage[ConfigKey.self] = config
    let (auditKey, created) = try config.resolveAuditKey()
    try AuditKeyring.install(auditKey)
    if created { app.logger.notice("Created a new audit key in \(config.auditKeyFile.path): keep a copy of it with your backups") }
    app.storage[AuditCheckpointsKey.self] = AuditCheckpoints(file: config.auditCheckpointFile, key: auditKey)
    app.storage[RegistryCacheKey.self] = RegistryCache(checkInterval: config.versionCheckInterval)
    app.storage[PageCacheKey.self] = PageCache()
    app.storage[AssuranceServiceKey.self] = AssuranceService(library: PolicyLibrary(directory: config.policyDirectory))
    app.storage[FinanceServiceKey.self] = FinanceService(costModel: config.costModel)
    app.storage[PlanRunnerKey.self] = PlanRunner()
    app.lifecycle.use(PlanRunnerLifecycle())
    app.logger.logLevel = Logger.Level(rawValue: config.logLevel) ?? .notice

    switch config.database {
    case .sqlite(let path):
        app.databases.use(.sqlite(.file(path), sqlLogLevel: .debug), as: .sqlite)
    case .postgres(let url):
        var postgres = try SQLPostgresConfiguration(url: url)
        postgres.searchPath = nil
        app.databases.use(.postgres(configuration: postgres, maxConnectionsPerEventLoop: 8, sqlLogLevel: .debug), as: .psql)
    }
    // After the databases, so that it runs before they close (handlers stop in reverse order).
    app.lifecycle.use(AuditCheckpointLifecycle())
    app.migrations.add(consortMigrations)

    app.routes.defaultMaxBodySize = "1mb"
    app.middleware = .init()
    app.middleware.use(ConsortErrorMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(SessionMiddleware(config: config))
    app.middleware.use(CSRFMiddleware())
    app.middleware.use(AuditCheckpointMiddleware())
    try routes(app)
}

/// Every migration of Consort's schema, in order.
let consortMigrations: [any Migration] = [
    CreateRegistry(), CreateAccounts(), CreateAuditLog(), CreatePlans(), CreateExtendedAccess(), CreateRotas(), CreateGovernance(),
    CreateFederationInvitations(), KeyAuditLog(),
]

/// Creates or upgrades the schema and, when the registry is empty, loads the dataset in one
/// transaction. Returns the import's report when it loaded data.
public func prepareDatabase(_ app: Application, loadData: Bool = true, progress: (String) -> Void = { _ in }) async throws -> ChangeReport? {
    if let sql = app.db as? any SQLDatabase, sql.isSQLite {
        // WAL lets readers carry on while a writer works; the setting persists in the file.
        try await sql.raw("PRAGMA journal_mode = WAL").run()
    }
    try await app.autoMigrate()
    try await AuditLog.prepareKey(try AuditKeyring.require(), on: app.db, checkpoints: app.auditCheckpoints)
    try await Plans.failAbandoned(on: Store.sql(app.db))
    guard loadData, try await RegistryStore.isEmpty(app.db) else { return nil }
    guard let directory = app.consortConfig.dataDirectory else {
        progress("No dataset found to load (set CONSORT_DATA_DIR); the registry starts empty.")
        return nil
    }
    progress("The registry is empty: loading the dataset in \(directory.lastPathComponent)/ …")
    let started = Date()
    let snapshot = try SnapshotReader.read(directory)
    let outcome = try await RegistryStore.importSnapshot(snapshot, options: ImportOptions(today: Day.today()), actor: "system:first-start", on: app.db)
    progress(String(format: "Loaded %@ practices and %@ groups in %.1f s.", outcome.report.opened.count.formatted(),
                    outcome.report.groupsCreated.count.formatted(), Date().timeIntervalSince(started)))
    await app.registryChanged()
    return outcome.report
}

// Entry points for tests and tools that hold an `Application`.
extension Application {
    /// Forgets cached views after a write made outside a request.
    public func testRegistryChanged() async { await registryChanged() }

    public func consortCreateUser(username: String, role: Role, scope: String?, password: String) async throws {
        try await Accounts.create(username: username, displayName: username, password: password,
                                  grants: [RoleGrant(role: role, scope: scope)], bcryptCost: consortConfig.bcryptCost,
                                  actor: "test", on: db)
    }

    /// The database as SQL, for tests that inspect or tamper with tables.
    public var sql: any SQLDatabase { Store.sql(db) }

    public func verifyAudit() async throws -> AuditChain.Verification { try await verifyAuditReport().result }

    /// The audit log checked with the process's key, and against the checkpoint file.
    public func verifyAuditReport() async throws -> AuditReport {
        try await AuditLog.verify(on: Store.sql(db), key: try AuditKeyring.require(), checkpoints: try auditCheckpoints.read())
    }

    /// The checkpoint file this application writes (tests read and tamper with it).
    public var auditCheckpointFileForTests: URL? { auditCheckpoints.file }

    /// Writes a checkpoint of the audit log's head now (as the server does after each change).
    public func checkpointAudit() async throws {
        try await auditCheckpoints.record(on: Store.sql(db), logger: logger)
    }
}

extension Application {
    public func consortCreateToken(username: String, label: String) async throws -> String {
        try await Accounts.createToken(username: username, label: label, actor: "test", on: db)
    }
}

/// Writes an audit checkpoint after every request that may have changed something.
struct AuditCheckpointMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: req)
        if req.method != .GET, req.method != .HEAD {
            do { try await req.application.auditCheckpoints.record(on: Store.sql(req.db), logger: req.logger) } catch {
                req.logger.error("could not write an audit checkpoint: \(error)")
            }
        }
        return response
    }
}

/// Writes a last audit checkpoint when the server stops.
struct AuditCheckpointLifecycle: LifecycleHandler {
    func shutdownAsync(_ app: Application) async {
        do { try await app.auditCheckpoints.record(on: Store.sql(app.db), logger: app.logger) } catch {
            app.logger.error("could not write an audit checkpoint at shutdown: \(error)")
        }
    }
}
