import Fluent
import SQLKit

/// Who keeps a person besides the officers of their roles: the organisation whose officer first
/// recorded them (`people.recorded_for`), by a body's register or a federation's hub list. A link
/// made later by matching a GMC number or NMC PIN grants nothing: those numbers are public, so
/// typing one proves nothing about who the officer may keep.
///
/// Earlier releases let every register and hub-list link keep the person. On upgrade a person
/// without a role keeps the organisation of their earliest link, if the officer who made that link
/// also recorded the person; any other link keeps nothing (an administrator can add a role).
package struct RecordPeopleFor: AsyncMigration {
    package func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE people ADD COLUMN recorded_for VARCHAR(20)").run()
        try await sql.raw("CREATE INDEX people_recorded_for ON people (recorded_for)").run()
        struct Link: Decodable {
            let personId: Int64
            let organisationCode: String
            let createdBy: String
            let createdAt: String
        }
        struct Person: Decodable {
            let id: Int64
            let createdBy: String
        }
        // A new database, or one of a release before the directory, has no people yet (this runs
        // before the hub lists' and registers' tables are made or linked, which record the people
        // they create with `recorded_for` themselves).
        struct N: Decodable { let n: Int }
        guard try await sql.raw("SELECT COUNT(*) AS n FROM people").first(decoding: N.self)?.n ?? 0 > 0 else { return }
        var links: [Link] = []
        for (table, column) in [("clinicians", "group_code"), ("gov_people", "body_code")] {
            links += try await sql.raw(
                """
                SELECT person_id, \(ident: column) AS organisation_code, created_by, created_at FROM \(ident: table) \
                WHERE person_id IS NOT NULL
                """
            ).all(decoding: Link.self, with: .init(keyDecodingStrategy: .convertFromSnakeCase))
        }
        guard !links.isEmpty else { return }
        let people = try await sql.raw(
            "SELECT id, created_by FROM people WHERE id NOT IN (SELECT person_id FROM person_roles)"
        ).all(decoding: Person.self, with: .init(keyDecodingStrategy: .convertFromSnakeCase))
        let earliest = Dictionary(grouping: links, by: \.personId).compactMapValues {
            $0.min { ($0.createdAt, $0.organisationCode) < ($1.createdAt, $1.organisationCode) }
        }
        for person in people {
            guard let link = earliest[person.id], link.createdBy == person.createdBy else { continue }
            try await sql.raw(
                "UPDATE people SET recorded_for = \(bind: link.organisationCode) WHERE id = \(bind: person.id)"
            ).run()
        }
    }

    package func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX people_recorded_for").run()
        try await sql.raw("ALTER TABLE people DROP COLUMN recorded_for").run()
    }
}
