import Fluent
import SQLKit

/// Elections, practice votes and surveys (C9): the polls, their rolls drawn from the registry and
/// the people directory, candidates and nominations, and the ballot box.
///
/// The box (`engagement_papers`) holds papers with no voter, no time and a random slot; since
/// `SealPapers` each is sealed (see `Box`). Only a named survey's responses keep their respondent
/// (`roll_id`).
package struct CreateEngagement: AsyncMigration {
    package func prepare(on database: any Database) async throws {
        try await database.schema("elections")
            .field("id", .int64, .identifier(auto: true))
            .field("title", .string, .required)
            .field("body_code", .string, .required)
            // Every group whose members are on the roll, comma-separated (an LMC's consortia).
            .field("group_codes", .string, .required)
            .field("method", .string, .required)
            .field("seats", .int, .required)
            .field("motion", .string)
            .field("electorate", .string, .required)
            .field("weighting", .string, .required)
            .field("roll_on", .string, .required)
            .field("roll_note", .string, .required)
            // Unix seconds; no nominations for a motion.
            .field("nominations_open", .int64)
            .field("nominations_close", .int64)
            .field("voting_open", .int64, .required)
            .field("voting_close", .int64, .required)
            // Bumped by every cast so that casts in one poll run one at a time.
            .field("box_version", .int64, .required)
            .field("sheet", .string)
            .field("counted_at", .string)
            .field("counted_by", .string)
            .field("is_demo", .bool, .required)
            .field("created_by", .string, .required)
            .field("created_at", .string, .required)
            .create()
        try await database.schema("election_candidates")
            .field("id", .int64, .identifier(auto: true))
            .field("election_id", .int64, .required, .references("elections", "id", onDelete: .cascade))
            .field("person_id", .int64, .references("people", "id"))
            .field("name", .string, .required)
            .field("withdrawn_at", .string)
            .field("created_at", .string, .required)
            .create()
        try await database.schema("surveys")
            .field("id", .int64, .identifier(auto: true))
            .field("title", .string, .required)
            .field("body_code", .string, .required)
            .field("group_codes", .string, .required)
            .field("questions", .string, .required)
            .field("anonymous", .bool, .required)
            .field("electorate", .string, .required)
            .field("weighting", .string, .required)
            .field("roll_on", .string, .required)
            .field("roll_note", .string, .required)
            .field("opens_on", .string, .required)
            .field("closes_on", .string, .required)
            .field("template", .string)
            .field("box_version", .int64, .required)
            .field("is_demo", .bool, .required)
            .field("created_by", .string, .required)
            .field("created_at", .string, .required)
            .create()
        // Who may vote or answer: a person, or a practice (cast by its managers), with the votes
        // it carries, the practice and group it was drawn from, and whether it has voted.
        try await database.schema("engagement_roll")
            .field("id", .int64, .identifier(auto: true))
            .field("poll", .string, .required)
            .field("poll_id", .int64, .required)
            .field("person_id", .int64, .references("people", "id"))
            .field("practice_code", .string)
            .field("group_code", .string)
            .field("label", .string, .required)
            .field("weight", .int, .required)
            .field("credential_digest", .string)
            .field("done", .bool, .required)
            .unique(on: "credential_digest")
            .create()
        try await database.schema("election_nominations")
            .field("candidate_id", .int64, .required, .references("election_candidates", "id", onDelete: .cascade))
            .field("roll_id", .int64, .required, .references("engagement_roll", "id", onDelete: .cascade))
            .unique(on: "candidate_id", "roll_id")
            .create()
        try await database.schema("engagement_papers")
            .field("poll", .string, .required)
            .field("poll_id", .int64, .required)
            .field("slot", .string, .required)
            .field("roll_id", .int64)
            .field("paper", .string, .required)
            .unique(on: "poll", "poll_id", "slot")
            .create()
        let sql = database as! any SQLDatabase
        for statement in [
            "CREATE INDEX engagement_roll_poll ON engagement_roll (poll, poll_id)",
            "CREATE INDEX engagement_roll_person ON engagement_roll (person_id)",
            "CREATE INDEX election_candidates_election ON election_candidates (election_id)",
        ] { try await sql.raw(SQLQueryString(statement)).run() }
    }

    package func revert(on database: any Database) async throws {
        for table in [
            "engagement_papers", "election_nominations", "engagement_roll", "surveys", "election_candidates",
            "elections",
        ] { try await database.schema(table).delete() }
    }
}
