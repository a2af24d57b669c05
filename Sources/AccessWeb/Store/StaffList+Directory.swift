import Access
import ConsortCore
import ConsortWeb
import Foundation
import SQLKit
import Vapor

extension StaffList {
    package static func rows(person: Int64, on db: any SQLDatabase) async throws -> [Row] {
        try await db.raw("SELECT \(columns) FROM clinicians WHERE person_id = \(bind: person) ORDER BY id").all(
            decoding: Row.self, with: snakeCaseRows)
    }

    /// The hub lists a person is on, for their page in the directory.
    package static func panel(_ person: Int64, app: Application) async throws -> [GroupSection.Content] {
        let db = Store.sql(app.db)
        let rows = try await rows(person: person, on: db)
        guard !rows.isEmpty else { return [] }
        let view = try await app.registryCache.view(at: Day.today(), on: db)
        var table = DataTable(
            id: "hub-lists", caption: "Extended-access hub lists",
            columns: [
                .init(title: "Federation"), .init(title: "As"), .init(title: "From practice"),
                .init(title: "Most sessions a month", numeric: true), .init(title: "Availability"),
            ],
            rows: rows.map { r in
                [
                    .link(
                        view.groups[r.groupCode]?.name ?? r.groupCode,
                        AccessURL.clinician(.value(r.groupCode), .value(r.id)).path),
                    .text(r.staffRole.label), .text(r.practiceCode ?? "sessional"), .number(r.maxSessionsPerMonth),
                    .text(r.availability),
                ]
            }, fileName: "hub-lists")
        table.emptyText = "On no hub list."
        return [GroupSection.Content(heading: "Extended-access hubs", tables: [table])]
    }

    /// What people do for federations through their hubs around a day, for the conflicts search:
    /// the practice they staff hubs from, and the published sessions they worked or will work
    /// from a year before the day to three months after it.
    package static func work(_ people: [Int64], on day: Day, app: Application) async throws -> [PersonWork] {
        guard !people.isEmpty else { return [] }
        let db = Store.sql(app.db)
        let list = SQLQueryString(people.map(String.init).joined(separator: ","))
        let from = day.adding(days: -365)
        let to = day.adding(days: 91)
        struct Worked: Decodable {
            let personId: Int64
            let groupCode: String
            let n: Int
            let first: String
            let last: String
        }
        let worked = try await db.raw(
            """
            SELECT c.person_id, c.group_code, COUNT(*) AS n, MIN(s.day) AS first, MAX(s.day) AS last
            FROM rota_sessions s JOIN rotas r ON r.id = s.rota_id JOIN clinicians c ON c.id = s.clinician_id
            WHERE c.person_id IN (\(list)) AND r.status = 'published' AND s.not_run = \(bind: false) \
            AND s.day >= \(bind: from.iso) AND s.day <= \(bind: to.iso)
            GROUP BY c.person_id, c.group_code
            """
        ).all(decoding: Worked.self, with: snakeCaseRows)
        var out = worked.compactMap { w -> PersonWork? in
            guard let first = Day(iso: w.first), let last = Day(iso: w.last) else { return nil }
            return PersonWork(
                person: w.personId, organisation: w.groupCode,
                what: "works extended-access hub sessions (\(w.n) between \(first.long) and \(last.long))",
                // Engaged from a year before the day to three months after: sessions to come count as much as
                // sessions worked.
                preposition: "for", from: min(first, day), to: max(last, day))
        }
        struct Listed: Decodable {
            let personId: Int64
            let groupCode: String
            let practiceCode: String
            let role: String
        }
        let listed = try await db.raw(
            """
            SELECT person_id, group_code, practice_code, role FROM clinicians
            WHERE person_id IN (\(list)) AND practice_code IS NOT NULL
            """
        ).all(decoding: Listed.self, with: snakeCaseRows)
        for l in listed {
            let role = StaffRole(rawValue: l.role)?.label.lowercased() ?? "clinician"
            out.append(
                PersonWork(
                    person: l.personId, organisation: l.practiceCode,
                    what: "on \(l.groupCode)'s hub list as a \(role)", preposition: "from", from: from, to: nil))
        }
        return out
    }

    /// Changes one's own availability and limit on one federation's list.
    package static func updateOwn(
        _ row: Row, availability: String?, maxPerMonth: String?, by user: CurrentUser, app: Application
    ) async throws {
        guard row.personId != nil, row.personId == user.personID else {
            throw Abort(.notFound, reason: "There is no hub list entry \(row.id) of yours.")
        }
        var problems: [FieldProblem] = []
        var pattern = WeeklyPattern(windows: [])
        do { pattern = try WeeklyPattern(parsing: availability ?? "") } catch {
            problems.append(
                FieldProblem(field: "availability-\(row.id)", message: "Availability: \(error.description)"))
        }
        if pattern.windows.isEmpty, problems.isEmpty {
            problems.append(
                FieldProblem(
                    field: "availability-\(row.id)",
                    message: "Give the times you can work each week, e.g. Mon-Fri 18:00-21:00; Sat 08:00-18:00"))
        }
        let limit = Int((maxPerMonth ?? "").trimmingCharacters(in: .whitespaces))
        if limit == nil || !(1...62).contains(limit!) {
            problems.append(
                FieldProblem(field: "max-\(row.id)", message: "Give the most sessions a month you will work, 1 to 62"))
        }
        if !problems.isEmpty { throw FieldProblems(all: problems) }
        let (text, most) = (pattern.text, limit!)
        try await Store.write(app.db) { db in
            try await db.raw(
                """
                UPDATE clinicians SET availability = \(bind: text), max_sessions_per_month = \(bind: most) \
                WHERE id = \(bind: row.id)
                """
            ).run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "clinician.availability", entity: "clinician",
                entityID: String(row.id),
                before: ["availability": row.availability, "maxSessionsPerMonth": String(row.maxSessionsPerMonth)],
                after: ["availability": text, "maxSessionsPerMonth": String(most), "by": "self"])
        }
    }
}

extension StaffList {
    package struct MySession: Decodable, Sendable {
        package let id: Int64
        package let groupCode: String
        package let hub: String
        package let room: String
        package let day: String
        package let startMinute: Int
        package let endMinute: Int
        package let role: String
    }

    /// A person's published sessions for every federation, from `first` through `last`.
    package static func sessions(person: Int64, from first: Day, through last: Day, on db: any SQLDatabase)
        async throws -> [MySession]
    {
        try await db.raw(
            """
            SELECT s.id, c.group_code, h.name AS hub, s.room, s.day, s.start_minute, s.end_minute, s.role
            FROM rota_sessions s JOIN rotas r ON r.id = s.rota_id JOIN clinicians c ON c.id = s.clinician_id
            JOIN hubs h ON h.id = s.hub_id
            WHERE c.person_id = \(bind: person) AND r.status = 'published' AND s.not_run = \(bind: false) \
            AND s.day >= \(bind: first.iso) AND s.day <= \(bind: last.iso)
            ORDER BY s.day, s.start_minute, s.id
            """
        ).all(decoding: MySession.self, with: snakeCaseRows)
    }

    /// The secret address of a person's calendar across federations.
    package static func calendarToken(person: Int64, on db: any SQLDatabase) async throws -> String? {
        struct Token: Decodable { let calendarToken: String }
        return try await db.raw("SELECT calendar_token FROM people WHERE id = \(bind: person)").first(
            decoding: Token.self, with: snakeCaseRows)?.calendarToken
    }
}
