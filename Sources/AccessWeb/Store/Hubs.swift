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

    /// What the audit log keeps of a booking: no patient's name or contact, the NHS number masked.
    package struct AuditedBooking: Encodable {
        package let slot: Int64
        package let practice: String
        package let status: String
        package let nhsNumber: String

        package init(slot: Int64, practice: String, status: String, nhs: String) {
            self.slot = slot
            self.practice = practice
            self.status = status
            nhsNumber = "*******" + nhs.suffix(3)
        }
    }

    /// Books a patient of a member practice into a free slot.
    package static func book(
        slotID: Int64, nhsNumber: String, name: String, contact: String, practice: String,
        by user: CurrentUser, app: Application
    ) async throws -> Int64 {
        let nhs: NHSNumber
        do { nhs = try NHSNumber(nhsNumber) } catch {
            throw FieldProblem(field: "nhsNumber", message: error.description)
        }
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        let contact = contact.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 100 else {
            throw FieldProblem(field: "name", message: "give the patient's name (up to 100 characters)")
        }
        guard !contact.isEmpty, contact.count <= 100 else {
            throw FieldProblem(
                field: "contact", message: "give a telephone number or email address to reach the patient")
        }
        let (slot, hub) = try await self.slot(slotID, on: Store.sql(app.db))
        guard let day = Day(iso: slot.day) else {
            throw Abort(.internalServerError, reason: "slot \(slotID) has no day")
        }
        guard day >= Day.today() else {
            throw FieldProblem(
                field: "slot", message: "this appointment was on \(day.long); book one from today on", status: .conflict
            )
        }
        let view = try await app.registryCache.view(at: day, on: Store.sql(app.db))
        let code = practice.uppercased()
        guard let p = view.index[code], view.groups[hub.groupCode]?.members.contains(p) == true else {
            throw FieldProblem(
                field: "practice",
                message:
                    "\(code) is not a member practice of \(view.groups[hub.groupCode]?.name ?? hub.groupCode) on "
                    + "\(day.long); only its member practices' patients can be booked"
            )
        }
        guard canBook(for: code, hubGroup: hub.groupCode, user) else {
            throw NotPermitted(
                description:
                    "Only \(code)'s own staff, the hub's managers and administrators can book for its patients.")
        }
        return try await claim(slotID, app: app) { db in
            struct ID: Decodable { package let id: Int64 }
            let stamp = AuditChain.timestamp()
            let id =
                try await db.raw(
                    """
                    INSERT INTO hub_bookings (slot_id, status, nhs_number, patient_name, contact, practice_code, \
                    booked_by, booked_at, updated_at)
                    VALUES (\(bind: slotID), 'booked', \(bind: nhs.digits), \(bind: name), \(bind: contact), \
                    \(bind: code), \(bind: user.username), \(bind: stamp), \(bind: stamp))
                    RETURNING id
                    """
                ).first(decoding: ID.self)?.id ?? 0
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "hub.booking.create", entity: "hub_booking",
                entityID: String(id),
                after: AuditedBooking(slot: slotID, practice: code, status: "booked", nhs: nhs.digits))
            return id
        }
    }

    /// Runs `body` in a write transaction that holds `slotID`: on PostgreSQL the slot's row is
    /// locked (SQLite's BEGIN IMMEDIATE already serialises writers); a slot that already has an
    /// active booking is refused with `taken`, and so is a second booking that slipped past the
    /// check and was refused by the unique index.
    package static func claim<T: Sendable>(
        _ slotID: Int64, app: Application, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        do {
            return try await Store.write(app.db) { db in
                if !db.isSQLite {
                    _ = try await db.raw("SELECT id FROM hub_slots WHERE id = \(bind: slotID) FOR UPDATE").all()
                }
                if try await db.raw(
                    "SELECT id FROM hub_bookings WHERE slot_id = \(bind: slotID) AND status <> 'cancelled'"
                ).first() != nil {
                    throw taken
                }
                return try await body(db)
            }
        } catch let problem as FieldProblem {
            throw problem
        } catch {
            if try await Store.sql(app.db).raw(
                "SELECT id FROM hub_bookings WHERE slot_id = \(bind: slotID) AND status <> 'cancelled'"
            ).first() != nil {
                throw taken
            }
            throw error
        }
    }

    /// Moves a booked appointment to another free slot, in one transaction: the old booking is
    /// cancelled and a new one made for the same patient, or neither.
    package static func rebook(bookingID: Int64, toSlot slotID: Int64, by user: CurrentUser, app: Application)
        async throws -> Int64
    {
        let db = Store.sql(app.db)
        struct Old: Decodable {
            package let status: String
            package let nhsNumber: String
            package let patientName: String
            package let contact: String
            package let practiceCode: String
            package let slotId: Int64
        }
        let hidden = Abort(.notFound, reason: "There is no booking \(bookingID) that you can see.")
        guard
            let old = try await db.raw(
                "SELECT status, nhs_number, patient_name, contact, practice_code, slot_id FROM hub_bookings WHERE id = "
                    + "\(bind: bookingID)"
            )
            .first(decoding: Old.self, with: snakeCaseRows)
        else { throw hidden }
        let (slot, hub) = try await self.slot(slotID, on: db)
        let (oldSlot, oldHub) = try await self.slot(old.slotId, on: db)
        // A booking the user may not change answers as one that does not exist.
        guard canBook(for: old.practiceCode, hubGroup: hub.groupCode, user),
            canBook(for: old.practiceCode, hubGroup: oldHub.groupCode, user)
        else {
            throw hidden
        }
        guard old.status == Status.booked.rawValue else {
            throw FieldProblem(
                field: "slot",
                message: "booking \(bookingID) is already \(old.status); only a booked appointment can be moved",
                status: .conflict)
        }
        guard slot.id != oldSlot.id else {
            throw FieldProblem(field: "slot", message: "choose a different appointment to move to")
        }
        guard let day = Day(iso: slot.day), day >= Day.today() else {
            throw FieldProblem(
                field: "slot", message: "this appointment has passed; choose one from today on", status: .conflict)
        }
        let view = try await app.registryCache.view(at: day, on: db)
        guard let p = view.index[old.practiceCode], view.groups[hub.groupCode]?.members.contains(p) == true else {
            throw FieldProblem(
                field: "slot",
                message: "\(old.practiceCode) is not a member practice of this hub's group on \(day.long)")
        }
        return try await claim(slotID, app: app) { db in
            struct ID: Decodable { package let id: Int64 }
            let stamp = AuditChain.timestamp()
            try await db.raw(
                "UPDATE hub_bookings SET status = 'cancelled', updated_at = \(bind: stamp) WHERE id = "
                    + "\(bind: bookingID) AND status = 'booked'"
            ).run()
            let id =
                try await db.raw(
                    """
                    INSERT INTO hub_bookings (slot_id, status, nhs_number, patient_name, contact, practice_code, \
                    booked_by, booked_at, updated_at)
                    VALUES (\(bind: slotID), 'booked', \(bind: old.nhsNumber), \(bind: old.patientName), \
                    \(bind: old.contact), \(bind: old.practiceCode),
                            \(bind: user.username), \(bind: stamp), \(bind: stamp)) RETURNING id
                    """
                ).first(decoding: ID.self)?.id ?? 0
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "hub.booking.rebook", entity: "hub_booking",
                entityID: String(id),
                before: AuditedBooking(
                    slot: old.slotId, practice: old.practiceCode, status: "booked", nhs: old.nhsNumber),
                after: AuditedBooking(slot: slotID, practice: old.practiceCode, status: "booked", nhs: old.nhsNumber))
            return id
        }
    }

    package static func bookingPractice(_ id: Int64, on db: any SQLDatabase) async throws -> String {
        struct Row: Decodable { package let practiceCode: String }
        guard
            let row = try await db.raw("SELECT practice_code FROM hub_bookings WHERE id = \(bind: id)").first(
                decoding: Row.self, with: snakeCaseRows)
        else {
            throw Abort(.notFound, reason: "There is no booking \(id).")
        }
        return row.practiceCode
    }

    /// A practice's patients' hub appointments, newest last; from a day, or all.
    package struct Appointment: Decodable, Sendable {
        package let id: Int64
        package let status: String
        package let nhsNumber: String
        package let patientName: String
        package let contact: String
        package let bookedBy: String
        package let day: String
        package let startMinute: Int
        package let minutes: Int
        package let room: String
        package let role: String
        package let clinician: String?
        package let hubId: Int64
        package let hubName: String

        package init(
            id: Int64, status: String, nhsNumber: String, patientName: String, contact: String, bookedBy: String,
            day: String, startMinute: Int, minutes: Int, room: String, role: String, clinician: String?, hubId: Int64,
            hubName: String
        ) {
            self.id = id
            self.status = status
            self.nhsNumber = nhsNumber
            self.patientName = patientName
            self.contact = contact
            self.bookedBy = bookedBy
            self.day = day
            self.startMinute = startMinute
            self.minutes = minutes
            self.room = room
            self.role = role
            self.clinician = clinician
            self.hubId = hubId
            self.hubName = hubName
        }
    }

    /// The appointments of a practice's patients that `user` may see: all of them for the
    /// practice's own staff and administrators; for a federation's or network's managers, only
    /// those at their own groups' hubs. Never anyone else's.
    package static func appointments(
        of practice: String, from: Day?, visibleTo user: CurrentUser, on db: any SQLDatabase
    ) async throws -> [Appointment] {
        let everything = user.isAdministrator || Permissions.staffPractices(user).contains(practice)
        let managed = user.scopes(of: .federationManager)
        guard everything || !managed.isEmpty else { return [] }
        var filter: SQLQueryString = from.map { "AND s.day >= \(bind: $0.iso) AND b.status = 'booked'" } ?? ""
        if !everything {
            filter += " AND h.group_code IN (\(binds: managed))"
        }
        var query: SQLQueryString = """
            SELECT b.id, b.status, b.nhs_number, b.patient_name, b.contact, b.booked_by, s.day, s.start_minute, \
            s.minutes, s.room, s.role, s.clinician,
                   h.id AS hub_id, h.name AS hub_name
            FROM hub_bookings b JOIN hub_slots s ON s.id = b.slot_id JOIN hubs h ON h.id = s.hub_id
            WHERE b.practice_code = \(bind: practice) 
            """
        query = query + filter + " ORDER BY s.day, s.start_minute, b.id"
        return try await db.raw(query).all(decoding: Appointment.self, with: snakeCaseRows)
    }

    package static let taken = FieldProblem(
        field: "slot", message: "this appointment has just been booked by someone else; choose another",
        status: .conflict)

    /// Cancels a booking, or records that the patient attended or did not.
    package static func setStatus(bookingID: Int64, to status: Status, by user: CurrentUser, app: Application)
        async throws
    {
        let db = Store.sql(app.db)
        guard
            let booking = try await db.raw(
                "SELECT id, slot_id, status, nhs_number, practice_code FROM hub_bookings WHERE id = \(bind: bookingID)"
            )
            .first(decoding: Booking.self, with: snakeCaseRows)
        else { throw Abort(.notFound, reason: "There is no booking \(bookingID).") }
        let (slot, hub) = try await self.slot(booking.slotId, on: db)
        guard canBook(for: booking.practiceCode, hubGroup: hub.groupCode, user) else {
            throw NotPermitted(
                description:
                    "Only \(booking.practiceCode)'s own staff, the hub's managers and administrators can change this "
                    + "booking."
            )
        }
        guard booking.status == Status.booked.rawValue else {
            throw FieldProblem(
                field: "status",
                message: "the booking is already \(booking.status); only a booked appointment can change",
                status: .conflict)
        }
        guard status != .booked else {
            throw FieldProblem(field: "status", message: "use cancelled, attended or did-not-attend")
        }
        if status != .cancelled, let day = Day(iso: slot.day), day > Day.today() {
            throw FieldProblem(
                field: "status", message: "the appointment is on \(day.long); record attendance on or after the day")
        }
        try await Store.write(app.db) { db in
            try await db.raw(
                "UPDATE hub_bookings SET status = \(bind: status.rawValue), updated_at = "
                    + "\(bind: AuditChain.timestamp()) WHERE id = \(bind: bookingID) AND status = 'booked'"
            ).run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "hub.booking.\(status.rawValue)", entity: "hub_booking",
                entityID: String(bookingID),
                before: AuditedBooking(
                    slot: slot.id, practice: booking.practiceCode, status: booking.status, nhs: booking.nhsNumber),
                after: AuditedBooking(
                    slot: slot.id, practice: booking.practiceCode, status: status.rawValue, nhs: booking.nhsNumber))
        }
    }
}
