import Access
import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// The extended-access API: hubs, their sessions cut into appointment slots, and bookings.
package enum HubsAPI {
    package struct HubInput: Content {
        package var group: String?
        package var name: String?
        package var address: String?

        package init(group: String? = nil, name: String? = nil, address: String? = nil) {
            self.group = group
            self.name = name
            self.address = address
        }
    }
    package struct SessionInput: Content {
        package var day: String?
        package var start: String?
        package var end: String?
        package var room: String?
        package var role: String?
        package var appointmentMinutes: Int?
        package var clinician: String?

        package init(
            day: String? = nil, start: String? = nil, end: String? = nil, room: String? = nil, role: String? = nil,
            appointmentMinutes: Int? = nil, clinician: String? = nil
        ) {
            self.day = day
            self.start = start
            self.end = end
            self.room = room
            self.role = role
            self.appointmentMinutes = appointmentMinutes
            self.clinician = clinician
        }
    }
    package struct BookingInput: Content {
        package var nhsNumber: String?
        package var name: String?
        package var contact: String?
        package var practice: String?

        package init(nhsNumber: String? = nil, name: String? = nil, contact: String? = nil, practice: String? = nil) {
            self.nhsNumber = nhsNumber
            self.name = name
            self.contact = contact
            self.practice = practice
        }
    }
    package struct StatusInput: Content {
        package var status: String?

        package init(status: String? = nil) {
            self.status = status
        }
    }

    package struct Created: Content {
        package let id: Int64

        package init(id: Int64) {
            self.id = id
        }
    }
    package struct CreatedSlots: Content {
        package let slots: [Int64]

        package init(slots: [Int64]) {
            self.slots = slots
        }
    }

    package static func id(_ req: Request) throws -> Int64 {
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        return id
    }

    /// `18:30` as minutes after midnight.
    package static func minutes(_ text: String?, field: String) throws -> Int {
        let parts = (text ?? "").split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h),
            (0..<60).contains(m), h * 60 + m <= 24 * 60
        else {
            throw FieldProblem(field: field, message: "give a time as HH:MM, e.g. 18:30")
        }
        return h * 60 + m
    }

    package static func created<T: Content>(_ value: T, location: String, for req: Request) async throws -> Response {
        let response = try await value.encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: location)
        return response
    }

    @Sendable package static func createHub(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let input = try req.content.decode(HubInput.self)
        let id = try await Hubs.create(
            group: (input.group ?? "").uppercased(), name: input.name ?? "", address: input.address, by: user,
            app: req.application)
        return try await created(Created(id: id), location: AccessURL.API.hubSlots(.value(id)).path, for: req)
    }

    @Sendable package static func addSession(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let hub = try await HubSetup.details(try id(req), on: Store.sql(req.db))
        let input = try req.content.decode(SessionInput.self)
        guard let day = Day(iso: input.day ?? "") else {
            throw FieldProblem(field: "day", message: "give the day as YYYY-MM-DD")
        }
        guard let role = StaffRole(rawValue: input.role ?? "") else {
            throw FieldProblem(field: "role", message: "use gp, nurse or other")
        }
        let ids = try await Hubs.addSession(
            hub: hub, day: day, start: try minutes(input.start, field: "start"),
            end: try minutes(input.end, field: "end"),
            room: input.room ?? "", role: role, appointmentMinutes: input.appointmentMinutes ?? 15,
            clinician: input.clinician, by: user, app: req.application)
        return try await created(
            CreatedSlots(slots: ids), location: AccessURL.API.hubSlots(.value(hub.id)).path([("day", day.iso)]),
            for: req)
    }

    package struct SlotOut: Content {
        package let id: Int64
        package let day: String
        package let start: String
        package let minutes: Int
        package let room: String
        package let role: String
        package let clinician: String?
        package let booked: Bool

        package init(
            id: Int64, day: String, start: String, minutes: Int, room: String, role: String, clinician: String?,
            booked: Bool
        ) {
            self.id = id
            self.day = day
            self.start = start
            self.minutes = minutes
            self.room = room
            self.role = role
            self.clinician = clinician
            self.booked = booked
        }
    }

    package struct SlotList: Content {
        package let hub: Int64
        package let name: String
        package let group: String
        package let day: String?
        package let slots: [SlotOut]

        package init(hub: Int64, name: String, group: String, day: String?, slots: [SlotOut]) {
            self.hub = hub
            self.name = name
            self.group = group
            self.day = day
            self.slots = slots
        }
    }

    /// A hub's slots (a day, or all), with whether each is booked — never who.
    @Sendable package static func slots(_ req: Request) async throws -> SlotList {
        let user = try req.requireUser()
        guard user.grants.contains(where: { $0.role != .public }) else {
            throw NotPermitted(description: "Hub appointments are for NHS staff.")
        }
        let db = Store.sql(req.db)
        let hub = try await HubSetup.details(try id(req), on: db)
        let day = try QueryReader(req: req).day("day")
        let rows = try await HubReads.slotStates(hub: hub.id, day: day, db: db)
        return SlotList(
            hub: hub.id, name: hub.name, group: hub.groupCode, day: day?.iso,
            slots: rows.map {
                SlotOut(
                    id: $0.id, day: $0.day, start: AccessWindow.clock($0.startMinute), minutes: $0.minutes,
                    room: $0.room, role: $0.role, clinician: $0.clinician, booked: $0.taken > 0)
            })
    }

    @Sendable package static func book(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let input = try req.content.decode(BookingInput.self)
        let id = try await Hubs.book(
            slotID: try id(req), nhsNumber: input.nhsNumber ?? "", name: input.name ?? "", contact: input.contact ?? "",
            practice: input.practice ?? "", by: user, app: req.application)
        return try await created(Created(id: id), location: AccessURL.API.booking(.value(id)).path, for: req)
    }

    package struct StatusOut: Content {
        package let id: Int64
        package let status: String

        package init(id: Int64, status: String) {
            self.id = id
            self.status = status
        }
    }

    @Sendable package static func setStatus(_ req: Request) async throws -> StatusOut {
        let user = try req.requireUser()
        let input = try req.content.decode(StatusInput.self)
        guard let status = Hubs.Status(rawValue: input.status ?? "") else {
            throw FieldProblem(field: "status", message: "use cancelled, attended or did-not-attend")
        }
        let bookingID = try id(req)
        try await Hubs.setStatus(bookingID: bookingID, to: status, by: user, app: req.application)
        return StatusOut(id: bookingID, status: status.rawValue)
    }
}
