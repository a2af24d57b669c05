import Fluent
import SQLKit

/// Accounts, their roles (each scoped to a practice or group), server-side sessions shared by
/// every application instance, login attempts for rate limiting, and API tokens.
package struct CreateAccounts: AsyncMigration {
    /// Fluent records a migration by its module-qualified type name; this one was first run as
    /// part of `ConsortApp`, and an existing database must not run it again.
    package var name: String { "ConsortApp.CreateAccounts" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .field("id", .int64, .identifier(auto: true))
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("is_demo", .bool, .required)
            .field("disabled", .bool, .required)
            .field("created_at", .string, .required)
            .unique(on: "username")
            .create()

        try await database.schema("role_assignments")
            .field("id", .int64, .identifier(auto: true))
            .field("user_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("scope_code", .string)
            .create()

        try await database.schema("sessions")
            .field("id", .string, .identifier(auto: false))
            .field("user_id", .int64, .references("users", "id", onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("created_at", .int64, .required)
            .field("expires_at", .int64, .required)
            .create()

        try await database.schema("login_attempts")
            .field("id", .int64, .identifier(auto: true))
            .field("attempt_key", .string, .required)
            .field("attempted_at", .int64, .required)
            .create()

        try await database.schema("api_tokens")
            .field("id", .string, .identifier(auto: false))
            .field("user_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("label", .string, .required)
            .field("created_at", .string, .required)
            .create()

        let sql = database as! any SQLDatabase
        for statement in [
            "CREATE INDEX role_assignments_user ON role_assignments (user_id)",
            "CREATE INDEX sessions_expiry ON sessions (expires_at)",
            "CREATE INDEX login_attempts_key ON login_attempts (attempt_key, attempted_at)",
        ] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    package func revert(on database: any Database) async throws {
        for table in ["api_tokens", "login_attempts", "sessions", "role_assignments", "users"] {
            try await database.schema(table).delete()
        }
    }
}
