import ConsortWeb
import Access
import ConsortCore
import SQLKit
import Vapor

/// The extended-access pages: a group's hubs, clinicians, rotas and report; a hub's set-up and
/// appointments; booking; a practice's patients' hub appointments; calendar feeds.
package enum AccessController {
    package typealias Errors = FormErrors





    // MARK: The objects a request names (the route's access rule has already let the caller in)

    package static func group(_ req: Request) async throws -> (GroupInfo, RegistryView, CurrentUser) {
        let (group, view) = try await Scope.accessGroup(req)
        return (group, view, try req.requireUser())
    }

    package static func policies(_ req: Request) throws -> [Policy] {
        try req.application.policies.allPolicies().filter { $0.rules(for: .network)?.access != nil }
    }

    /// The site's address as the visitor reached it, for links used outside the browser
    /// (calendar feeds).
    package static func origin(_ req: Request) -> String {
        let scheme = req.headers.first(name: "X-Forwarded-Proto") ?? (req.application.http.server.configuration.tlsConfiguration == nil ? "http" : "https")
        let host = req.headers.first(name: .host) ?? "\(req.application.http.server.configuration.hostname):\(req.application.http.server.configuration.port)"
        return "\(scheme)://\(host)"
    }

    package static func id(_ req: Request, _ name: String = "id") throws -> Int64 {
        guard let id = req.parameters.get(name, as: Int64.self) else { throw Abort(.notFound) }
        return id
    }

    // MARK: A group's extended access

    package struct OverviewForm: Content {
        package var name: String?
        package var address: String?
        package var policy: String?
        package var firstDay: String?
        package var lastDay: String?
        package enum CodingKeys: String, CodingKey { case name, address, policy, firstDay = "first_day", lastDay = "last_day" }

        package init(name: String? = nil, address: String? = nil, policy: String? = nil, firstDay: String? = nil, lastDay: String? = nil) {
            self.name = name
            self.address = address
            self.policy = policy
            self.firstDay = firstDay
            self.lastDay = lastDay
        }
    }

    @Sendable package static func overview(_ req: Request) async throws -> Response {
        let (group, view, user) = try await group(req)
        return try await renderOverview(req, group, view, user, form: OverviewForm(), errors: [])
    }

    package static func reportPeriod(_ req: Request, rotas: [RotaStore.Row]) throws -> (Day, Day) {
        let q = QueryReader(req: req)
        let published = rotas.filter(\.isPublished)
        let today = Day.today()
        var first = published.map(\.first).min() ?? today.weekStart
        var last = published.map(\.last).max() ?? today.weekStart.adding(days: 6)
        if let text = q.string("from") {
            guard let d = Day(iso: text) else { throw BadParameter(name: "from", value: text, expected: "use a date in the form YYYY-MM-DD") }
            first = d
        }
        if let text = q.string("to") {
            guard let d = Day(iso: text) else { throw BadParameter(name: "to", value: text, expected: "use a date in the form YYYY-MM-DD") }
            last = d
        }
        guard first <= last else { throw BadParameter(name: "to", value: last.iso, expected: "use a date on or after \(first.iso)") }
        if last.ordinal - first.ordinal > 371 { first = last.adding(days: -371) }
        return (first, last)
    }

    package static func renderOverview(_ req: Request, _ group: GroupInfo, _ view: RegistryView, _ user: CurrentUser, form: OverviewForm, errors: Errors,
                               status: HTTPStatus = .ok) async throws -> Response {
        let db = Store.sql(req.db)
        let hubs = try await HubSetup.hubs(of: group.code, on: db)
        let templates = try await HubSetup.templates(hubs: hubs.map(\.id), on: db)
        let rotas = try await RotaStore.list(group.code, on: db)
        let staff = try await StaffList.list(group.code, on: db)
        let (first, last) = try reportPeriod(req, rotas: rotas)
        let report = try await AccessReport.load(group: group.code, from: first, through: last, today: Day.today(), on: db)
        let policies = try policies(req)
        let ctx = PageContext(request: req)
        let tables = AccessView.overviewTables(group, hubs: hubs, templates: templates, rotas: rotas, report: report, view: view,
                                               policies: policies, period: (first, last))
        if let alternate = try await alternate(tables.all, req) { return alternate }
        return try await AccessView.overview(group, tables: tables, staffCount: staff.count, report: report, period: (first, last),
                                             canManage: Permissions.canManageAccess(group.code, user), policies: policies, form: form, errors: errors,
                                             ctx, status: status).encodeResponse(for: req)
    }

    @Sendable package static func createHub(_ req: Request) async throws -> Response {
        let (group, view, user) = try await group(req)
        let form = try req.content.decode(OverviewForm.self)
        do {
            let id = try await Hubs.create(group: group.code, name: form.name ?? "", address: form.address, by: user, app: req.application)
            return req.redirect(to: AccessURL.hub(.value(id)).path, redirectType: .normal)
        } catch {
            guard let list = FieldProblem.formErrors(error) else { throw error }
            return try await renderOverview(req, group, view, user, form: form, errors: list, status: FieldProblem.status(error))
        }
    }

    @Sendable package static func buildRota(_ req: Request) async throws -> Response {
        let (group, view, user) = try await group(req)
        let form = try req.content.decode(OverviewForm.self)
        do {
            guard let name = form.policy, let policy = try policies(req).first(where: { $0.name == name }) else {
                throw FieldProblem(field: "policy", message: "Choose a policy with an access rule")
            }
            guard let first = Day(iso: form.firstDay ?? "") else { throw FieldProblem(field: "first_day", message: "Enter the rota's first day as YYYY-MM-DD") }
            guard let last = Day(iso: form.lastDay ?? "") else { throw FieldProblem(field: "last_day", message: "Enter the rota's last day as YYYY-MM-DD") }
            let id = try await RotaStore.build(group: group, policy: policy, from: first, through: last, by: user, app: req.application)
            return req.redirect(to: AccessURL.rota(.value(id)).path, redirectType: .normal)
        } catch {
            guard let list = FieldProblem.formErrors(error) else { throw error }
            return try await renderOverview(req, group, view, user, form: form, errors: list, status: FieldProblem.status(error))
        }
    }

    // MARK: Clinicians

    package struct ClinicianForm: Content {
        package var name: String?
        package var role: String?
        package var practice: String?
        package var maxSessions: String?
        package var hubs: [String]?
        package var availability: String?
        package var action: String?
        package enum CodingKeys: String, CodingKey { case name, role, practice, hubs, availability, action, maxSessions = "max_sessions" }

        package init(name: String? = nil, role: String? = nil, practice: String? = nil, maxSessions: String? = nil, hubs: [String]? = nil, availability: String? = nil, action: String? = nil) {
            self.name = name
            self.role = role
            self.practice = practice
            self.maxSessions = maxSessions
            self.hubs = hubs
            self.availability = availability
            self.action = action
        }
    }

    @Sendable package static func clinicians(_ req: Request) async throws -> Response {
        let (group, view, user) = try await group(req)
        return try await renderClinicians(req, group, view, user, editing: nil, form: ClinicianForm(role: "gp", maxSessions: "4"), errors: [])
    }

    @Sendable package static func editClinicianForm(_ req: Request) async throws -> Response {
        let (group, view, user) = try await group(req)
        let row = try await StaffList.row(try id(req), on: Store.sql(req.db))
        guard row.groupCode == group.code else { throw Abort(.notFound) }
        let form = ClinicianForm(name: row.name, role: row.role, practice: row.practiceCode, maxSessions: String(row.maxSessionsPerMonth),
                                 hubs: row.hubs.map(String.init), availability: row.availability)
        return try await renderClinicians(req, group, view, user, editing: row.id, form: form, errors: [])
    }

    package static func renderClinicians(_ req: Request, _ group: GroupInfo, _ view: RegistryView, _ user: CurrentUser, editing: Int64?, form: ClinicianForm,
                                 errors: Errors, status: HTTPStatus = .ok) async throws -> Response {
        let db = Store.sql(req.db)
        let staff = try await StaffList.list(group.code, on: db)
        let hubs = try await HubSetup.hubs(of: group.code, on: db)
        let table = AccessView.cliniciansTable(group, staff: staff, hubs: hubs, view: view, base: origin(req))
        if let alternate = try await alternate([table], req) { return alternate }
        return try await AccessView.clinicians(group, table: table, hubs: hubs, members: view.members(of: group), editing: editing, form: form,
                                               errors: errors, PageContext(request: req), status: status).encodeResponse(for: req)
    }

    @Sendable package static func saveClinician(_ req: Request) async throws -> Response {
        let (group, view, user) = try await group(req)
        let editing = req.parameters.get("id", as: Int64.self)
        let form = try req.content.decode(ClinicianForm.self)
        do {
            if form.action == "remove", let editing {
                try await StaffList.remove(editing, group: group.code, by: user, app: req.application)
                return req.redirect(to: AccessURL.clinicians(.value(group.code)).path, redirectType: .normal)
            }
            let hubs = try await HubSetup.hubs(of: group.code, on: Store.sql(req.db))
            let entry = try StaffList.entry(name: form.name, role: form.role, practice: form.practice, maxPerMonth: form.maxSessions, hubs: form.hubs ?? [],
                                            availability: form.availability, hubIDs: Set(hubs.map(\.id)),
                                            members: Set(view.members(of: group).map(\.code))).get()
            try await StaffList.save(id: editing, group: group.code, entry, by: user, app: req.application)
            return req.redirect(to: AccessURL.clinicians(.value(group.code)).path, redirectType: .normal)
        } catch {
            guard let list = FieldProblem.formErrors(error) else { throw error }
            return try await renderClinicians(req, group, view, user, editing: editing, form: form, errors: list, status: FieldProblem.status(error))
        }
    }

    // MARK: Hubs

    @Sendable package static func hubList(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let view = try await req.registryView(at: Day.today())
        struct Row: Decodable { package let id: Int64; package let groupCode: String; package let name: String; package let address: String?; package let rooms: String }
        let rows = try await Store.sql(req.db).raw("SELECT id, group_code, name, address, rooms FROM hubs ORDER BY name, id")
            .all(decoding: Row.self, with: snakeCaseRows)
        let visible = rows.filter { r in view.groups[r.groupCode].map { Permissions.canViewAccess($0, user, view) } ?? false }
        let table = DataTable(
            id: "hubs", caption: "Hubs you can book into or manage",
            columns: [.init(title: "Hub"), .init(title: "Group"), .init(title: "Address"), .init(title: "Rooms")],
            rows: visible.map { r in
                [.link(r.name, AccessURL.hub(.value(r.id)).path), .link(view.groups[r.groupCode]?.name ?? r.groupCode, AccessURL.access(.value(r.groupCode)).path),
                 .text(r.address), .text(r.rooms)]
            }, fileName: "hubs.csv",
            emptyText: "No hubs yet. A federation's or network's managers open hubs on the group's extended access page; practice staff then see the hubs of their practice's groups here.")
        if let alternate = try await alternate([table], req) { return alternate }
        let ctx = PageContext(request: req)
        let managed = view.groups.values.filter { ($0.kind == .federation || $0.kind == .network) && $0.isOpen(at: view.date) && Permissions.canManageAccess($0.code, user) && !user.isAdministrator }
        let mine = Permissions.staffPractices(user).sorted()
        return try await Layout.page("Extended access hubs", ctx, crumbs: [.init(title: "England", href: SiteURL.home.path)], section: "hubs") {
            H.h1 { "Extended access hubs" }
            H.p(.class("hint")) { "Hubs offer evening and weekend appointments to the patients of every member practice of a federation or network. Book from a hub's page; see your practice's bookings on its hub appointments page." }
            if !mine.isEmpty || !managed.isEmpty {
                H.ul {
                    for code in mine { H.li { H.link(AccessURL.practiceAppointments(.value(code)).path, "Hub appointments of \(view.index[code].map { view.practices[$0].name } ?? code)'s patients") } }
                    for g in managed.sorted(by: { $0.name < $1.name }) { H.li { H.link(AccessURL.access(.value(g.code)).path, "Extended access of \(g.name)") } }
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
            case appointmentGp = "appointment_gp", appointmentNurse = "appointment_nurse", appointmentOther = "appointment_other"
        }

        package init(name: String? = nil, address: String? = nil, rooms: String? = nil, opening: String? = nil, appointmentGp: String? = nil, appointmentNurse: String? = nil, appointmentOther: String? = nil, room: String? = nil, days: String? = nil, start: String? = nil, end: String? = nil, role: String? = nil, template: String? = nil) {
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

    package static func renderHub(_ req: Request, _ hub: HubSetup.Details, _ group: GroupInfo, _ view: RegistryView, _ user: CurrentUser,
                          form: HubForm?, errors: Errors, status: HTTPStatus = .ok) async throws -> Response {
        let db = Store.sql(req.db)
        let q = QueryReader(req: req)
        var day = Day.today()
        if let text = q.string("day") {
            guard let d = Day(iso: text) else { throw BadParameter(name: "day", value: text, expected: "use a date in the form YYYY-MM-DD") }
            day = d
        }
        var rebook: Int64?
        if let text = q.string("rebook") {
            guard let n = Int64(text) else { throw BadParameter(name: "rebook", value: text, expected: "use a booking number") }
            rebook = n
        }
        let templates = try await HubSetup.templates(hubs: [hub.id], on: db)
        struct Slot: Decodable { package let id: Int64; package let room: String; package let startMinute: Int; package let minutes: Int; package let role: String; package let clinician: String?; package let practiceCode: String? }
        let slots = try await db.raw("""
            SELECT s.id, s.room, s.start_minute, s.minutes, s.role, s.clinician,
                   (SELECT b.practice_code FROM hub_bookings b WHERE b.slot_id = s.id AND b.status <> 'cancelled') AS practice_code
            FROM hub_slots s WHERE s.hub_id = \(bind: hub.id) AND s.day = \(bind: day.iso) ORDER BY s.start_minute, s.room
            """).all(decoding: Slot.self, with: snakeCaseRows)
        struct Next: Decodable { package let day: String }
        let upcoming = try await db.raw("""
            SELECT DISTINCT s.day FROM hub_slots s WHERE s.hub_id = \(bind: hub.id) AND s.day >= \(bind: Day.today().iso)
              AND NOT EXISTS (SELECT 1 FROM hub_bookings b WHERE b.slot_id = s.id AND b.status <> 'cancelled')
            ORDER BY s.day LIMIT 14
            """).all(decoding: Next.self).compactMap { Day(iso: $0.day) }
        let canManage = Permissions.canManageAccess(group.code, user)
        let canBook = canManage || view.members(of: group).contains { Permissions.staffPractices(user).contains($0.code) }
        let slotRows: [AccessView.SlotRow] = slots.map {
            .init(id: $0.id, room: $0.room, start: $0.startMinute, minutes: $0.minutes, role: StaffRole(rawValue: $0.role)?.label ?? $0.role,
                  clinician: $0.clinician, bookedBy: $0.practiceCode)
        }
        let settingsForm = form ?? HubForm(name: hub.name, address: hub.address, rooms: hub.rooms, opening: hub.opening,
                                           appointmentGp: String(hub.appointmentGp), appointmentNurse: String(hub.appointmentNurse),
                                           appointmentOther: String(hub.appointmentOther))
        return try await AccessView.hub(hub, group, templates: templates, day: day, slots: slotRows, upcoming: upcoming, canManage: canManage,
                                        canBook: canBook, rebook: rebook, form: settingsForm, errors: errors,
                                        feed: origin(req) + AccessURL.calendar(hub.calendarToken ?? ""),
                                        PageContext(request: req), status: status).encodeResponse(for: req)
    }

    @Sendable package static func updateHub(_ req: Request) async throws -> Response {
        let (hub, group, view, user) = try await hub(req)
        let form = try req.content.decode(HubForm.self)
        do {
            let settings = try HubSetup.settings(name: form.name, address: form.address, rooms: form.rooms, opening: form.opening,
                                                 appointment: [.gp: form.appointmentGp, .nurse: form.appointmentNurse, .other: form.appointmentOther]).get()
            try await HubSetup.update(hub, to: settings, by: user, app: req.application)
            return req.redirect(to: AccessURL.hub(.value(hub.id)).path, redirectType: .normal)
        } catch {
            guard let list = FieldProblem.formErrors(error) else { throw error }
            return try await renderHub(req, hub, group, view, user, form: form, errors: list, status: FieldProblem.status(error))
        }
    }

    @Sendable package static func changeTemplates(_ req: Request) async throws -> Response {
        let (hub, group, view, user) = try await hub(req)
        let form = try req.content.decode(HubForm.self)
        do {
            if let remove = form.template.flatMap(Int64.init) {
                try await HubSetup.removeTemplate(hub, id: remove, by: user, app: req.application)
            } else {
                try await HubSetup.addTemplate(hub, room: form.room ?? "", days: form.days ?? "", start: form.start, end: form.end, role: form.role,
                                               by: user, app: req.application)
            }
            return req.redirect(to: AccessURL.hub(.value(hub.id)).path + "#templates", redirectType: .normal)
        } catch {
            guard let list = FieldProblem.formErrors(error) else { throw error }
            return try await renderHub(req, hub, group, view, user, form: nil, errors: list, status: FieldProblem.status(error))
        }
    }

    // MARK: Booking

    package struct BookingForm: Content {
        package var practice: String?
        package var nhsNumber: String?
        package var name: String?
        package var contact: String?
        package var rebook: String?
        package enum CodingKeys: String, CodingKey { case practice, name, contact, rebook, nhsNumber = "nhs_number" }

        package init(practice: String? = nil, nhsNumber: String? = nil, name: String? = nil, contact: String? = nil, rebook: String? = nil) {
            self.practice = practice
            self.nhsNumber = nhsNumber
            self.name = name
            self.contact = contact
            self.rebook = rebook
        }
    }

    package static func slot(_ req: Request) async throws -> (Hubs.Slot, HubSetup.Details, GroupInfo, RegistryView, CurrentUser) {
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
        return try await AccessView.bookForm(slot, hub, group, practices: practices,
                                             form: BookingForm(practice: practices.count == 1 ? practices[0].code : nil, rebook: rebook),
                                             errors: [], PageContext(request: req)).encodeResponse(for: req)
    }

    @Sendable package static func book(_ req: Request) async throws -> Response {
        let (slot, hub, group, view, user) = try await slot(req)
        let form = try req.content.decode(BookingForm.self)
        do {
            let booking: Int64
            if let old = form.rebook.flatMap(Int64.init) {
                booking = try await Hubs.rebook(bookingID: old, toSlot: slot.id, by: user, app: req.application)
            } else {
                booking = try await Hubs.book(slotID: slot.id, nhsNumber: form.nhsNumber ?? "", name: form.name ?? "", contact: form.contact ?? "",
                                              practice: form.practice ?? "", by: user, app: req.application)
            }
            let practice = try await Hubs.bookingPractice(booking, on: Store.sql(req.db))
            return req.redirect(to: AccessURL.practiceAppointments(.value(practice)).path + "?booked=\(booking)", redirectType: .normal)
        } catch {
            guard let list = FieldProblem.formErrors(error) else { throw error }
            return try await AccessView.bookForm(slot, hub, group, practices: bookable(group, view, user), form: form, errors: list,
                                                 PageContext(request: req), status: FieldProblem.status(error)).encodeResponse(for: req)
        }
    }

    @Sendable package static func practiceAppointments(_ req: Request) async throws -> Response {
        let (index, view) = try await Scope.practice(req)
        return try await renderAppointments(req, practice: view.practices[index], user: try req.requireUser(), errors: [])
    }

    package static func renderAppointments(_ req: Request, practice: PracticeInfo, user: CurrentUser, errors: Errors, status: HTTPStatus = .ok) async throws -> Response {
        let q = QueryReader(req: req)
        let showPast = q.string("show") == "all"
        let page = try q.int("page", range: 1...100_000) ?? 1
        let rows = try await Hubs.appointments(of: practice.code, from: showPast ? nil : Day.today(), visibleTo: user, on: Store.sql(req.db))
        let table = AccessView.appointmentsTable(rows, practice: practice)
        if let alternate = try await alternate([table], req) { return alternate }
        let booked = q.string("booked").flatMap(Int64.init)
        return try await AccessView.appointments(practice, rows: rows, page: page, showPast: showPast, booked: booked, table: table, errors: errors,
                                                 PageContext(request: req), status: status).encodeResponse(for: req)
    }

    package struct StatusForm: Content { package var status: String? 

package init(status: String? = nil) {
    self.status = status
}}

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
            return req.redirect(to: AccessURL.practiceAppointments(.value(practice)).path + (status == .cancelled ? "" : "?show=all"), redirectType: .normal)
        } catch {
            guard var list = FieldProblem.formErrors(error) else { throw error }
            list = list.map { (field: "booking-\(bookingID)", message: $0.message) }
            let view = try await req.registryView(at: Day.today())
            guard let index = view.index[practice] else { throw Abort(.notFound) }
            return try await renderAppointments(req, practice: view.practices[index], user: user, errors: list, status: FieldProblem.status(error))
        }
    }

    // MARK: Rotas

    package struct RotaForm: Content {
        package var clinician: String?
        package var session: String?
        package var hub: String?
        package var room: String?
        package var day: String?
        package var start: String?
        package var end: String?
        package var role: String?
        package var confirm: String?

        package init(clinician: String? = nil, session: String? = nil, hub: String? = nil, room: String? = nil, day: String? = nil, start: String? = nil, end: String? = nil, role: String? = nil, confirm: String? = nil) {
            self.clinician = clinician
            self.session = session
            self.hub = hub
            self.room = room
            self.day = day
            self.start = start
            self.end = end
            self.role = role
            self.confirm = confirm
        }
    }

    package static func rota(_ req: Request) async throws -> (RotaStore.Row, GroupInfo, CurrentUser) {
        let user = try req.requireUser()
        let rota = try await RotaStore.row(try id(req), on: Store.sql(req.db))
        let view = try await req.registryView(at: Day.today())
        guard let group = view.groups[rota.groupCode] else { throw Abort(.notFound) }
        return (rota, group, user)
    }

    @Sendable package static func rotaPage(_ req: Request) async throws -> Response {
        let (rota, group, _) = try await rota(req)
        return try await renderRota(req, rota, group, form: RotaForm(), errors: [])
    }

    package static func renderRota(_ req: Request, _ rota: RotaStore.Row, _ group: GroupInfo, form: RotaForm, errors: Errors, status: HTTPStatus = .ok) async throws -> Response {
        let db = Store.sql(req.db)
        let sessions = try await RotaStore.sessions(rota.id, on: db)
        let conflicts = try await RotaStore.conflictCheck(rota, on: db, app: req.application).conflicts(sessions)
        let hubs = try await HubSetup.hubs(of: group.code, on: db)
        let staff = try await StaffList.list(group.code, on: db)
        let page = try QueryReader(req: req).int("page", range: 1...100_000) ?? 1
        let view = try await req.registryView(at: rota.first)
        let shares = Dictionary(view.groups[group.code].map { view.members(of: $0) }?.map { ($0.code, ($0.name, $0.listSize ?? 0)) } ?? [], uniquingKeysWith: { a, _ in a })
        let tables = AccessView.rotaTables(rota, sessions: sessions, hubs: hubs, staff: staff, shares: shares)
        if let alternate = try await alternate(tables, req) { return alternate }
        return try await AccessView.rota(rota, group, sessions: sessions, conflicts: conflicts, hubs: hubs, staff: staff, tables: tables, page: page,
                                         form: form, errors: errors, PageContext(request: req), status: status).encodeResponse(for: req)
    }

    package static func rotaAction(_ req: Request, _ action: AccessURL.RotaAction) async throws -> Response {
        let (rota, group, user) = try await rota(req)
        let form = try req.content.decode(RotaForm.self)
        let app = req.application
        let page = QueryReader(req: req).string("page").map { "?page=\($0)" } ?? ""
        do {
            switch action {
            case .assign:
                guard let session = form.session.flatMap(Int64.init) else { throw Abort(.badRequest, reason: "Which session?") }
                let clinician = (form.clinician ?? "").isEmpty ? nil : Int64(form.clinician!)
                try await RotaStore.assign(rota, session: session, clinician: clinician, by: user, app: app)
                return req.redirect(to: AccessURL.rota(.value(rota.id)).path + page + "#session-\(session)", redirectType: .normal)
            case .add:
                let hubs = try await HubSetup.hubs(of: group.code, on: Store.sql(req.db))
                guard let hub = hubs.first(where: { String($0.id) == form.hub }) else { throw FieldProblem(field: "hub", message: "Choose one of the group's hubs") }
                guard let day = Day(iso: form.day ?? "") else { throw FieldProblem(field: "day", message: "Enter the day as YYYY-MM-DD") }
                guard let role = StaffRole(rawValue: form.role ?? "") else { throw FieldProblem(field: "role", message: "Choose GP, nurse or other clinician") }
                try await RotaStore.addSession(rota, hub: hub, room: form.room ?? "", day: day, start: try HubsAPI.minutes(form.start, field: "start"),
                                               end: try HubsAPI.minutes(form.end, field: "end"), role: role, by: user, app: app)
            case .remove:
                guard let session = form.session.flatMap(Int64.init) else { throw Abort(.badRequest, reason: "Which session?") }
                try await RotaStore.removeSession(rota, session: session, by: user, app: app)
            case .notRun:
                guard let session = form.session.flatMap(Int64.init) else { throw Abort(.badRequest, reason: "Which session?") }
                try await RotaStore.markNotRun(rota, session: session, by: user, app: app)
            case .publish:
                _ = try await RotaStore.publish(rota, by: user, app: app)
            case .delete:
                guard form.confirm == "yes" else { throw FieldProblem(field: "confirm", message: "Tick the box to confirm you want to delete the draft rota") }
                try await RotaStore.delete(rota, by: user, app: app)
                return req.redirect(to: AccessURL.access(.value(group.code)).path, redirectType: .normal)
            }
            return req.redirect(to: AccessURL.rota(.value(rota.id)).path + page, redirectType: .normal)
        } catch {
            guard let list = FieldProblem.formErrors(error) else { throw error }
            let fresh = try await RotaStore.row(rota.id, on: Store.sql(req.db))
            return try await renderRota(req, fresh, group, form: form, errors: list, status: FieldProblem.status(error))
        }
    }

    // MARK: Calendars

    /// An iCalendar feed of a hub's or a clinician's published sessions, by the secret address
    /// shown to the hub's managers (calendar programs cannot sign in).
    @Sendable package static func calendar(_ req: Request) async throws -> Response {
        var token = req.parameters.get("token") ?? ""
        if token.hasSuffix(".ics") { token.removeLast(4) }
        guard token.count >= 40 else { throw Abort(.notFound) }
        let db = Store.sql(req.db)
        struct Hub: Decodable { package let id: Int64; package let groupCode: String; package let name: String }
        struct Person: Decodable { package let id: Int64; package let groupCode: String; package let name: String }
        let hub = try await db.raw("SELECT id, group_code, name FROM hubs WHERE calendar_token = \(bind: token)").first(decoding: Hub.self, with: snakeCaseRows)
        let person = hub == nil ? try await db.raw("SELECT id, group_code, name FROM clinicians WHERE calendar_token = \(bind: token)").first(decoding: Person.self, with: snakeCaseRows) : nil
        guard let group = hub?.groupCode ?? person?.groupCode else { throw Abort(.notFound) }
        let hubs = try await HubSetup.hubs(of: group, on: db)
        let names = Dictionary(uniqueKeysWithValues: hubs.map { ($0.id, $0.name) })
        let staff = try await StaffList.list(group, on: db)
        let filter: SQLQueryString = hub.map { "AND s.hub_id = \(bind: $0.id)" } ?? "AND s.clinician_id = \(bind: person!.id)"
        let sessions = try await db.raw("""
            SELECT s.id, s.rota_id, s.hub_id, s.room, s.day, s.start_minute, s.end_minute, s.role, s.clinician_id, s.not_run
            FROM rota_sessions s JOIN rotas r ON r.id = s.rota_id
            WHERE r.group_code = \(bind: group) AND r.status = 'published' AND s.not_run = \(bind: false) AND s.clinician_id IS NOT NULL \(filter)
            ORDER BY s.day, s.start_minute
            """).all(decoding: RotaStore.Session.self, with: snakeCaseRows)
        let list = sessions.map { $0.session(hubName: names[$0.hubId] ?? "hub") }
        var assignments: [String: String] = [:]
        for s in sessions { assignments[String(s.id)] = s.clinicianId.map(String.init) }
        let clinicians = StaffList.clinicians(staff, hubNames: names, from: Day.today(), through: Day.today())
        let rota = Rota(assignments: assignments, weeks: [], gaps: [], practiceMinutes: [:], personSessions: [:])
        let events = RotaBuilder.events(rota, sessions: list, clinicians: clinicians, person: person.map { String($0.id) }, hub: hub?.name)
        let name = hub.map { "\($0.name), extended access" } ?? "\(person!.name), extended access sessions"
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(string: ICalendar.document(name: name, events: events, stamp: Date())))
    }
}
