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

    @Sendable package static func bookForm(_ req: Request) async throws -> Response {
        let page = try await BookingPage.load(slot: try id(req), user: try req.requireUser(), app: req.application)
        return try await page.render(
            PageContext(request: req), form: page.form(rebook: QueryReader(req: req).string("rebook"))
        ).encodeResponse(for: req)
    }

    @Sendable package static func book(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let page = try await BookingPage.load(slot: try id(req), user: user, app: req.application)
        let slot = page.slot
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
            return try await page.render(
                PageContext(request: req), form: form, errors: list, status: FieldProblem.status(error)
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
        let page = try await AppointmentsPage.load(
            practice, user: user, showPast: q.string("show") == "all", page: try q.int("page", range: 1...100_000) ?? 1,
            booked: q.string("booked").flatMap(Int64.init), on: Store.sql(req.db))
        if let alternate = try await alternate(page.tables(), req) { return alternate }
        return try await page.render(PageContext(request: req), errors: errors, status: status)
            .encodeResponse(for: req)
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
