import ConsortWeb
import Fluent
import SQLKit

/// Extended access (C7): hubs of a federation or network, the appointment slots of their
/// sessions, and bookings. A slot holds at most one active booking, enforced by the database
/// itself (a partial unique index), so that no two requests can ever book it twice.
package struct CreateExtendedAccess: AsyncMigration {
    /// Fluent records a migration by its module-qualified type name; this one was first run as
    /// part of `ConsortApp`, and an existing database must not run it again.
    package var name: String { "ConsortApp.CreateExtendedAccess" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("hubs")
            .field("id", .int64, .identifier(auto: true))
            .field("group_code", .string, .required, .references("organisations", "code"))
            .field("name", .string, .required)
            .field("address", .string)
            .field("created_by", .string, .required)
            .field("created_at", .string, .required)
            .create()

        try await database.schema("hub_slots")
            .field("id", .int64, .identifier(auto: true))
            .field("hub_id", .int64, .required, .references("hubs", "id", onDelete: .cascade))
            .field("room", .string, .required)
            .field("day", .string, .required)
            .field("start_minute", .int, .required)
            .field("minutes", .int, .required)
            .field("role", .string, .required)
            .field("clinician", .string)
            .create()

        try await database.schema("hub_bookings")
            .field("id", .int64, .identifier(auto: true))
            .field("slot_id", .int64, .required, .references("hub_slots", "id", onDelete: .cascade))
            .field("status", .string, .required)
            .field("nhs_number", .string, .required)
            .field("patient_name", .string, .required)
            .field("contact", .string, .required)
            .field("practice_code", .string, .required, .references("practices", "code"))
            .field("booked_by", .string, .required)
            .field("booked_at", .string, .required)
            .field("updated_at", .string, .required)
            .create()

        let sql = database as! any SQLDatabase
        for statement in [
            "CREATE INDEX hub_slots_hub_day ON hub_slots (hub_id, day)",
            "CREATE INDEX hub_bookings_practice ON hub_bookings (practice_code)",
            // At most one booking that is not cancelled per slot: the guarantee against double booking.
            "CREATE UNIQUE INDEX hub_bookings_one_per_slot ON hub_bookings (slot_id) WHERE status <> 'cancelled'",
        ] { try await sql.raw(SQLQueryString(statement)).run() }
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("hub_bookings").delete()
        try await database.schema("hub_slots").delete()
        try await database.schema("hubs").delete()
    }
}
