import Access
import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

extension AccessController {
    // MARK: Booking

    package struct BookingForm: Content {
        package var practice: String?
        package var nhsNumber: String?
        package var name: String?
        package var contact: String?
        package var rebook: String?
        package enum CodingKeys: String, CodingKey {
            case practice, name, contact, rebook
            case nhsNumber = "nhs_number"
        }

        package init(
            practice: String? = nil, nhsNumber: String? = nil, name: String? = nil, contact: String? = nil,
            rebook: String? = nil
        ) {
            self.practice = practice
            self.nhsNumber = nhsNumber
            self.name = name
            self.contact = contact
            self.rebook = rebook
        }
    }

    package static func slot(_ req: Request) async throws -> (
        Hubs.Slot, HubSetup.Details, GroupInfo, RegistryView, CurrentUser
    ) {
        let user = try req.requireUser()
        let (slot, hub) = try await Hubs.slot(try id(req), on: Store.sql(req.db))
        let view = try await req.registryView(at: Day(iso: slot.day) ?? Day.today())
        guard let group = view.groups[hub.groupCode] else { throw Abort(.notFound) }
        return (slot, hub, group, view, user)
    }

    /// The practices the user may book for at this hub on the slot's day.
    package static func bookable(_ group: GroupInfo, _ view: RegistryView, _ user: CurrentUser) -> [PracticeInfo] {
        let members = view.members(of: group)
        if Permissions.canManageAccess(group.code, user) { return members }
        let mine = Permissions.staffPractices(user)
        return members.filter { mine.contains($0.code) }
    }

    @Sendable package static func bookForm(_ req: Request) async throws -> Response {
        let (slot, hub, group, view, user) = try await slot(req)
        let practices = bookable(group, view, user)
        let rebook = QueryReader(req: req).string("rebook")
        return try await AccessView.bookForm(
            slot, hub, group, practices: practices,
            form: BookingForm(practice: practices.count == 1 ? practices[0].code : nil, rebook: rebook),
            errors: [], PageContext(request: req)
        ).encodeResponse(for: req)
    }

    @Sendable package static func book(_ req: Request) async throws -> Response {
        let (slot, hub, group, view, user) = try await slot(req)
        let form = try req.content.decode(BookingForm.self)
        do {
            let booking: Int64
            if let old = form.rebook.flatMap(Int64.init) {
                booking = try await Hubs.rebook(bookingID: old, toSlot: slot.id, by: user, app: req.application)
            } else {
                booking = try await Hubs.book(
                    slotID: slot.id, nhsNumber: form.nhsNumber ?? "", name: form.name ?? "",
                    contact: form.contact ?? "",
                    practice: form.practice ?? "", by: user, app: req.application)
            }
            let practice = try await Hubs.bookingPractice(booking, on: Store.sql(req.db))
            return req.redirect(
                to: AccessURL.practiceAppointments(.value(practice)).path + "?booked=\(booking)", redirectType: .normal)
        } catch {
            guard let list = FieldProblem.formErrors(error) else { throw error }
            return try await AccessView.bookForm(
                slot, hub, group, practices: bookable(group, view, user), form: form, errors: list,
                PageContext(request: req), status: FieldProblem.status(error)
            ).encodeResponse(for: req)
        }
    }

    @Sendable package static func practiceAppointments(_ req: Request) async throws -> Response {
        let (index, view) = try await Scope.practice(req)
        return try await renderAppointments(
            req, practice: view.practices[index], user: try req.requireUser(), errors: [])
    }

    package static func renderAppointments(
        _ req: Request, practice: PracticeInfo, user: CurrentUser, errors: Errors, status: HTTPStatus = .ok
    ) async throws -> Response {
        let q = QueryReader(req: req)
        let showPast = q.string("show") == "all"
        let page = try q.int("page", range: 1...100_000) ?? 1
        let rows = try await Hubs.appointments(
            of: practice.code, from: showPast ? nil : Day.today(), visibleTo: user, on: Store.sql(req.db))
        let table = AccessView.appointmentsTable(rows, practice: practice)
        if let alternate = try await alternate([table], req) { return alternate }
        let booked = q.string("booked").flatMap(Int64.init)
        return try await AccessView.appointments(
            practice, rows: rows, page: page, showPast: showPast, booked: booked, table: table, errors: errors,
            PageContext(request: req), status: status
        ).encodeResponse(for: req)
    }

    package struct StatusForm: Content {
        package var status: String?

        package init(status: String? = nil) {
            self.status = status
        }
    }

    @Sendable package static func changeBooking(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let bookingID = try id(req)
        let form = try req.content.decode(StatusForm.self)
        let practice = try await Hubs.bookingPractice(bookingID, on: Store.sql(req.db))
        do {
            guard let status = Hubs.Status(rawValue: form.status ?? ""), status != .booked else {
                throw FieldProblem(field: "booking-\(bookingID)", message: "Choose cancel, attended or did not attend")
            }
            try await Hubs.setStatus(bookingID: bookingID, to: status, by: user, app: req.application)
            return req.redirect(
                to: AccessURL.practiceAppointments(.value(practice)).path + (status == .cancelled ? "" : "?show=all"),
                redirectType: .normal)
        } catch {
            guard var list = FieldProblem.formErrors(error) else { throw error }
            list = list.map { (field: "booking-\(bookingID)", message: $0.message) }
            let view = try await req.registryView(at: Day.today())
            guard let index = view.index[practice] else { throw Abort(.notFound) }
            return try await renderAppointments(
                req, practice: view.practices[index], user: user, errors: list, status: FieldProblem.status(error))
        }
    }
}
