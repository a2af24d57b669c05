import ConsortWeb
import Fluent
import SQLKit

/// Governance (C5): the people who make decisions, their roles at organisations and their
/// declarations; gifts and hospitality; boards with seats and quorum rules; meetings with
/// attendance, agenda items, the organisations each concerns, the chair's actions on conflicts,
/// votes and decisions; the anonymised breach log.
package struct CreateGovernance: AsyncMigration {
    /// Fluent records a migration by its module-qualified type name; this one was first run as
    /// part of `ConsortApp`, and an existing database must not run it again.
    package var name: String { "ConsortApp.CreateGovernance" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("gov_people")
            .field("id", .int64, .identifier(auto: true))
            .field("body_code", .string, .required, .references("organisations", "code"))
            .field("name", .string, .required)
            .field("is_demo", .bool, .required)
            .field("created_by", .string, .required)
            .field("created_at", .string, .required)
            .create()
        try await database.schema("gov_affiliations")
            .field("id", .int64, .identifier(auto: true))
            .field("person_id", .int64, .required, .references("gov_people", "id", onDelete: .cascade))
            .field("organisation_code", .string, .required)
            .field("role", .string, .required)
            .field("valid_from", .string, .required)
            .field("valid_to", .string)
            .create()
        try await database.schema("gov_declarations")
            .field("id", .int64, .identifier(auto: true))
            .field("person_id", .int64, .required, .references("gov_people", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("organisation_code", .string)
            .field("organisation_name", .string, .required)
            .field("description", .string, .required)
            .field("valid_from", .string, .required)
            .field("valid_to", .string)
            .field("declared_on", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .string, .required)
            .create()
        try await database.schema("gov_gifts")
            .field("id", .int64, .identifier(auto: true))
            .field("body_code", .string, .required, .references("organisations", "code"))
            .field("person_id", .int64, .required, .references("gov_people", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("source", .string, .required)
            .field("promotional", .bool, .required)
            .field("donor", .string, .required)
            .field("description", .string, .required)
            .field("value_pence", .int, .required)
            .field("received_on", .string, .required)
            .field("outcome", .string, .required)
            .field("reason", .string, .required)
            .field("approved_by", .string)
            .field("created_by", .string, .required)
            .field("created_at", .string, .required)
            .create()
        try await database.schema("gov_boards")
            .field("id", .int64, .identifier(auto: true))
            .field("body_code", .string, .required, .references("organisations", "code"))
            .field("name", .string, .required)
            .field("quorum", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .string, .required)
            .create()
        try await database.schema("gov_seats")
            .field("id", .int64, .identifier(auto: true))
            .field("board_id", .int64, .required, .references("gov_boards", "id", onDelete: .cascade))
            .field("person_id", .int64, .required, .references("gov_people", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("valid_from", .string, .required)
            .field("valid_to", .string)
            .create()
        try await database.schema("gov_meetings")
            .field("id", .int64, .identifier(auto: true))
            .field("board_id", .int64, .required, .references("gov_boards", "id", onDelete: .cascade))
            .field("held_on", .string, .required)
            .field("title", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .string, .required)
            .create()
        try await database.schema("gov_attendance")
            .field("meeting_id", .int64, .required, .references("gov_meetings", "id", onDelete: .cascade))
            .field("person_id", .int64, .required, .references("gov_people", "id", onDelete: .cascade))
            .unique(on: "meeting_id", "person_id")
            .create()
        try await database.schema("gov_items")
            .field("id", .int64, .identifier(auto: true))
            .field("meeting_id", .int64, .required, .references("gov_meetings", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("title", .string, .required)
            .field("is_procurement", .bool, .required)
            .field("decision", .string)
            .field("decided_by", .string)
            .field("decided_at", .string)
            .field("record", .string)
            .create()
        try await database.schema("gov_item_orgs")
            .field("item_id", .int64, .required, .references("gov_items", "id", onDelete: .cascade))
            .field("organisation_code", .string, .required)
            .field("organisation_name", .string, .required)
            .field("role", .string, .required)
            .unique(on: "item_id", "organisation_code")
            .create()
        try await database.schema("gov_actions")
            .field("item_id", .int64, .required, .references("gov_items", "id", onDelete: .cascade))
            .field("person_id", .int64, .required, .references("gov_people", "id", onDelete: .cascade))
            .field("action", .string, .required)
            .field("reason", .string, .required)
            .field("recorded_by", .string, .required)
            .unique(on: "item_id", "person_id")
            .create()
        try await database.schema("gov_votes")
            .field("item_id", .int64, .required, .references("gov_items", "id", onDelete: .cascade))
            .field("person_id", .int64, .required, .references("gov_people", "id", onDelete: .cascade))
            .field("vote", .string, .required)
            .unique(on: "item_id", "person_id")
            .create()
        try await database.schema("gov_breaches")
            .field("id", .int64, .identifier(auto: true))
            .field("body_code", .string, .required, .references("organisations", "code"))
            .field("occurred_on", .string, .required)
            .field("summary", .string, .required)
            .field("action", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        for statement in [
            "CREATE INDEX gov_people_body ON gov_people (body_code)",
            "CREATE INDEX gov_declarations_person ON gov_declarations (person_id)",
            "CREATE INDEX gov_affiliations_person ON gov_affiliations (person_id)",
            "CREATE INDEX gov_seats_board ON gov_seats (board_id)",
            "CREATE INDEX gov_seats_person ON gov_seats (person_id)",
            "CREATE INDEX gov_gifts_body ON gov_gifts (body_code)",
            "CREATE INDEX gov_items_meeting ON gov_items (meeting_id)",
        ] { try await sql.raw(SQLQueryString(statement)).run() }
    }

    package func revert(on database: any Database) async throws {
        for table in [
            "gov_breaches", "gov_votes", "gov_actions", "gov_item_orgs", "gov_items", "gov_attendance", "gov_meetings",
            "gov_seats", "gov_boards", "gov_gifts", "gov_declarations", "gov_affiliations", "gov_people",
        ] {
            try await database.schema(table).delete()
        }
    }
}
