import ConsortWeb
import Fluent
import SQLKit

/// Extended access rotas (C7): hubs gain rooms, opening hours, appointment lengths and a
/// calendar feed; session templates; the clinicians who staff hubs; rotas built for a period
/// and their sessions. A published rota's staffed sessions become bookable slots.
package struct CreateRotas: AsyncMigration {
    /// Fluent records a migration by its module-qualified type name; this one was first run as
    /// part of `ConsortApp`, and an existing database must not run it again.
    package var name: String { "ConsortApp.CreateRotas" }

    package func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for statement in [
            "ALTER TABLE hubs ADD COLUMN rooms TEXT NOT NULL DEFAULT 'Room 1'",
            "ALTER TABLE hubs ADD COLUMN opening TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE hubs ADD COLUMN appointment_gp INTEGER NOT NULL DEFAULT 15",
            "ALTER TABLE hubs ADD COLUMN appointment_nurse INTEGER NOT NULL DEFAULT 15",
            "ALTER TABLE hubs ADD COLUMN appointment_other INTEGER NOT NULL DEFAULT 20",
            "ALTER TABLE hubs ADD COLUMN calendar_token TEXT",
            "ALTER TABLE hub_slots ADD COLUMN rota_session_id BIGINT",
        ] { try await sql.raw(SQLQueryString(statement)).run() }
        // Every hub has a secret calendar address.
        struct ID: Decodable { package let id: Int64 }
        for hub in try await sql.raw("SELECT id FROM hubs").all(decoding: ID.self) {
            try await sql.raw("UPDATE hubs SET calendar_token = \(bind: Tokens.random()) WHERE id = \(bind: hub.id)")
                .run()
        }

        try await database.schema("hub_templates")
            .field("id", .int64, .identifier(auto: true))
            .field("hub_id", .int64, .required, .references("hubs", "id", onDelete: .cascade))
            .field("room", .string, .required)
            .field("first_weekday", .int, .required)
            .field("last_weekday", .int, .required)
            .field("start_minute", .int, .required)
            .field("end_minute", .int, .required)
            .field("role", .string, .required)
            .create()

        try await database.schema("clinicians")
            .field("id", .int64, .identifier(auto: true))
            .field("group_code", .string, .required, .references("organisations", "code"))
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("practice_code", .string, .references("practices", "code"))
            .field("max_sessions_per_month", .int, .required)
            .field("hub_ids", .string, .required)
            .field("availability", .string, .required)
            .field("is_demo", .bool, .required)
            .field("calendar_token", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .string, .required)
            .create()

        try await database.schema("rotas")
            .field("id", .int64, .identifier(auto: true))
            .field("group_code", .string, .required, .references("organisations", "code"))
            .field("policy", .string, .required)
            .field("first_day", .string, .required)
            .field("last_day", .string, .required)
            .field("status", .string, .required)
            .field("required_minutes", .int, .required)
            .field("gp_cover", .bool, .required)
            .field("gaps", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .string, .required)
            .field("published_by", .string)
            .field("published_at", .string)
            .create()

        try await database.schema("rota_sessions")
            .field("id", .int64, .identifier(auto: true))
            .field("rota_id", .int64, .required, .references("rotas", "id", onDelete: .cascade))
            .field("hub_id", .int64, .required, .references("hubs", "id", onDelete: .cascade))
            .field("room", .string, .required)
            .field("day", .string, .required)
            .field("start_minute", .int, .required)
            .field("end_minute", .int, .required)
            .field("role", .string, .required)
            .field("clinician_id", .int64, .references("clinicians", "id"))
            .field("not_run", .bool, .required)
            .create()

        for statement in [
            "CREATE INDEX rota_sessions_rota_day ON rota_sessions (rota_id, day)",
            "CREATE INDEX hub_slots_rota_session ON hub_slots (rota_session_id)",
            "CREATE INDEX clinicians_group ON clinicians (group_code)",
            "CREATE UNIQUE INDEX clinicians_calendar ON clinicians (calendar_token)",
            "CREATE UNIQUE INDEX hubs_calendar ON hubs (calendar_token)",
        ] { try await sql.raw(SQLQueryString(statement)).run() }
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("rota_sessions").delete()
        try await database.schema("rotas").delete()
        try await database.schema("clinicians").delete()
        try await database.schema("hub_templates").delete()
    }
}
