import ConsortCore
import ConsortWeb
import Fluent
import PeopleWeb
import SQLKit

/// The people of the registers become people of the directory, and their roles at practices
/// and groups become the directory's roles (the table `gov_affiliations` is replaced by
/// `person_roles`). A register's person who has a role at the practice of a hub clinician of
/// the same name is that clinician's person. Seats, declarations, gifts, attendance, votes and
/// the chair's actions keep their rows and ids: they refer to `gov_people`, which now links to
/// the person.
package struct LinkGovernancePeople: AsyncMigration {
    package var name: String { "ConsortApp.LinkGovernancePeople" }

    package func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE gov_people ADD COLUMN person_id BIGINT REFERENCES people (id)").run()
        try await sql.raw("CREATE INDEX gov_people_person ON gov_people (person_id)").run()
        struct Member: Decodable {
            let id: Int64
            let bodyCode: String
            let name: String
            let isDemo: Bool
            let createdBy: String
        }
        struct Role: Decodable {
            let personId: Int64
            let organisationCode: String
            let role: String
            let validFrom: String
            let validTo: String?
        }
        struct Clinician: Decodable {
            let personId: Int64
            let name: String
            let practiceCode: String
        }
        let members = try await sql.raw(
            "SELECT id, body_code, name, is_demo, created_by FROM gov_people ORDER BY id"
        ).all(decoding: Member.self, with: snakeCaseRows)
        let roles = try await sql.raw(
            "SELECT person_id, organisation_code, role, valid_from, valid_to FROM gov_affiliations ORDER BY id"
        ).all(decoding: Role.self, with: snakeCaseRows)
        let clinicians = try await sql.raw(
            "SELECT person_id, name, practice_code FROM clinicians WHERE practice_code IS NOT NULL AND "
                + "person_id IS NOT NULL"
        ).all(decoding: Clinician.self, with: snakeCaseRows)
        func key(_ name: String) -> String { name.trimmingCharacters(in: .whitespaces).lowercased() }
        var personOf: [Int64: Int64] = [:]
        for member in members {
            let places = Set(roles.filter { $0.personId == member.id }.map(\.organisationCode))
            let same = clinicians.first { key($0.name) == key(member.name) && places.contains($0.practiceCode) }
            let person: Int64
            if let same {
                person = same.personId
            } else {
                person = try await Directory.insertPerson(
                    name: member.name, isDemo: member.isDemo, by: member.createdBy, for: member.bodyCode, on: sql)
            }
            personOf[member.id] = person
            try await sql.raw("UPDATE gov_people SET person_id = \(bind: person) WHERE id = \(bind: member.id)").run()
        }
        struct Kind: Decodable { let kind: String }
        for role in roles {
            guard let person = personOf[role.personId] else { continue }
            var kind = PersonRole.reading(role.role)
            if kind == nil {
                // Words of the earlier free-text field: kept as the title, under the general role
                // of the organisation's kind.
                let group = try await sql.raw(
                    "SELECT kind FROM organisations WHERE code = \(bind: role.organisationCode)"
                ).first(decoding: Kind.self).flatMap { GroupKind(rawValue: $0.kind) }
                if let group, PersonRole.Place.provider.admits(group) {
                    kind = .employee
                } else if let group, PersonRole.Place.commissioner.admits(group) {
                    kind = .committee
                } else {
                    kind = .otherPractice
                }
            }
            let title = kind?.label.lowercased() == role.role.lowercased() ? nil : role.role
            try await sql.raw(
                """
                INSERT INTO person_roles (person_id, organisation_code, role, title, valid_from, valid_to)
                VALUES (\(bind: person), \(bind: role.organisationCode), \(bind: kind!.rawValue), \(bind: title), \
                \(bind: role.validFrom), \(bind: role.validTo))
                """
            ).run()
        }
        try await database.schema("gov_affiliations").delete()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("gov_affiliations")
            .field("id", .int64, .identifier(auto: true))
            .field("person_id", .int64, .required, .references("gov_people", "id", onDelete: .cascade))
            .field("organisation_code", .string, .required)
            .field("role", .string, .required)
            .field("valid_from", .string, .required)
            .field("valid_to", .string)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw(
            """
            INSERT INTO gov_affiliations (person_id, organisation_code, role, valid_from, valid_to)
            SELECT g.id, r.organisation_code, COALESCE(r.title, r.role), r.valid_from, r.valid_to
            FROM person_roles r JOIN gov_people g ON g.person_id = r.person_id
            """
        ).run()
        try await sql.raw("DROP INDEX gov_people_person").run()
        try await sql.raw("ALTER TABLE gov_people DROP COLUMN person_id").run()
    }
}
