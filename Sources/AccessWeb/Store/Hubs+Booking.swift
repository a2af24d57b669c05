import Access
import ConsortCore
import ConsortWeb
import Foundation
import SQLKit
import Vapor

extension Hubs {
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
}
