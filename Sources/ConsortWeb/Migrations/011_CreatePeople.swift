import Fluent
import SQLKit

/// The people directory every capability shares: a person (who may or may not have an
/// account), their roles at organisations with dates, their credentials with issue and expiry
/// dates; invitations to set up an account (only each link's digest is stored); and the
/// notifications outbox, written in the same transaction as the change it tells of.
package struct CreatePeople: AsyncMigration {
    package var name: String { "ConsortApp.CreatePeople" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("people")
            .field("id", .int64, .identifier(auto: true))
            .field("name", .string, .required)
            .field("gmc_number", .string)
            .field("nmc_pin", .string)
            .field("email", .string)
            .field("phone", .string)
            // The most extended-access sessions a month across every federation; nil: no limit
            // beyond each federation's own.
            .field("monthly_limit", .int)
            .field("is_demo", .bool, .required)
            .field("calendar_token", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .string, .required)
            .create()
        try await database.schema("person_roles")
            .field("id", .int64, .identifier(auto: true))
            .field("person_id", .int64, .required, .references("people", "id", onDelete: .cascade))
            .field("organisation_code", .string, .required)
            .field("role", .string, .required)
            // Free text kept from earlier releases' registers, or the user's own words for "other".
            .field("title", .string)
            .field("valid_from", .string, .required)
            .field("valid_to", .string)
            .create()
        try await database.schema("person_credentials")
            .field("id", .int64, .identifier(auto: true))
            .field("person_id", .int64, .required, .references("people", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("label", .string)
            .field("reference", .string)
            .field("issued_on", .string, .required)
            .field("expires_on", .string)
            .field("created_by", .string, .required)
            .field("created_at", .string, .required)
            .create()
        // An invitation to set up an account for a person (`invite`), or to set a new password
        // for an account (`reset`).
        try await database.schema("invitations")
            .field("id", .int64, .identifier(auto: true))
            .field("digest", .string, .required)
            .field("kind", .string, .required)
            .field("person_id", .int64, .references("people", "id", onDelete: .cascade))
            .field("user_id", .int64, .references("users", "id", onDelete: .cascade))
            .field("email", .string)
            .field("role", .string)
            .field("scope_code", .string)
            .field("expires_at", .int64, .required)
            .field("used_at", .string)
            .field("revoked", .bool, .required)
            .field("created_by", .string, .required)
            .field("created_at", .string, .required)
            .unique(on: "digest")
            .create()
        try await database.schema("notifications")
            .field("id", .int64, .identifier(auto: true))
            .field("user_id", .int64, .references("users", "id", onDelete: .cascade))
            .field("person_id", .int64, .references("people", "id", onDelete: .cascade))
            .field("email", .string)
            .field("kind", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("link", .string, .required)
            // A one-time link's token sealed with a key derived from the audit key (a copy of the
            // database alone cannot open it), put into `{secret}` in the link when the email is
            // sent and cleared after.
            .field("secret", .string)
            // One notification per event: a sweep or a retried write cannot make a second.
            .field("event_key", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .int64, .required)
            .field("sent_at", .string)
            .field("last_error", .string)
            .field("read_at", .string)
            .field("created_at", .string, .required)
            .unique(on: "event_key")
            .create()
        let sql = database as! any SQLDatabase
        for statement in [
            "ALTER TABLE users ADD COLUMN person_id BIGINT REFERENCES people (id)",
            "CREATE UNIQUE INDEX users_person ON users (person_id)",
            "CREATE UNIQUE INDEX people_calendar ON people (calendar_token)",
            "CREATE INDEX person_roles_person ON person_roles (person_id)",
            "CREATE INDEX person_roles_organisation ON person_roles (organisation_code)",
            "CREATE INDEX person_credentials_person ON person_credentials (person_id)",
            "CREATE INDEX invitations_person ON invitations (person_id)",
            "CREATE INDEX notifications_user ON notifications (user_id, created_at)",
            "CREATE INDEX notifications_due ON notifications (status, next_attempt_at)",
        ] { try await sql.raw(SQLQueryString(statement)).run() }
    }

    package func revert(on database: any Database) async throws {
        for table in ["notifications", "invitations", "person_credentials", "person_roles"] {
            try await database.schema(table).delete()
        }
        try await (database as! any SQLDatabase).raw("ALTER TABLE users DROP COLUMN person_id").run()
        try await database.schema("people").delete()
    }
}
