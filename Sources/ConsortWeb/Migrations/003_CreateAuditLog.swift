import Fluent
import SQLKit

/// The hash-chained audit log, and its head row, which every append locks so that entries are
/// numbered and chained one at a time even with several application instances.
package struct CreateAuditLog: AsyncMigration {
    /// Fluent records a migration by its module-qualified type name; this one was first run as
    /// part of `ConsortApp`, and an existing database must not run it again.
    package var name: String { "ConsortApp.CreateAuditLog" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("audit_entries")
            .field("seq", .int64, .identifier(auto: false))
            .field("recorded_at", .string, .required)
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("entity", .string, .required)
            .field("entity_id", .string, .required)
            .field("before_json", .string)
            .field("after_json", .string)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
        try await database.schema("audit_head")
            .field("id", .int, .identifier(auto: false))
            .field("seq", .int64, .required)
            .field("hash", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX audit_entries_entity ON audit_entries (entity, entity_id)").run()
        try await sql.raw(
            "INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, \(bind: String(repeating: "0", count: 64)))"
        ).run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("audit_head").delete()
        try await database.schema("audit_entries").delete()
    }
}
