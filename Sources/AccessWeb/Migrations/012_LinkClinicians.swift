import ConsortWeb
import Fluent
import PeopleWeb
import SQLKit

/// Hub clinicians become people of the directory: each clinician row (one per federation, with
/// that federation's availability, hubs and limit) links to a person. Rows with the same name
/// and the same practice are one person who staffs several federations' hubs; a sessional
/// clinician (no practice) becomes a person of their own, since a name alone does not say two
/// rows are the same person.
package struct LinkClinicians: AsyncMigration {
    package var name: String { "ConsortApp.LinkClinicians" }

    package func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE clinicians ADD COLUMN person_id BIGINT REFERENCES people (id)").run()
        try await sql.raw("CREATE INDEX clinicians_person ON clinicians (person_id)").run()
        struct Row: Decodable {
            let id: Int64
            let name: String
            let groupCode: String
            let practiceCode: String?
            let isDemo: Bool
            let createdBy: String
        }
        let rows = try await sql.raw(
            "SELECT id, group_code, name, practice_code, is_demo, created_by FROM clinicians ORDER BY id"
        ).all(decoding: Row.self, with: snakeCaseRows)
        var people: [String: Int64] = [:]
        for row in rows {
            let key = row.practiceCode.map { "\(row.name.trimmingCharacters(in: .whitespaces).lowercased())|\($0)" }
            var person = key.flatMap { people[$0] }
            if person == nil {
                person = try await Directory.insertPerson(
                    name: row.name, isDemo: row.isDemo, by: row.createdBy, for: row.groupCode, on: sql)
                if let key { people[key] = person }
            }
            try await sql.raw("UPDATE clinicians SET person_id = \(bind: person) WHERE id = \(bind: row.id)").run()
        }
    }

    package func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX clinicians_person").run()
        try await sql.raw("ALTER TABLE clinicians DROP COLUMN person_id").run()
    }
}
