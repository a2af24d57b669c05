import Access
import ConsortCore
import ConsortWeb
import Foundation
import PeopleWeb
import SQLKit
import Vapor

/// The clinicians who staff a federation's hubs: its member practices' GPs, nurses and other
/// clinicians, and sessional clinicians with no practice.
package enum StaffList {
    package struct Row: Decodable, Sendable {
        package let id: Int64
        package let groupCode: String
        package let name: String
        package let role: String
        package let practiceCode: String?
        package let maxSessionsPerMonth: Int
        package let hubIds: String
        package let availability: String
        package let isDemo: Bool
        package let calendarToken: String
        /// The person of the directory; the same person may staff several federations' hubs.
        package var personId: Int64? = nil

        package var staffRole: StaffRole { StaffRole(rawValue: role) ?? .other }
        package var hubs: [Int64] { hubIds.split(separator: ",").compactMap { Int64($0) } }

        package init(
            id: Int64, groupCode: String, name: String, role: String, practiceCode: String?, maxSessionsPerMonth: Int,
            hubIds: String, availability: String, isDemo: Bool, calendarToken: String
        ) {
            self.id = id
            self.groupCode = groupCode
            self.name = name
            self.role = role
            self.practiceCode = practiceCode
            self.maxSessionsPerMonth = maxSessionsPerMonth
            self.hubIds = hubIds
            self.availability = availability
            self.isDemo = isDemo
            self.calendarToken = calendarToken
        }
    }

    package static let columns: SQLQueryString =
        "id, group_code, name, role, practice_code, max_sessions_per_month, hub_ids, availability, is_demo, "
        + "calendar_token, person_id"

    package static func list(_ group: String, on db: any SQLDatabase) async throws -> [Row] {
        try await db.raw("SELECT \(columns) FROM clinicians WHERE group_code = \(bind: group) ORDER BY id").all(
            decoding: Row.self, with: snakeCaseRows
        )
        .sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
    }

    package static func row(_ id: Int64, on db: any SQLDatabase) async throws -> Row {
        guard
            let row = try await db.raw("SELECT \(columns) FROM clinicians WHERE id = \(bind: id)").first(
                decoding: Row.self, with: snakeCaseRows)
        else {
            throw Abort(.notFound, reason: "There is no clinician \(id).")
        }
        return row
    }

    package struct Entry: Sendable {
        package var name: String
        package var role: StaffRole
        package var practice: String?
        package var maxPerMonth: Int
        package var hubs: [Int64]
        package var availability: WeeklyPattern
        /// A GMC number or NMC PIN: the person of the directory who has it becomes this clinician.
        package var registration: String? = nil

        package init(
            name: String, role: StaffRole, practice: String? = nil, maxPerMonth: Int, hubs: [Int64],
            availability: WeeklyPattern, registration: String? = nil
        ) {
            self.name = name
            self.role = role
            self.practice = practice
            self.maxPerMonth = maxPerMonth
            self.hubs = hubs
            self.availability = availability
            self.registration = registration
        }
    }

    /// Validates the clinician form against the group's hubs and member practices.
    package static func entry(
        name: String?, role: String?, practice: String?, maxPerMonth: String?, hubs: [String], availability: String?,
        registration: String? = nil, hubIDs: Set<Int64>, members: Set<String>
    ) -> Result<Entry, FieldProblems> {
        var problems: [FieldProblem] = []
        let number = (registration ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        if !number.isEmpty, Workforce.gmcProblem(number) != nil, Workforce.nmcProblem(number) != nil {
            problems.append(
                FieldProblem(
                    field: "registration",
                    message: "Give a GMC number (7 digits) or an NMC PIN (e.g. 12A3456E), or leave it empty"))
        }
        let clean = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if clean.isEmpty || clean.count > 100 {
            problems.append(FieldProblem(field: "name", message: "Give the clinician's name (up to 100 characters)"))
        }
        let staff = StaffRole(rawValue: role ?? "")
        if staff == nil { problems.append(FieldProblem(field: "role", message: "Choose GP, nurse or other clinician")) }
        let code = (practice ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        if !code.isEmpty, !members.contains(code) {
            problems.append(
                FieldProblem(
                    field: "practice",
                    message:
                        "\(code) is not a member practice today; choose a member practice, or none for a sessional "
                        + "clinician"
                ))
        }
        let limit = Int((maxPerMonth ?? "").trimmingCharacters(in: .whitespaces))
        if limit == nil || !(1...62).contains(limit!) {
            problems.append(
                FieldProblem(field: "max_sessions", message: "Give the most sessions a month they will work, 1 to 62"))
        }
        let chosen = hubs.compactMap { Int64($0) }.filter(hubIDs.contains)
        if chosen.isEmpty {
            problems.append(FieldProblem(field: "hubs", message: "Tick at least one hub they can reach"))
        }
        var pattern = WeeklyPattern(windows: [])
        do { pattern = try WeeklyPattern(parsing: availability ?? "") } catch {
            problems.append(FieldProblem(field: "availability", message: "Availability: \(error.description)"))
        }
        if pattern.windows.isEmpty, !problems.contains(where: { $0.field == "availability" }) {
            problems.append(
                FieldProblem(
                    field: "availability",
                    message: "Give the times they can work each week, e.g. Mon-Fri 18:00-21:00; Sat 08:00-18:00"))
        }
        if !problems.isEmpty { return .failure(FieldProblems(all: problems)) }
        return .success(
            Entry(
                name: clean, role: staff!, practice: code.isEmpty ? nil : code, maxPerMonth: limit!,
                hubs: chosen.sorted(), availability: pattern, registration: number.isEmpty ? nil : number))
    }

    package struct Audited: Encodable {
        package let name: String, role: String, practice: String, maxSessionsPerMonth: Int, hubs: String,
            availability: String
        package init(_ e: Entry) {
            name = e.name
            role = e.role.rawValue
            practice = e.practice ?? "sessional"
            maxSessionsPerMonth = e.maxPerMonth
            hubs = e.hubs.map(String.init).joined(separator: ",")
            availability = e.availability.text
        }
        package init(_ r: Row) {
            name = r.name
            role = r.role
            practice = r.practiceCode ?? "sessional"
            maxSessionsPerMonth = r.maxSessionsPerMonth
            hubs = r.hubIds
            availability = r.availability
        }
    }

    /// Adds a clinician (`id` nil) or changes one.
    @discardableResult
    package static func save(
        id: Int64?, group: String, _ e: Entry, isDemo: Bool = false, by user: CurrentUser, app: Application
    ) async throws -> Int64 {
        guard Permissions.canManageAccess(group, user) else {
            throw NotPermitted(description: "Only administrators and the group's managers can change its clinicians.")
        }
        let hubs = e.hubs.map(String.init).joined(separator: ",")
        return try await Store.write(app.db) { db in
            if let id {
                let before = try await row(id, on: db)
                guard before.groupCode == group else {
                    throw Abort(.notFound, reason: "There is no clinician \(id) in \(group).")
                }
                try await db.raw(
                    """
                    UPDATE clinicians SET name = \(bind: e.name), role = \(bind: e.role.rawValue), practice_code = \
                    \(bind: e.practice),
                      max_sessions_per_month = \(bind: e.maxPerMonth), hub_ids = \(bind: hubs), availability = \
                      \(bind: e.availability.text) WHERE id = \(bind: id)
                    """
                ).run()
                try await AuditLog.append(
                    on: db, actor: .user(user.username), action: "clinician.update", entity: "clinician",
                    entityID: String(id),
                    before: Audited(before), after: Audited(e))
                return id
            }
            // The directory's person with this registration number, or a new person.
            var person = try await Directory.person(registration: e.registration ?? "", on: db)?.id
            if let person,
                try await db.raw(
                    "SELECT id FROM clinicians WHERE group_code = \(bind: group) AND person_id = \(bind: person)"
                ).first() != nil
            {
                throw FieldProblem(
                    field: "registration", message: "\(e.registration ?? "") is already on this federation's list",
                    status: .conflict)
            }
            if person == nil {
                let number = e.registration
                person = try await Directory.insertPerson(
                    name: e.name, gmc: number?.count == 7 ? number : nil, nmc: number?.count == 8 ? number : nil,
                    isDemo: isDemo, by: user.username, for: group, on: db)
            }
            struct ID: Decodable { package let id: Int64 }
            let id =
                try await db.raw(
                    """
                    INSERT INTO clinicians (group_code, name, role, practice_code, max_sessions_per_month, hub_ids, \
                    availability, is_demo, calendar_token, created_by, created_at, person_id)
                    VALUES (\(bind: group), \(bind: e.name), \(bind: e.role.rawValue), \(bind: e.practice), \
                    \(bind: e.maxPerMonth), \(bind: hubs),
                            \(bind: e.availability.text), \(bind: isDemo), \(bind: Tokens.random()), \
                            \(bind: user.username), \(bind: AuditChain.timestamp()), \(bind: person))
                    RETURNING id
                    """
                ).first(decoding: ID.self)?.id ?? 0
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "clinician.create", entity: "clinician",
                entityID: String(id), after: Audited(e))
            return id
        }
    }

    /// Removes a clinician who is on no rota.
    package static func remove(_ id: Int64, group: String, by user: CurrentUser, app: Application) async throws {
        guard Permissions.canManageAccess(group, user) else {
            throw NotPermitted(description: "Only administrators and the group's managers can change its clinicians.")
        }
        try await Store.write(app.db) { db in
            let before = try await row(id, on: db)
            guard before.groupCode == group else {
                throw Abort(.notFound, reason: "There is no clinician \(id) in \(group).")
            }
            struct N: Decodable { package let n: Int }
            let n =
                try await db.raw("SELECT COUNT(*) AS n FROM rota_sessions WHERE clinician_id = \(bind: id)").first(
                    decoding: N.self)?.n ?? 0
            guard n == 0 else {
                throw FieldProblem(
                    field: "remove",
                    message:
                        "\(before.name) is on \(n) rota session\(n == 1 ? "" : "s"); take them off the rotas first",
                    status: .conflict)
            }
            try await db.raw("DELETE FROM clinicians WHERE id = \(bind: id)").run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "clinician.remove", entity: "clinician",
                entityID: String(id), before: Audited(before))
        }
    }

    /// The engine's view of the clinicians for a period.
    package static func clinicians(_ rows: [Row], hubNames: [Int64: String], from first: Day, through last: Day)
        -> [Clinician]
    {
        rows.map { r in
            Clinician(
                id: String(r.id), name: r.name, role: r.staffRole, practice: r.practiceCode,
                maxSessionsPerMonth: r.maxSessionsPerMonth,
                hubs: Set(r.hubs.compactMap { hubNames[$0] }),
                availability: ((try? WeeklyPattern(parsing: r.availability)) ?? WeeklyPattern(windows: []))
                    .availability(from: first, through: last))
        }
    }
}
