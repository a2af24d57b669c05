import Fluent
import SQLKit

/// Practices, groups, dated memberships and group links, list-size history, imports, and the
/// registry's version counter (bumped by every write so that every application instance
/// knows when its cached view is stale).
package struct CreateRegistry: AsyncMigration {
    /// Fluent records a migration by its module-qualified type name; this one was first run as
    /// part of `ConsortApp`, and an existing database must not run it again.
    package var name: String { "ConsortApp.CreateRegistry" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("registry_state")
            .field("id", .int, .identifier(auto: false))
            .field("version", .int64, .required)
            .field("latest_snapshot", .string)
            .create()

        try await database.schema("practices")
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("postcode", .string)
            .field("latitude", .double)
            .field("longitude", .double)
            .field("easting", .int)
            .field("northing", .int)
            .field("coord_source", .string)
            .field("imd_score", .double)
            .field("imd_decile", .int)
            .field("rurality", .string)
            .field("contract_type", .string)
            .field("dispensing", .string)
            .field("address", .string)
            .field("phone", .string)
            .field("ods_opened_on", .string)
            .field("ods_closed_on", .string)
            .field("ods_status", .string)
            .field("known_from", .string, .required)
            .field("closed_on", .string)
            .create()

        try await database.schema("organisations")
            .field("code", .string, .identifier(auto: false))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("ons_code", .string)
            .field("legal_form", .string)
            .field("description", .string)
            .field("valid_from", .string, .required)
            .field("valid_to", .string)
            .field("source", .string, .required)
            .field("created_by", .string)
            .create()

        try await database.schema("group_links")
            .field("id", .int64, .identifier(auto: true))
            .field("child_code", .string, .required, .references("organisations", "code"))
            .field("parent_code", .string, .required, .references("organisations", "code"))
            .field("valid_from", .string, .required)
            .field("valid_to", .string)
            .create()

        try await database.schema("memberships")
            .field("id", .int64, .identifier(auto: true))
            .field("practice_code", .string, .required, .references("practices", "code"))
            .field("group_code", .string, .required, .references("organisations", "code"))
            .field("kind", .string, .required)
            .field("valid_from", .string, .required)
            .field("valid_to", .string)
            .field("source", .string, .required)
            .create()

        try await database.schema("list_sizes")
            .field("practice_code", .string, .required, .references("practices", "code"))
            .field("on_date", .string, .required)
            .field("patients", .int, .required)
            .field("weighted_patients", .double)
            .unique(on: "practice_code", "on_date")
            .create()

        try await database.schema("imports")
            .field("id", .int64, .identifier(auto: true))
            .field("format", .string, .required)
            .field("files", .string, .required)
            .field("extract_date", .string)
            .field("imported_at", .string, .required)
            .field("actor", .string, .required)
            .field("report", .string, .required)
            .create()

        let sql = database as! any SQLDatabase
        for statement in [
            "CREATE INDEX memberships_group ON memberships (group_code, valid_from)",
            "CREATE INDEX memberships_practice ON memberships (practice_code, kind)",
            "CREATE INDEX memberships_open ON memberships (valid_to)",
            "CREATE INDEX group_links_child ON group_links (child_code)",
            "CREATE INDEX organisations_kind ON organisations (kind)",
        ] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
        try await sql.raw("INSERT INTO registry_state (id, version) VALUES (1, 0)").run()
    }

    package func revert(on database: any Database) async throws {
        for table in [
            "imports", "list_sizes", "memberships", "group_links", "organisations", "practices", "registry_state",
        ] {
            try await database.schema(table).delete()
        }
    }
}
