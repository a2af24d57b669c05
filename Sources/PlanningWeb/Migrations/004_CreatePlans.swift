import ConsortWeb
import Fluent
import SQLKit

/// Saved plans (C3): the request, its progress while it runs, and its result.
package struct CreatePlans: AsyncMigration {
    /// Fluent records a migration by its module-qualified type name; this one was first run as
    /// part of `ConsortApp`, and an existing database must not run it again.
    package var name: String { "ConsortApp.CreatePlans" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("plans")
            .field("id", .int64, .identifier(auto: true))
            .field("name", .string, .required)
            .field("status", .string, .required)
            .field("progress", .double, .required)
            .field("request_json", .string, .required)
            .field("result_json", .string)
            .field("error", .string)
            .field("created_by", .string, .required)
            .field("created_at", .string, .required)
            .field("updated_at", .string, .required)
            .field("adopted_on", .string)
            .field("adopted_by", .string)
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("plans").delete()
    }
}
