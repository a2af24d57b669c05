import ConsortWeb
import Fluent
import SQLKit

/// Invitations to join a federation. A practice joins a federation only when one of its own
/// practice managers accepts (or an officer of its consortium, or an administrator, records
/// the membership): a federation's managers cannot add practices on their own say-so.
package struct CreateFederationInvitations: AsyncMigration {
    /// Fluent records a migration by its module-qualified type name; this one was first run as
    /// part of `ConsortApp`, and an existing database must not run it again.
    package var name: String { "ConsortApp.CreateFederationInvitations" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("federation_invitations")
            .field("id", .int64, .identifier(auto: true))
            .field("federation_code", .string, .required, .references("organisations", "code"))
            .field("practice_code", .string, .required, .references("practices", "code"))
            .field("valid_from", .string, .required)
            .field("valid_to", .string)
            .field("status", .string, .required)
            .field("invited_by", .string, .required)
            .field("invited_at", .string, .required)
            .field("decided_by", .string)
            .field("decided_at", .string)
            .field("membership_id", .int64)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw(
            "CREATE INDEX federation_invitations_practice ON federation_invitations (practice_code, status)"
        ).run()
        // At most one pending invitation of a practice to a federation.
        try await sql.raw(
            """
            CREATE UNIQUE INDEX federation_invitations_pending ON federation_invitations (federation_code, \
            practice_code)
            WHERE status = 'pending'
            """
        ).run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("federation_invitations").delete()
    }
}
