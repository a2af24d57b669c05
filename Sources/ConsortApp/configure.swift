import AccessWeb
import AccountsWeb
import AssuranceWeb
import ConsortCore
import ConsortWeb
import ElectionsWeb
import FinanceWeb
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import GovernanceWeb
import Importers
import PeopleWeb
import PlanningWeb
import QualityWeb
import RegistryWeb
import SQLKit
import Vapor

/// The capabilities of Consort, in order. Adding one is one line here (and its module in
/// Package.swift).
package let features: [Feature] = [
    registryFeature, accountsFeature, peopleFeature, assuranceFeature, financeFeature, qualityFeature,
    planningFeature,
    accessFeature, governanceFeature,
    // After access and governance: its demo polls draw their rolls from their demo people.
    electionsFeature,
]

/// Sets up the shared core (configuration, database, middleware), then each feature (its
/// services, migrations and routes). Does not load data: see `prepareDatabase`.
public func configure(_ app: Application, config: AppConfig) throws {
    try app.configureCore(config)
    app.features = features
    for feature in features {
        try feature.configure?(app)
        app.migrations.add(feature.migrations)
    }
    try routes(app)
}

/// Every migration of Consort's schema: the core's, then each feature's.
package let consortMigrations: [any Migration] = coreMigrations + features.flatMap(\.migrations)

/// Creates or upgrades the schema and, when the registry is empty, loads the dataset in one
/// transaction. Returns the import's report when it loaded data.
public func prepareDatabase(
    _ app: Application, loadData: Bool = true, anchorAudit: Bool = false, progress: (String) -> Void = { _ in }
) async throws -> ChangeReport? {
    try await Store.useWriteAheadLog(app.db)
    try await app.autoMigrate()
    try await AuditLog.prepareKey(
        try AuditKeyring.require(), on: app.db, checkpoints: app.auditCheckpoints, anchor: anchorAudit)
    app.storage[AuditReadyKey.self] = true
    for feature in app.features { try await feature.prepare?(app) }
    guard loadData, try await RegistryStore.isEmpty(app.db) else { return nil }
    guard let directory = app.consortConfig.dataDirectory else {
        progress("No dataset found to load (set CONSORT_DATA_DIR); the registry starts empty.")
        return nil
    }
    progress("The registry is empty: loading the dataset in \(directory.lastPathComponent)/ …")
    let started = Date()
    let snapshot = try SnapshotReader.read(directory)
    let outcome = try await RegistryStore.importSnapshot(
        snapshot, options: ImportOptions(today: Day.today()), actor: "system:first-start", on: app.db)
    progress(
        String(
            format: "Loaded %@ practices and %@ groups in %.1f s.", outcome.report.opened.count.formatted(),
            outcome.report.groupsCreated.count.formatted(), Date().timeIntervalSince(started)))
    await app.registryChanged()
    return outcome.report
}
