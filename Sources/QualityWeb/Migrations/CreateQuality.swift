import Fluent
import SQLKit

/// Quality (C10): indicator definitions, values per area and period, and CQC ratings.
package struct CreateQuality: AsyncMigration {
    package var name: String { "ConsortApp.CreateQuality" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("quality_indicators")
            .field("id", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("source", .string, .required)
            .field("polarity", .string, .required)
            .field("kind", .string, .required)
            .field("multiplier", .double, .required)
            .field("target", .double)
            .create()
        try await database.schema("quality_values")
            .field("id", .int64, .identifier(auto: true))
            .field("indicator_id", .string, .required, .references("quality_indicators", "id"))
            .field("period", .string, .required)
            .field("area_code", .string, .required)
            .field("area_name", .string, .required)
            .field("area_type", .string, .required)
            .field("numerator", .double, .required)
            .field("denominator", .double, .required)
            .field("source_file", .string, .required)
            .unique(on: "indicator_id", "period", "area_code")
            .create()
        try await database.schema("cqc_ratings")
            .field("practice_code", .string, .identifier(auto: false))
            .field("location_name", .string, .required)
            .field("rating_year", .int)
            .field("domain", .string, .required)
            .field("rating", .string, .required)
            .field("inherited", .bool, .required)
            .field("source_file", .string, .required)
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("cqc_ratings").delete()
        try await database.schema("quality_values").delete()
        try await database.schema("quality_indicators").delete()
    }
}
