import Fluent
import SQLKit

/// Facts of the registry that have dates of their own: the registered patients NHS England
/// publishes for groups (PCN, sub-ICB, ICB and region rows), and the earlier names of practices
/// and groups, so that the registry at a date shows the names of that date.
package struct DateRegistryFacts: AsyncMigration {
    package var name: String { "ConsortApp.DateRegistryFacts" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("group_sizes")
            .field("group_code", .string, .required, .references("organisations", "code"))
            .field("on_date", .string, .required)
            .field("patients", .int, .required)
            .field("source", .string, .required)
            .unique(on: "group_code", "on_date")
            .create()
        // A name a practice or group had before its current one, from `valid_from` (when known)
        // until `valid_to`, the date the registry learnt of the next one.
        try await database.schema("former_names")
            .field("id", .int64, .identifier(auto: true))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("valid_from", .string)
            .field("valid_to", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX former_names_code ON former_names (code, valid_to)").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("former_names").delete()
        try await database.schema("group_sizes").delete()
    }
}
