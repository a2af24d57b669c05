import Access
import ConsortCore
import ConsortWeb
import Foundation
import SQLKit
import Vapor

/// Rotas of a federation's or network's hubs: built for a period by `RotaBuilder`, edited by
/// hand with conflict checks, published as bookable appointment slots.
package enum RotaStore {
    package enum Status: String, Sendable { case draft, published }

    package struct Row: Decodable, Sendable {
        package let id: Int64
        package let groupCode: String
        package let policy: String
        package let firstDay: String
        package let lastDay: String
        package let status: String
        package let requiredMinutes: Int
        package let gpCover: Bool
        package let gaps: String
        package let createdBy: String
        package let createdAt: String
        package let publishedBy: String?
        package let publishedAt: String?
        /// Sessions that run with nobody on them (beyond what the requirement needed, or gaps).
        package var unstaffed: Int = 0

        package var first: Day { Day(iso: firstDay) ?? Day.today() }
        package var last: Day { Day(iso: lastDay) ?? Day.today() }
        package var isPublished: Bool { status == Status.published.rawValue }
        package var gapList: [Rota.Gap] { (try? JSONDecoder().decode([Rota.Gap].self, from: Data(gaps.utf8))) ?? [] }

        package init(
            id: Int64, groupCode: String, policy: String, firstDay: String, lastDay: String, status: String,
            requiredMinutes: Int, gpCover: Bool, gaps: String, createdBy: String, createdAt: String,
            publishedBy: String?, publishedAt: String?
        ) {
            self.id = id
            self.groupCode = groupCode
            self.policy = policy
            self.firstDay = firstDay
            self.lastDay = lastDay
            self.status = status
            self.requiredMinutes = requiredMinutes
            self.gpCover = gpCover
            self.gaps = gaps
            self.createdBy = createdBy
            self.createdAt = createdAt
            self.publishedBy = publishedBy
            self.publishedAt = publishedAt
        }
    }

    package struct Session: Decodable, Sendable {
        package let id: Int64
        package let rotaId: Int64
        package let hubId: Int64
        package let room: String
        package let day: String
        package let startMinute: Int
        package let endMinute: Int
        package let role: String
        package let clinicianId: Int64?
        package let notRun: Bool

        package var minutes: Int { endMinute - startMinute }
        package var date: Day { Day(iso: day) ?? Day(ordinal: 0) }
        package var staffRole: StaffRole { StaffRole(rawValue: role) ?? .other }

        package func session(hubName: String) -> RotaSession {
            RotaSession(
                id: String(id), hub: hubName, room: room, day: date, start: startMinute, end: endMinute, role: staffRole
            )
        }

        package init(
            id: Int64, rotaId: Int64, hubId: Int64, room: String, day: String, startMinute: Int, endMinute: Int,
            role: String, clinicianId: Int64?, notRun: Bool
        ) {
            self.id = id
            self.rotaId = rotaId
            self.hubId = hubId
            self.room = room
            self.day = day
            self.startMinute = startMinute
            self.endMinute = endMinute
            self.role = role
            self.clinicianId = clinicianId
            self.notRun = notRun
        }
    }

    package static let columns: SQLQueryString =
        "id, group_code, policy, first_day, last_day, status, required_minutes, gp_cover, gaps, created_by, "
        + "created_at, published_by, published_at, (SELECT COUNT(*) FROM rota_sessions s WHERE s.rota_id = rotas.id "
        + "AND s.clinician_id IS NULL AND s.not_run = FALSE) AS unstaffed"
    package static let sessionColumns: SQLQueryString =
        "id, rota_id, hub_id, room, day, start_minute, end_minute, role, clinician_id, not_run"

    /// The longest period a rota may cover.
    package static let maxDays = 92

    package static func row(_ id: Int64, on db: any SQLDatabase) async throws -> Row {
        guard
            let row = try await db.raw("SELECT \(columns) FROM rotas WHERE id = \(bind: id)").first(
                decoding: Row.self, with: snakeCaseRows)
        else {
            throw Abort(.notFound, reason: "There is no rota \(id).")
        }
        return row
    }

    package static func list(_ group: String, on db: any SQLDatabase) async throws -> [Row] {
        try await db.raw(
            "SELECT \(columns) FROM rotas WHERE group_code = \(bind: group) ORDER BY first_day DESC, id DESC"
        ).all(decoding: Row.self, with: snakeCaseRows)
    }

    package static func sessions(_ rota: Int64, on db: any SQLDatabase) async throws -> [Session] {
        try await db.raw(
            "SELECT \(sessionColumns) FROM rota_sessions WHERE rota_id = \(bind: rota) ORDER BY day, start_minute, "
                + "hub_id, room, id"
        )
        .all(decoding: Session.self, with: snakeCaseRows)
    }

    /// The registered and weighted (adjusted) populations of a group's member practices.
    package static func populations(_ group: GroupInfo, _ view: RegistryView) -> (registered: Double, adjusted: Double)
    {
        let members = view.members(of: group)
        return (
            Double(members.reduce(0) { $0 + ($1.listSize ?? 0) }),
            members.reduce(0.0) { $0 + ($1.weightedListSize ?? Double($1.listSize ?? 0)) }
        )
    }

    /// The weekly requirement of a group under a policy, on the group's members at `view.date`.
    package static func requirement(_ group: GroupInfo, _ view: RegistryView, policy: Policy) throws
        -> AccessRequirement
    {
        let (registered, adjusted) = populations(group, view)
        do { return try Capacity.requirement(policy: policy, registered: registered, adjusted: adjusted) } catch {
            throw FieldProblem(field: "policy", message: error.description)
        }
    }

    /// Everything the engine needs to staff a group's hubs for a period.
    package struct Inputs: Sendable {
        package let hubs: [HubSetup.Details]
        package let hubNames: [Int64: String]
        package let clinicians: [Clinician]
        package let staff: [StaffList.Row]
        package let shares: [String: Int]

        package init(
            hubs: [HubSetup.Details], hubNames: [Int64: String], clinicians: [Clinician], staff: [StaffList.Row],
            shares: [String: Int]
        ) {
            self.hubs = hubs
            self.hubNames = hubNames
            self.clinicians = clinicians
            self.staff = staff
            self.shares = shares
        }
    }

    package static func inputs(
        _ group: GroupInfo, view: RegistryView, from first: Day, through last: Day, on db: any SQLDatabase
    ) async throws -> Inputs {
        let hubs = try await HubSetup.hubs(of: group.code, on: db)
        let names = Dictionary(uniqueKeysWithValues: hubs.map { ($0.id, $0.name) })
        let staff = try await StaffList.list(group.code, on: db)
        let shares = Dictionary(
            view.members(of: group).map { ($0.code, $0.listSize ?? 0) }, uniquingKeysWith: { a, _ in a })
        return Inputs(
            hubs: hubs, hubNames: names,
            clinicians: try await StaffList.withPeople(
                StaffList.clinicians(staff, hubNames: names, from: first, through: last), rows: staff,
                group: group.code, from: first, through: last, on: db),
            staff: staff, shares: shares)
    }

    /// Builds a draft rota for `first` through `last` from the hubs' weekly sessions and the
    /// clinicians' availability, and stores it with its gaps in one transaction.
    package static func build(
        group: GroupInfo, policy: Policy, from first: Day, through last: Day, by user: CurrentUser, app: Application
    ) async throws -> Int64 {
        guard Permissions.canManageAccess(group.code, user) else {
            throw NotPermitted(
                description: "Only administrators and the managers of \(group.name) can build its rotas.")
        }
        guard first <= last else {
            throw FieldProblem(field: "last_day", message: "The last day must be on or after the first day")
        }
        guard last.ordinal - first.ordinal < maxDays else {
            throw FieldProblem(
                field: "last_day", message: "A rota covers at most \(maxDays) days; build one a quarter at a time")
        }
        let view = try await app.registryCache.view(at: first, on: Store.sql(app.db))
        let requirement = try self.requirement(group, view, policy: policy)
        let db = Store.sql(app.db)
        let inputs = try await self.inputs(group, view: view, from: first, through: last, on: db)
        guard !inputs.hubs.isEmpty else {
            throw FieldProblem(
                field: "first_day",
                message: "\(group.name) has no hubs yet; open a hub and give it weekly sessions first")
        }
        let templates = try await HubSetup.templates(hubs: inputs.hubs.map(\.id), on: db)
        guard !templates.isEmpty else {
            throw FieldProblem(
                field: "first_day",
                message: "None of \(group.name)'s hubs has weekly sessions; add them on each hub's page first")
        }
        let hubByTemplate = Dictionary(uniqueKeysWithValues: templates.map { ("t\($0.id)", $0.hubId) })
        // Weekly sessions, but not on England's bank holidays at hubs that close on them.
        let opens = Set(inputs.hubs.filter(\.opensOnBankHolidays).map(\.id))
        let sessions = templates.flatMap { t in
            t.template(hubName: inputs.hubNames[t.hubId] ?? "").sessions(from: first, through: last).filter {
                opens.contains(t.hubId) || !BankHolidays.isBankHoliday($0.day)
            }
        }
        let rota = RotaBuilder.build(
            sessions: sessions, clinicians: inputs.clinicians, shares: inputs.shares,
            requiredMinutesPerWeek: requirement.minutesPerWeek, gpCover: requirement.gpCover)
        let gaps = String(decoding: try JSONEncoder().encode(rota.gaps), as: UTF8.self)
        return try await Store.write(app.db) { db in
            struct ID: Decodable { package let id: Int64 }
            let id =
                try await db.raw(
                    """
                    INSERT INTO rotas (group_code, policy, first_day, last_day, status, required_minutes, gp_cover, \
                    gaps, created_by, created_at)
                    VALUES (\(bind: group.code), \(bind: policy.name), \(bind: first.iso), \(bind: last.iso), \
                    'draft', \(bind: requirement.minutesPerWeek),
                            \(bind: requirement.gpCover), \(bind: gaps), \(bind: user.username), \
                            \(bind: AuditChain.timestamp()))
                    RETURNING id
                    """
                ).first(decoding: ID.self)?.id ?? 0
            let rows: [[any Encodable & Sendable]] = sessions.map { s in
                let template = String(s.id.split(separator: "-").first ?? "")
                return [
                    id, hubByTemplate[template] ?? 0, s.room, s.day.iso, s.start, s.end, s.role.rawValue,
                    rota.assignments[s.id].flatMap { Int64($0) }, false,
                ]
            }
            try await Store.insert(
                into: "rota_sessions",
                columns: [
                    "rota_id", "hub_id", "room", "day", "start_minute", "end_minute", "role", "clinician_id", "not_run",
                ],
                rows: rows, on: db)
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "rota.build", entity: "rota", entityID: String(id),
                after: [
                    "group": group.code, "policy": policy.name, "from": first.iso, "through": last.iso,
                    "sessions": String(sessions.count), "staffed": String(rota.assignments.count),
                    "gaps": String(rota.gaps.count),
                ])
            return id
        }
    }
}
