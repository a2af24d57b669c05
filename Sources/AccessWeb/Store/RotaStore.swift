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
        + "created_at, published_by, published_at"
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
            clinicians: StaffList.clinicians(staff, hubNames: names, from: first, through: last),
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
        let sessions = templates.flatMap {
            $0.template(hubName: inputs.hubNames[$0.hubId] ?? "").sessions(from: first, through: last)
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

    /// What checking a rota for conflicts needs, read once: its hubs' names, the group's
    /// clinicians for the period, the policy's hours and shortest block, and the sessions of the
    /// group's other published rotas in the period. A hand edit checks the rota before and after
    /// the change against the same inputs.
    package struct ConflictCheck: Sendable {
        package let rota: Row
        package let hubNames: [Int64: String]
        package let clinicians: [Clinician]
        package let windows: [AccessWindow]
        package let minBlock: Int?
        package let others: [Session]

        /// Every conflict of these sessions: people and rooms double-booked (also against the
        /// group's other published rotas), availability, limits, reach, role, and the policy's
        /// hours and shortest block.
        package func conflicts(_ sessions: [Session]) -> [RotaConflict] {
            let running = sessions.filter { !$0.notRun }
            var assignments: [String: String] = [:]
            for s in running { if let c = s.clinicianId { assignments[String(s.id)] = String(c) } }
            var found = RotaBuilder.conflicts(
                sessions: running.map { $0.session(hubName: hubNames[$0.hubId] ?? "hub \($0.hubId)") },
                clinicians: clinicians, assignments: assignments, windows: windows, minBlockMinutes: minBlock)
            for mine in running {
                for other in others
                where other.day == mine.day && other.startMinute < mine.endMinute && mine.startMinute < other.endMinute
                {
                    if other.hubId == mine.hubId && other.room == mine.room {
                        found.append(
                            RotaConflict(
                                kind: .roomDoubleBooked, sessions: [String(mine.id)],
                                message:
                                    "Room \(mine.room) is already used then by published rota \(other.rotaId) "
                                    + "(\(mine.session(hubName: "").when))."
                            ))
                    }
                    if let c = mine.clinicianId, c == other.clinicianId {
                        let name = clinicians.first { $0.id == String(c) }?.name ?? "clinician \(c)"
                        found.append(
                            RotaConflict(
                                kind: .personDoubleBooked, sessions: [String(mine.id)],
                                message:
                                    "\(name) already works then on published rota \(other.rotaId) "
                                    + "(\(mine.session(hubName: "").when))."
                            ))
                    }
                }
            }
            return found
        }

        /// The conflicts `changed` has that `sessions` did not.
        package func added(from sessions: [Session], to changed: [Session]) -> [RotaConflict] {
            let before = Set(conflicts(sessions).map(RotaStore.key))
            return conflicts(changed).filter { !before.contains(RotaStore.key($0)) }
        }

        package init(
            rota: Row, hubNames: [Int64: String], clinicians: [Clinician], windows: [AccessWindow], minBlock: Int?,
            others: [Session]
        ) {
            self.rota = rota
            self.hubNames = hubNames
            self.clinicians = clinicians
            self.windows = windows
            self.minBlock = minBlock
            self.others = others
        }
    }

    package static func conflictCheck(_ rota: Row, on db: any SQLDatabase, app: Application) async throws
        -> ConflictCheck
    {
        let hubs = try await HubSetup.hubs(of: rota.groupCode, on: db)
        let names = Dictionary(uniqueKeysWithValues: hubs.map { ($0.id, $0.name) })
        let staff = try await StaffList.list(rota.groupCode, on: db)
        let access = (try? app.policies.policy(named: rota.policy))?.rules(for: .network)?.access
        let others = try await db.raw(
            """
            SELECT s.id, s.rota_id, s.hub_id, s.room, s.day, s.start_minute, s.end_minute, s.role, s.clinician_id, \
            s.not_run
            FROM rota_sessions s JOIN rotas r ON r.id = s.rota_id
            WHERE r.group_code = \(bind: rota.groupCode) AND r.status = 'published' AND r.id <> \(bind: rota.id)
              AND s.day >= \(bind: rota.firstDay) AND s.day <= \(bind: rota.lastDay) AND s.not_run = \(bind: false)
            """
        ).all(decoding: Session.self, with: snakeCaseRows)
        return ConflictCheck(
            rota: rota, hubNames: names,
            clinicians: StaffList.clinicians(staff, hubNames: names, from: rota.first, through: rota.last),
            windows: access?.hours.compactMap(AccessWindow.init) ?? [], minBlock: access?.minBlockMinutes,
            others: others)
    }

    package static func key(_ c: RotaConflict) -> String {
        "\(c.kind.rawValue)|\(c.sessions.sorted().joined(separator: ","))|\(c.message)"
    }

    /// Puts a clinician on a session (or takes them off, `clinician` nil). Refused when it would
    /// add a conflict; after publication the session's appointment slots follow the change.
    package static func assign(
        _ rota: Row, session id: Int64, clinician: Int64?, by user: CurrentUser, app: Application
    ) async throws {
        guard Permissions.canManageAccess(rota.groupCode, user) else {
            throw NotPermitted(description: "Only administrators and the group's managers can edit its rotas.")
        }
        let db = Store.sql(app.db)
        let sessions = try await self.sessions(rota.id, on: db)
        guard let index = sessions.firstIndex(where: { $0.id == id }) else {
            throw Abort(.notFound, reason: "Rota \(rota.id) has no session \(id).")
        }
        let current = sessions[index]
        var name: String?
        if let clinician {
            let row = try await StaffList.row(clinician, on: db)
            guard row.groupCode == rota.groupCode else {
                throw FieldProblem(field: "clinician-\(id)", message: "Choose one of the group's clinicians")
            }
            name = row.name
        }
        if rota.isPublished, current.date < Day.today() {
            throw FieldProblem(
                field: "clinician-\(id)",
                message: "This session was on \(current.date.long); past sessions of a published rota cannot change",
                status: .conflict)
        }
        var changed = sessions
        changed[index] = Session(
            id: current.id, rotaId: current.rotaId, hubId: current.hubId, room: current.room, day: current.day,
            startMinute: current.startMinute, endMinute: current.endMinute, role: current.role, clinicianId: clinician,
            notRun: current.notRun)
        let new = try await conflictCheck(rota, on: db, app: app).added(from: sessions, to: changed)
        if !new.isEmpty {
            throw FieldProblem(
                field: "clinician-\(id)", message: "Not changed: " + new.map(\.message).joined(separator: " "),
                status: .conflict)
        }
        if rota.isPublished, clinician == nil {
            throw FieldProblem(
                field: "clinician-\(id)",
                message:
                    "A published session needs someone on it; choose another clinician, or mark the session as not run",
                status: .conflict)
        }
        let slotName = name
        try await Store.write(app.db) { db in
            try await db.raw("UPDATE rota_sessions SET clinician_id = \(bind: clinician) WHERE id = \(bind: id)").run()
            if rota.isPublished {
                try await db.raw(
                    "UPDATE hub_slots SET clinician = \(bind: slotName) WHERE rota_session_id = \(bind: id)"
                ).run()
            }
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "rota.assign", entity: "rota", entityID: String(rota.id),
                before: ["session": String(id), "clinician": current.clinicianId.map(String.init) ?? ""],
                after: ["session": String(id), "clinician": clinician.map(String.init) ?? ""])
        }
    }

    /// Adds a session by hand to a draft rota.
    package static func addSession(
        _ rota: Row, hub: HubSetup.Details, room: String, day: Day, start: Int, end: Int, role: StaffRole,
        by user: CurrentUser, app: Application
    ) async throws {
        guard Permissions.canManageAccess(rota.groupCode, user) else {
            throw NotPermitted(description: "Only administrators and the group's managers can edit its rotas.")
        }
        guard !rota.isPublished else {
            throw FieldProblem(
                field: "day", message: "The rota is published; add sessions to a new rota", status: .conflict)
        }
        guard hub.groupCode == rota.groupCode else {
            throw FieldProblem(field: "hub", message: "Choose one of the group's hubs")
        }
        guard hub.roomList.contains(room) else {
            throw FieldProblem(
                field: "room", message: "\(hub.name)'s rooms are \(hub.roomList.joined(separator: ", "))")
        }
        guard rota.first <= day, day <= rota.last else {
            throw FieldProblem(field: "day", message: "Choose a day from \(rota.first.long) to \(rota.last.long)")
        }
        guard start < end else { throw FieldProblem(field: "start", message: "A session starts before it ends") }
        let opening = hub.openingHours
        guard opening.windows.isEmpty || opening.covers(day: day, start: start, end: end) else {
            throw FieldProblem(
                field: "start", message: "\(hub.name) is open \(opening.text); the session must fall within those hours"
            )
        }
        let db = Store.sql(app.db)
        let sessions = try await self.sessions(rota.id, on: db)
        let added = Session(
            id: -1, rotaId: rota.id, hubId: hub.id, room: room, day: day.iso, startMinute: start, endMinute: end,
            role: role.rawValue, clinicianId: nil, notRun: false)
        let new = try await conflictCheck(rota, on: db, app: app).added(from: sessions, to: sessions + [added])
        if !new.isEmpty {
            throw FieldProblem(
                field: "room", message: "Not added: " + new.map(\.message).joined(separator: " "), status: .conflict)
        }
        try await Store.write(app.db) { db in
            try await db.raw(
                """
                INSERT INTO rota_sessions (rota_id, hub_id, room, day, start_minute, end_minute, role, clinician_id, \
                not_run)
                VALUES (\(bind: rota.id), \(bind: hub.id), \(bind: room), \(bind: day.iso), \(bind: start), \
                \(bind: end), \(bind: role.rawValue), NULL, \(bind: false))
                """
            ).run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "rota.session.add", entity: "rota",
                entityID: String(rota.id),
                after: [
                    "hub": String(hub.id), "room": room, "day": day.iso, "start": AccessWindow.clock(start),
                    "end": AccessWindow.clock(end), "role": role.rawValue,
                ])
        }
    }

    /// Removes a session from a draft rota.
    package static func removeSession(_ rota: Row, session id: Int64, by user: CurrentUser, app: Application)
        async throws
    {
        guard Permissions.canManageAccess(rota.groupCode, user) else {
            throw NotPermitted(description: "Only administrators and the group's managers can edit its rotas.")
        }
        guard !rota.isPublished else {
            throw FieldProblem(
                field: "remove-\(id)", message: "The rota is published; mark a session as not run instead",
                status: .conflict)
        }
        try await Store.write(app.db) { db in
            guard
                let s = try await db.raw(
                    "SELECT \(sessionColumns) FROM rota_sessions WHERE id = \(bind: id) AND rota_id = \(bind: rota.id)"
                )
                .first(decoding: Session.self, with: snakeCaseRows)
            else { throw Abort(.notFound, reason: "Rota \(rota.id) has no session \(id).") }
            try await db.raw("DELETE FROM rota_sessions WHERE id = \(bind: id)").run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "rota.session.remove", entity: "rota",
                entityID: String(rota.id),
                before: [
                    "session": String(id), "day": s.day, "room": s.room, "start": AccessWindow.clock(s.startMinute),
                ])
        }
    }

    /// Publishes a draft rota: refused while it has conflicts or overlaps another published rota
    /// of the group in time; every staffed session is cut into appointment slots of its role's
    /// length at its hub, in the same transaction.
    package static func publish(_ rota: Row, by user: CurrentUser, app: Application) async throws -> Int {
        guard Permissions.canManageAccess(rota.groupCode, user) else {
            throw NotPermitted(description: "Only administrators and the group's managers can publish its rotas.")
        }
        guard !rota.isPublished else {
            throw FieldProblem(field: "publish", message: "The rota is already published", status: .conflict)
        }
        let db = Store.sql(app.db)
        let sessions = try await self.sessions(rota.id, on: db)
        let found = try await conflictCheck(rota, on: db, app: app).conflicts(sessions)
        if !found.isEmpty {
            throw FieldProblem(
                field: "publish",
                message:
                    "Resolve the rota's \(found.count) conflict\(found.count == 1 ? "" : "s") before publishing: "
                    + "\(found[0].message)",
                status: .conflict)
        }
        let staffed = sessions.filter { $0.clinicianId != nil }
        guard !staffed.isEmpty else {
            throw FieldProblem(
                field: "publish", message: "Nobody is on the rota yet; there is nothing to publish", status: .conflict)
        }
        let hubs = Dictionary(
            uniqueKeysWithValues: try await HubSetup.hubs(of: rota.groupCode, on: db).map { ($0.id, $0) })
        let names = Dictionary(
            uniqueKeysWithValues: try await StaffList.list(rota.groupCode, on: db).map { ($0.id, $0.name) })
        return try await Store.write(app.db) { db in
            // Re-read inside the transaction: two publishers at once cannot both succeed.
            let fresh = try await row(rota.id, on: db)
            guard !fresh.isPublished else {
                throw FieldProblem(
                    field: "publish", message: "The rota has just been published by someone else", status: .conflict)
            }
            var rows: [[any Encodable & Sendable]] = []
            for s in staffed {
                let length = hubs[s.hubId]?.appointmentMinutes(s.staffRole) ?? 15
                var t = s.startMinute
                while t + length <= s.endMinute {
                    rows.append([s.hubId, s.room, s.day, t, length, s.role, names[s.clinicianId!] ?? "", s.id])
                    t += length
                }
            }
            try await Store.insert(
                into: "hub_slots",
                columns: ["hub_id", "room", "day", "start_minute", "minutes", "role", "clinician", "rota_session_id"],
                rows: rows, on: db)
            try await db.raw(
                "UPDATE rotas SET status = 'published', published_by = \(bind: user.username), published_at = "
                    + "\(bind: AuditChain.timestamp()) WHERE id = \(bind: rota.id)"
            ).run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "rota.publish", entity: "rota", entityID: String(rota.id),
                after: ["sessions": String(staffed.count), "slots": String(rows.count)])
            return rows.count
        }
    }

    /// Deletes a draft rota.
    package static func delete(_ rota: Row, by user: CurrentUser, app: Application) async throws {
        guard Permissions.canManageAccess(rota.groupCode, user) else {
            throw NotPermitted(description: "Only administrators and the group's managers can delete its rotas.")
        }
        guard !rota.isPublished else {
            throw FieldProblem(
                field: "delete", message: "A published rota has bookable appointments and cannot be deleted",
                status: .conflict)
        }
        try await Store.write(app.db) { db in
            try await db.raw("DELETE FROM rota_sessions WHERE rota_id = \(bind: rota.id)").run()
            try await db.raw("DELETE FROM rotas WHERE id = \(bind: rota.id)").run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "rota.delete", entity: "rota", entityID: String(rota.id),
                before: ["group": rota.groupCode, "from": rota.firstDay, "through": rota.lastDay])
        }
    }

    /// Records that a past session of a published rota did not run: its minutes no longer count
    /// as delivered, and its unbooked slots can no longer be booked.
    package static func markNotRun(_ rota: Row, session id: Int64, by user: CurrentUser, app: Application) async throws
    {
        guard Permissions.canManageAccess(rota.groupCode, user) else {
            throw NotPermitted(description: "Only administrators and the group's managers can edit its rotas.")
        }
        guard rota.isPublished else {
            throw FieldProblem(
                field: "not-run-\(id)",
                message: "Only a published rota's sessions run; remove the session from the draft instead")
        }
        try await Store.write(app.db) { db in
            guard
                let s = try await db.raw(
                    "SELECT \(sessionColumns) FROM rota_sessions WHERE id = \(bind: id) AND rota_id = \(bind: rota.id)"
                )
                .first(decoding: Session.self, with: snakeCaseRows)
            else { throw Abort(.notFound, reason: "Rota \(rota.id) has no session \(id).") }
            guard !s.notRun else {
                throw FieldProblem(
                    field: "not-run-\(id)", message: "The session is already marked as not run", status: .conflict)
            }
            struct N: Decodable { package let n: Int }
            let booked =
                try await db.raw(
                    """
                    SELECT COUNT(*) AS n FROM hub_bookings b JOIN hub_slots h ON h.id = b.slot_id WHERE \
                    h.rota_session_id = \(bind: id) AND b.status = 'booked'
                    """
                ).first(decoding: N.self)?.n ?? 0
            guard booked == 0 else {
                throw FieldProblem(
                    field: "not-run-\(id)",
                    message:
                        "\(booked) patient\(booked == 1 ? " is" : "s are") booked into this session; cancel or rebook "
                        + "them first",
                    status: .conflict)
            }
            try await db.raw("UPDATE rota_sessions SET not_run = \(bind: true) WHERE id = \(bind: id)").run()
            try await db.raw(
                "DELETE FROM hub_slots WHERE rota_session_id = \(bind: id) AND id NOT IN (SELECT slot_id FROM "
                    + "hub_bookings)"
            ).run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "rota.session.not-run", entity: "rota",
                entityID: String(rota.id),
                after: ["session": String(id), "day": s.day, "room": s.room])
        }
    }
}
