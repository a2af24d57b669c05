import Access
import ConsortCore
import ConsortWeb
import Foundation
import SQLKit
import Vapor

extension Hubs {
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
    package static func setStatus(
        bookingID: Int64, to status: Status, by user: CurrentUser, app: Application, now: Date = Date()
    ) async throws {
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
        // Attendance is known only once the appointment has begun (in England's time).
        let (today, minute) = Day.inEngland(now)
        if status != .cancelled, let day = Day(iso: slot.day), (day, slot.startMinute) > (today, minute) {
            throw FieldProblem(
                field: "status",
                message:
                    "the appointment is at \(AccessWindow.clock(slot.startMinute)) on \(day.long); record attendance "
                    + "once it has begun")
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
