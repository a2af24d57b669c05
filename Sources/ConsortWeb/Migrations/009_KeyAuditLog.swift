import Fluent
import Foundation
import SQLKit

/// The audit log keyed with a secret outside the database: each entry says whether its chain
/// value is keyed, and the head row names its chain (a random id, so that checkpoints written
/// outside the database can tell this log from another) and the fingerprint of the key it is
/// written with. Existing entries stay as they are; the first start with a key re-anchors the
/// chain (see `AuditLog.prepareKey`).
package struct KeyAuditLog: AsyncMigration {
    /// Fluent records a migration by its module-qualified type name; this one was first run as
    /// part of `ConsortApp`, and an existing database must not run it again.
    package var name: String { "ConsortApp.KeyAuditLog" }

    package func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let no = sql.isSQLite ? "0" : "FALSE"
        try await sql.raw("ALTER TABLE audit_entries ADD COLUMN keyed BOOLEAN NOT NULL DEFAULT \(unsafeRaw: no)").run()
        try await sql.raw("ALTER TABLE audit_head ADD COLUMN chain_id TEXT").run()
        try await sql.raw("ALTER TABLE audit_head ADD COLUMN key_id TEXT").run()
        try await sql.raw("UPDATE audit_head SET chain_id = \(bind: UUID().uuidString.lowercased()) WHERE id = 1").run()
    }

    package func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE audit_head DROP COLUMN key_id").run()
        try await sql.raw("ALTER TABLE audit_head DROP COLUMN chain_id").run()
        try await sql.raw("ALTER TABLE audit_entries DROP COLUMN keyed").run()
    }
}
