import Access
import ConsortCore
import ConsortWeb
import Foundation
import SQLKit
import Vapor

/// Hubs, their appointment slots, and bookings of member practices' patients into them.
/// Every write is one transaction with its audit entry. A slot can hold only one active
/// booking: the database's partial unique index refuses a second whatever the concurrency,
/// and the refusal reaches the user as a clear 409.
package enum Hubs {
    package enum Status: String, Codable, CaseIterable, Sendable {
        case booked, cancelled, attended
        case didNotAttend = "did-not-attend"
    }

    package struct Slot: Decodable, Sendable {
        package let id: Int64
        package let hubId: Int64
        package let room: String
        package let day: String
        package let startMinute: Int
        package let minutes: Int
        package let role: String
        package let clinician: String?

        package init(
            id: Int64, hubId: Int64, room: String, day: String, startMinute: Int, minutes: Int, role: String,
            clinician: String?
        ) {
            self.id = id
            self.hubId = hubId
            self.room = room
            self.day = day
            self.startMinute = startMinute
            self.minutes = minutes
            self.role = role
            self.clinician = clinician
        }
    }

    package struct Booking: Decodable, Sendable {
        package let id: Int64
        package let slotId: Int64
        package let status: String
        package let nhsNumber: String
        package let practiceCode: String

        package init(id: Int64, slotId: Int64, status: String, nhsNumber: String, practiceCode: String) {
            self.id = id
            self.slotId = slotId
            self.status = status
            self.nhsNumber = nhsNumber
            self.practiceCode = practiceCode
        }
    }

    // MARK: Permissions

    /// Booking for a practice's patients: administrators, the hub's managers, and the
    /// practice's own staff (practice managers and clinicians of that practice).
    package static func canBook(for practice: String, hubGroup: String, _ user: CurrentUser?) -> Bool {
        guard let user else { return false }
        return Permissions.canManageAccess(hubGroup, user) || user.scopes(of: .practiceManager).contains(practice)
            || user.scopes(of: .clinician).contains(practice)
    }

    // MARK: Reading

    package static func slot(_ id: Int64, on db: any SQLDatabase) async throws -> (Slot, HubSetup.Details) {
        guard
            let slot = try await db.raw(
                "SELECT id, hub_id, room, day, start_minute, minutes, role, clinician FROM hub_slots WHERE id = "
                    + "\(bind: id)"
            )
            .first(decoding: Slot.self, with: snakeCaseRows)
        else {
            throw Abort(.notFound, reason: "There is no appointment slot \(id).")
        }
        return (slot, try await HubSetup.details(slot.hubId, on: db))
    }

    // MARK: Writing

    package static func create(group: String, name: String, address: String?, by user: CurrentUser, app: Application)
        async throws -> Int64
    {
        let view = try await app.registryCache.view(at: Day.today(), on: Store.sql(app.db))
        guard let info = view.groups[group], info.kind == .federation || info.kind == .network else {
            throw FieldProblem(field: "group", message: "\(group) is not a federation or network; a hub belongs to one")
        }
        guard Permissions.canManageAccess(group, user) else {
            throw NotPermitted(description: "Only administrators and the managers of \(info.name) can open its hubs.")
        }
        let clean = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !clean.isEmpty, clean.count <= 120 else {
            throw FieldProblem(field: "name", message: "give the hub a name of 1 to 120 characters")
        }
        let address = address?.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await Store.write(app.db) { db in
            struct ID: Decodable { package let id: Int64 }
            if try await db.raw(
                "SELECT id FROM hubs WHERE group_code = \(bind: group) AND LOWER(name) = \(bind: clean.lowercased())"
            ).first() != nil {
                throw FieldProblem(
                    field: "name",
                    message: "\(info.name) already has a hub called \(clean); give this one another name",
                    status: .conflict)
            }
            let id =
                try await db.raw(
                    """
                    INSERT INTO hubs (group_code, name, address, created_by, created_at, calendar_token)
                    VALUES (\(bind: group), \(bind: clean), \(bind: address?.isEmpty == false ? address : nil), \
                    \(bind: user.username), \(bind: AuditChain.timestamp()), \(bind: Tokens.random())) RETURNING id
                    """
                ).first(decoding: ID.self)?.id ?? 0
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "hub.create", entity: "hub", entityID: String(id),
                after: ["group": group, "name": clean, "address": address ?? ""])
            return id
        }
    }

    /// Cuts a session (a room from `start` to `end` on a day) into appointments of
    /// `appointmentMinutes` and adds them as slots.
    package static func addSession(
        hub: HubSetup.Details, day: Day, start: Int, end: Int, room: String, role: StaffRole, appointmentMinutes: Int,
        clinician: String?, by user: CurrentUser, app: Application
    ) async throws -> [Int64] {
        guard Permissions.canManageAccess(hub.groupCode, user) else {
            throw NotPermitted(description: "Only administrators and the hub's managers can add sessions.")
        }
        guard (0..<(24 * 60)).contains(start), start < end, end <= 24 * 60 else {
            throw FieldProblem(field: "start", message: "a session must start before it ends, within one day")
        }
        guard (5...120).contains(appointmentMinutes), appointmentMinutes <= end - start else {
            throw FieldProblem(
                field: "appointmentMinutes", message: "appointments last 5 to 120 minutes and fit within the session")
        }
        let room = room.trimmingCharacters(in: .whitespaces)
        guard !room.isEmpty else { throw FieldProblem(field: "room", message: "name the room") }
        try HubSetup.refuseBankHoliday(hub, day, field: "day")
        return try await Store.write(app.db) { db in
            struct Clash: Decodable { package let n: Int }
            let clash =
                try await db.raw(
                    """
                    SELECT COUNT(*) AS n FROM hub_slots WHERE hub_id = \(bind: hub.id) AND room = \(bind: room) AND \
                    day = \(bind: day.iso)
                      AND start_minute < \(bind: end) AND start_minute + minutes > \(bind: start)
                    """
                ).first(decoding: Clash.self)?.n ?? 0
            guard clash == 0 else {
                throw FieldProblem(
                    field: "room",
                    message: "room \(room) already has appointments then; a room cannot hold two sessions at once")
            }
            var ids: [Int64] = []
            struct ID: Decodable { package let id: Int64 }
            var t = start
            while t + appointmentMinutes <= end {
                let id =
                    try await db.raw(
                        """
                        INSERT INTO hub_slots (hub_id, room, day, start_minute, minutes, role, clinician)
                        VALUES (\(bind: hub.id), \(bind: room), \(bind: day.iso), \(bind: t), \
                        \(bind: appointmentMinutes), \(bind: role.rawValue), \(bind: clinician)) RETURNING id
                        """
                    ).first(decoding: ID.self)?.id ?? 0
                ids.append(id)
                t += appointmentMinutes
            }
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "hub.session.add", entity: "hub", entityID: String(hub.id),
                after: [
                    "day": day.iso, "start": String(start), "end": String(end), "room": room, "role": role.rawValue,
                    "slots": String(ids.count),
                ])
            return ids
        }
    }
}
