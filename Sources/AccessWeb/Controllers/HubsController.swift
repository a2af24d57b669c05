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
        let rows = try await HubReads.all(on: Store.sql(req.db))
        let visible = rows.filter { r in
            view.groups[r.groupCode].map { Permissions.canViewAccess($0, user, view) } ?? false
        }
        let table = DataTable(
            id: "hubs", caption: "Hubs you can book into or manage",
            columns: [.init(title: "Hub"), .init(title: "Group"), .init(title: "Address"), .init(title: "Rooms")],
            rows: visible.map { r in
                [
                    .link(r.name, AccessURL.hub(.value(r.id)).path),
                    .link(view.groups[r.groupCode]?.name ?? r.groupCode, AccessURL.access(.value(r.groupCode)).path),
                    .text(r.address), .text(r.rooms),
                ]
            }, fileName: "hubs.csv",
            emptyText:
                "No hubs yet. A federation's or network's managers open hubs on the group's extended access page; "
                + "practice staff then see the hubs of their practice's groups here."
        )
        if let alternate = try await alternate([table], req) { return alternate }
        let ctx = PageContext(request: req)
        let managed = view.groups.values.filter {
            ($0.kind == .federation || $0.kind == .network) && $0.isOpen(at: view.date)
                && Permissions.canManageAccess($0.code, user) && !user.isAdministrator
        }
        let mine = Permissions.staffPractices(user).sorted()
        return try await Layout.page(
            "Extended access hubs", ctx, crumbs: [.init(title: "England", href: SiteURL.home.path)], section: "hubs"
        ) {
            H.h1 { "Extended access hubs" }
            H.p(.class("hint")) {
                "Hubs offer evening and weekend appointments to the patients of every member practice of a federation "
                    + "or network. Book from a hub's page; see your practice's bookings on its hub appointments page."
            }
            if !mine.isEmpty || !managed.isEmpty {
                H.ul {
                    for code in mine {
                        H.li {
                            H.link(
                                AccessURL.practiceAppointments(.value(code)).path,
                                "Hub appointments of \(view.index[code].map { view.practices[$0].name } ?? code)'s "
                                    + "patients"
                            )
                        }
                    }
                    for g in managed.sorted(by: { $0.name < $1.name }) {
                        H.li { H.link(AccessURL.access(.value(g.code)).path, "Extended access of \(g.name)") }
                    }
                }
            }
            table.html(ctx)
        }.encodeResponse(for: req)
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
        package enum CodingKeys: String, CodingKey {
            case name, address, rooms, opening, room, days, start, end, role, template
            case appointmentGp = "appointment_gp"
            case appointmentNurse = "appointment_nurse"
            case appointmentOther = "appointment_other"
        }

        package init(
            name: String? = nil, address: String? = nil, rooms: String? = nil, opening: String? = nil,
            appointmentGp: String? = nil, appointmentNurse: String? = nil, appointmentOther: String? = nil,
            room: String? = nil, days: String? = nil, start: String? = nil, end: String? = nil, role: String? = nil,
            template: String? = nil
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
        let db = Store.sql(req.db)
        let q = QueryReader(req: req)
        var day = Day.today()
        if let text = q.string("day") {
            guard let d = Day(iso: text) else {
                throw BadParameter(name: "day", value: text, expected: "use a date in the form YYYY-MM-DD")
            }
            day = d
        }
        var rebook: Int64?
        if let text = q.string("rebook") {
            guard let n = Int64(text) else {
                throw BadParameter(name: "rebook", value: text, expected: "use a booking number")
            }
            rebook = n
        }
        let templates = try await HubSetup.templates(hubs: [hub.id], on: db)
        let slots = try await HubReads.slots(hub: hub.id, on: day, db: db)
        let upcoming = try await HubReads.daysWithFreeSlots(hub: hub.id, from: Day.today(), db: db)
        let canManage = Permissions.canManageAccess(group.code, user)
        let canBook =
            canManage || view.members(of: group).contains { Permissions.staffPractices(user).contains($0.code) }
        let slotRows: [AccessView.SlotRow] = slots.map {
            .init(
                id: $0.id, room: $0.room, start: $0.startMinute, minutes: $0.minutes,
                role: StaffRole(rawValue: $0.role)?.label ?? $0.role,
                clinician: $0.clinician, bookedBy: $0.practiceCode)
        }
        let settingsForm =
            form
            ?? HubForm(
                name: hub.name, address: hub.address, rooms: hub.rooms, opening: hub.opening,
                appointmentGp: String(hub.appointmentGp), appointmentNurse: String(hub.appointmentNurse),
                appointmentOther: String(hub.appointmentOther))
        return try await AccessView.hub(
            hub, group, templates: templates, day: day, slots: slotRows, upcoming: upcoming, canManage: canManage,
            canBook: canBook, rebook: rebook, form: settingsForm, errors: errors,
            feed: origin(req) + AccessURL.calendar(hub.calendarToken ?? ""),
            PageContext(request: req), status: status
        ).encodeResponse(for: req)
    }

    @Sendable package static func updateHub(_ req: Request) async throws -> Response {
        let (hub, group, view, user) = try await hub(req)
        let form = try req.content.decode(HubForm.self)
        do {
            let settings = try HubSetup.settings(
                name: form.name, address: form.address, rooms: form.rooms, opening: form.opening,
                appointment: [.gp: form.appointmentGp, .nurse: form.appointmentNurse, .other: form.appointmentOther]
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
