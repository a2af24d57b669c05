import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import FluentSQLiteDriver
import Foundation
import SQLKit
import Testing
import Vapor

/// A database made by an earlier release opens under today's code as it was.
@Suite("Upgrading a database of an earlier release")
struct UpgradeTests {
    /// Every table's row count and the schema history, read without migrating.
    static func census(_ path: String) async throws -> (counts: [String: Int], migrations: [String]) {
        let app = try await Application.make(.testing)
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
        do {
            let db = app.db as! any SQLDatabase
            struct Name: Decodable { let name: String }
            struct N: Decodable { let n: Int }
            let tables = try await db.raw(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
            .all(decoding: Name.self).map(\.name)
            var counts: [String: Int] = [:]
            for table in tables {
                counts[table] =
                    try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decoding: N.self)?.n ?? -1
            }
            let migrations = try await db.raw("SELECT name FROM _fluent_migrations ORDER BY name").all(
                decoding: Name.self
            ).map(\.name)
            try await app.asyncShutdown()
            return (counts, migrations)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    @Test(
        """
        The release of 1 December 2026's demo database starts under the capability modules: no migration runs again, \
        no row is lost, the audit log verifies, and its pages answer
        """
    )
    func releaseBeforeModules() async throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent(
            "consort-upgrade-\(UUID().uuidString).sqlite")
        try FileManager.default.copyItem(at: fixture("release-2026-12-01.sqlite"), to: copy)
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy.path + suffix) }
        }
        let before = try await Self.census(copy.path)
        #expect(before.migrations.count == 9 && before.migrations.allSatisfy { $0.hasPrefix("ConsortApp.") })
        #expect((before.counts["hub_bookings"] ?? 0) > 100 && (before.counts["gov_items"] ?? 0) > 0)
        try await withTestApp(database: .sqlite(path: copy.path)) { app in
            guard case .intact(let entries, _) = try await app.verifyAudit() else {
                Issue.record("the audit log does not verify")
                return
            }
            #expect(entries == before.counts["audit_entries"])
            try await makeUser(app, "upgrade-admin", .administrator)
            let admin = TestClient(app: app)
            try await admin.signIn("upgrade-admin", testPassword)
            for path in [
                "/groups/FED-0001", "/groups/FED-0001/access", "/hubs/1", "/rotas/1", "/groups/01F/governance",
                "/governance/meetings/1", "/practices/N81011/hub-appointments?show=all", "/groups/FED-0002/edit",
                "/people", "/people/1", "/admin/accounts",
            ] {
                #expect(try await admin.get(path).status == .ok, "\(path)")
            }
            // Every register entry and every clinician is a person; every link kept.
            struct N: Decodable { let n: Int }
            func count(_ sql: String) async throws -> Int {
                try await app.sql.raw("\(unsafeRaw: sql)").first(decoding: N.self)?.n ?? -1
            }
            #expect(try await count("SELECT COUNT(*) AS n FROM gov_people WHERE person_id IS NULL") == 0)
            #expect(try await count("SELECT COUNT(*) AS n FROM clinicians WHERE person_id IS NULL") == 0)
            #expect(
                try await count(
                    """
                    SELECT COUNT(*) AS n FROM rota_sessions s JOIN clinicians c ON c.id = s.clinician_id \
                    JOIN people p ON p.id = c.person_id
                    """) == before.counts["rota_sessions"].map { _ in 147 })
            #expect(
                try await count(
                    """
                    SELECT COUNT(*) AS n FROM person_roles r JOIN gov_people g ON g.person_id = r.person_id \
                    WHERE (g.id = 1 AND r.role = 'gp-partner' AND r.organisation_code = 'N81011') \
                    OR (g.id = 2 AND r.role = 'salaried-gp' AND r.organisation_code = 'N81045')
                    """) == 2)
            // The governance person page shows the role from the directory.
            #expect(try await admin.get("/governance/people/1").body.contains("GP partner at N81011"))
        }
        let after = try await Self.census(copy.path)
        // Only the migrations added since that release run: none runs again.
        let added = [
            "ConsortApp.DateRegistryFacts", "ConsortApp.CreatePeople", "ConsortApp.LinkClinicians",
            "ConsortApp.LinkGovernancePeople", "ConsortApp.HubBankHolidays", "ConsortApp.CreateQuality",
            "ConsortApp.CreateReadiness", "ElectionsWeb.CreateEngagement", "PeopleWeb.RecordPeopleFor",
            "ElectionsWeb.SealPapers", "ConsortWeb.NotificationPages",
        ]
        #expect(after.migrations == (before.migrations + added).sorted(), "a migration ran again or was left out")
        #expect(after.counts["group_sizes"] == 0 && after.counts["former_names"] == 0)
        // The registers' roles moved to the people directory, one for one.
        #expect(after.counts["gov_affiliations"] == nil)
        #expect(after.counts["person_roles"] == before.counts["gov_affiliations"])
        // One person per register entry and per clinician (no two share a name and a practice).
        #expect(after.counts["people"] == (before.counts["gov_people"] ?? 0) + (before.counts["clinicians"] ?? 0))
        for (table, count) in before.counts
        where table != "users" && table != "role_assignments" && table != "audit_entries"
            && table != "sessions" && table != "login_attempts" && table != "_fluent_migrations"
            && table != "gov_affiliations"
        {
            #expect(after.counts[table] == count, "\(table): \(count) before, \(after.counts[table] ?? -1) after")
        }
        // The new account and its sign-in are the only additions.
        #expect(after.counts["users"] == (before.counts["users"] ?? 0) + 1)
        #expect(after.counts["audit_entries"] == (before.counts["audit_entries"] ?? 0) + 1)
    }
}
