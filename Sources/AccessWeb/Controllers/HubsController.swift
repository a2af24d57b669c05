import Access
import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

extension AccessController {
    // MARK: Hubs

    @Sendable package static func hubList(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let view = try await req.registryView(at: Day.today())
        let page = try await HubsPage.load(user: user, view: view, on: Store.sql(req.db))
        let ctx = PageContext(request: req)
        if let alternate = try await alternate(page.tables(ctx), req) { return alternate }
        return try await page.render(ctx).encodeResponse(for: req)
    }

    package struct HubForm: Content {
        package var name: String?
        package var address: String?
        package var rooms: String?
        package var opening: String?
        package var appointmentGp: String?
        package var appointmentNurse: String?
        package var appointmentOther: String?
        package var room: String?
        package var days: String?
        package var start: String?
        package var end: String?
        package var role: String?
        package var template: String?
        /// "yes" when the hub opens on bank holidays.
        package var bankHolidays: String?
        package enum CodingKeys: String, CodingKey {
            case name, address, rooms, opening, room, days, start, end, role, template
            case bankHolidays = "bank_holidays"
            case appointmentGp = "appointment_gp"
            case appointmentNurse = "appointment_nurse"
            case appointmentOther = "appointment_other"
        }

        package init(
            name: String? = nil, address: String? = nil, rooms: String? = nil, opening: String? = nil,
            appointmentGp: String? = nil, appointmentNurse: String? = nil, appointmentOther: String? = nil,
            room: String? = nil, days: String? = nil, start: String? = nil, end: String? = nil, role: String? = nil,
            template: String? = nil, bankHolidays: String? = nil
        ) {
            self.name = name
            self.address = address
            self.rooms = rooms
            self.opening = opening
            self.appointmentGp = appointmentGp
            self.appointmentNurse = appointmentNurse
            self.appointmentOther = appointmentOther
            self.room = room
            self.days = days
            self.start = start
            self.end = end
            self.role = role
            self.template = template
            self.bankHolidays = bankHolidays
        }
    }

    package static func hub(_ req: Request) async throws -> (HubSetup.Details, GroupInfo, RegistryView, CurrentUser) {
        let user = try req.requireUser()
        let hub = try await HubSetup.details(try id(req), on: Store.sql(req.db))
        let view = try await req.registryView(at: Day.today())
        guard let group = view.groups[hub.groupCode] else { throw Abort(.notFound) }
        return (hub, group, view, user)
    }

    @Sendable package static func hubPage(_ req: Request) async throws -> Response {
        let (hub, group, view, user) = try await hub(req)
        return try await renderHub(req, hub, group, view, user, form: nil, errors: [])
    }

    package static func renderHub(
        _ req: Request, _ hub: HubSetup.Details, _ group: GroupInfo, _ view: RegistryView, _ user: CurrentUser,
        form: HubForm?, errors: Errors, status: HTTPStatus = .ok
    ) async throws -> Response {
        let q = QueryReader(req: req)
        let day = try q.day("day") ?? Day.today()
        var rebook: Int64?
        if let text = q.string("rebook") {
            guard let n = Int64(text) else {
                throw BadParameter(name: "rebook", value: text, expected: "use a booking number")
            }
            rebook = n
        }
        let page = try await HubPage.load(
            hub, group: group, view: view, user: user, day: day, rebook: rebook, origin: origin(req),
            on: Store.sql(req.db))
        return try await page.render(PageContext(request: req), form: form, errors: errors, status: status)
            .encodeResponse(for: req)
    }

    @Sendable package static func updateHub(_ req: Request) async throws -> Response {
        let (hub, group, view, user) = try await hub(req)
        let form = try req.content.decode(HubForm.self)
        do {
            let settings = try HubSetup.settings(
                name: form.name, address: form.address, rooms: form.rooms, opening: form.opening,
                appointment: [.gp: form.appointmentGp, .nurse: form.appointmentNurse, .other: form.appointmentOther],
                opensOnBankHolidays: form.bankHolidays == "yes"
            ).get()
            try await HubSetup.update(hub, to: settings, by: user, app: req.application)
            return req.redirect(to: AccessURL.hub(.value(hub.id)).path, redirectType: .normal)
        } catch {
            guard let list = FieldProblem.formErrors(error) else { throw error }
            return try await renderHub(
                req, hub, group, view, user, form: form, errors: list, status: FieldProblem.status(error))
        }
    }

    @Sendable package static func changeTemplates(_ req: Request) async throws -> Response {
        let (hub, group, view, user) = try await hub(req)
        let form = try req.content.decode(HubForm.self)
        do {
            if let remove = form.template.flatMap(Int64.init) {
                try await HubSetup.removeTemplate(hub, id: remove, by: user, app: req.application)
            } else {
                try await HubSetup.addTemplate(
                    hub, room: form.room ?? "", days: form.days ?? "", start: form.start, end: form.end,
                    role: form.role,
                    by: user, app: req.application)
            }
            return req.redirect(to: AccessURL.hub(.value(hub.id)).path + "#templates", redirectType: .normal)
        } catch {
            guard let list = FieldProblem.formErrors(error) else { throw error }
            return try await renderHub(
                req, hub, group, view, user, form: nil, errors: list, status: FieldProblem.status(error))
        }
    }
}
