import Fluent
import SQLKit

/// Inspection readiness (C10): evidence for CQC's quality statements, kept by a practice or
/// shared by a federation for its practices to adopt, and each practice's DSPT publications.
package struct CreateReadiness: AsyncMigration {
    package var name: String { "ConsortApp.CreateReadiness" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("readiness_evidence")
            .field("id", .int64, .identifier(auto: true))
            // `practice` (the practice's own) or `group` (a policy shared with its members).
            .field("owner_kind", .string, .required)
            .field("owner_code", .string, .required)
            .field("title", .string, .required)
            .field("detail", .string)
            .field("gathered_on", .string, .required)
            .field("review_on", .string, .required)
            .field("person_id", .int64, .references("people", "id", onDelete: .setNull))
            .field("retired_on", .string)
            .field("created_by", .string, .required)
            .field("created_at", .string, .required)
            .create()
        try await database.schema("readiness_evidence_statements")
            .field("evidence_id", .int64, .required, .references("readiness_evidence", "id", onDelete: .cascade))
            .field("statement", .string, .required)
            .unique(on: "evidence_id", "statement")
            .create()
        try await database.schema("readiness_adoptions")
            .field("evidence_id", .int64, .required, .references("readiness_evidence", "id", onDelete: .cascade))
            .field("practice_code", .string, .required)
            .field("adopted_on", .string, .required)
            .field("adopted_by", .string, .required)
            .unique(on: "evidence_id", "practice_code")
            .create()
        try await database.schema("dspt_publications")
            .field("id", .int64, .identifier(auto: true))
            .field("practice_code", .string, .required)
            .field("year", .string, .required)
            .field("status", .string, .required)
            .field("published_on", .string, .required)
            .field("standards_met", .string, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .string, .required)
            .unique(on: "practice_code", "year")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        for statement in [
            "CREATE INDEX readiness_evidence_owner ON readiness_evidence (owner_kind, owner_code)",
            "CREATE INDEX readiness_adoptions_practice ON readiness_adoptions (practice_code)",
        ] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    package func revert(on database: any Database) async throws {
        for table in [
            "dspt_publications", "readiness_adoptions", "readiness_evidence_statements", "readiness_evidence",
        ] {
            try await database.schema(table).delete()
        }
    }
}
