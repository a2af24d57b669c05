import Access
import ConsortCore
import ConsortWeb
import Foundation
import SQLKit
import Vapor

extension RotaStore {
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
        // On a published rota, the people taken off and put on the session are told.
        var told: [Int64] = []
        if rota.isPublished, current.clinicianId != clinician {
            for c in [current.clinicianId, clinician].compactMap({ $0 }) {
                if let person = try await StaffList.row(c, on: db).personId { told.append(person) }
            }
        }
        let when = current.session(hubName: "").when
        let people = told
        try await Store.write(app.db) { db in
            for person in people {
                try await Outbox.add(
                    .init(
                        personID: person, kind: .sessionChanged, subject: "Your hub session of \(when) has changed",
                        body: "A rota manager changed who works the extended-access session of \(when).",
                        link: AccessURL.mine(.sessions).path,
                        eventKey: "session-changed:\(id):\(person):\(AuditChain.timestamp())"),
                    on: db)
            }
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
        try HubSetup.refuseBankHoliday(hub, day, field: "day")
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
        let staff = try await StaffList.list(rota.groupCode, on: db)
        let names = Dictionary(uniqueKeysWithValues: staff.map { ($0.id, $0.name) })
        let personOf = Dictionary(uniqueKeysWithValues: staff.compactMap { r in r.personId.map { (r.id, $0) } })
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
            // Everyone on the rota hears of their sessions, in the same transaction.
            for (person, mine) in Dictionary(grouping: staffed, by: { personOf[$0.clinicianId!] }) {
                guard let person else { continue }
                let days = mine.map(\.day).sorted()
                try await Outbox.add(
                    .init(
                        personID: person, kind: .rotaPublished,
                        subject: "Your extended-access sessions from \(rota.first.long) are published",
                        body:
                            "The rota for \(rota.first.long) to \(rota.last.long) is published: you have "
                            + "\(mine.count) session\(mine.count == 1 ? "" : "s"), the first on "
                            + "\(Day(iso: days.first ?? "")?.long ?? "–").",
                        link: AccessURL.mine(.sessions).path, eventKey: "rota-published:\(rota.id):\(person)"),
                    on: db)
            }
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
