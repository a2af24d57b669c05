import ConsortWeb
import Access
import Charts
import ConsortCore
import Vapor

/// The extended-access pages.
package enum AccessView {
    package typealias Errors = FormErrors

    package static func error(_ errors: Errors, _ field: String) -> Node { Layout.fieldError(errors, field) }

    package static func field(_ id: String, _ label: String, hint: String? = nil, _ errors: Errors, @HTMLBuilder _ control: () -> [Node]) -> Node {
        Layout.field(id, label, hint: hint, errors, control)
    }

    package static func text(_ id: String, _ value: String?, wide: Bool = false, hint: Bool = false, type: String = "text") -> Node {
        var attributes: [Attribute] = [.type(type), .id(id), .name(id), .value(value ?? "")]
        if wide { attributes.append(.class("wide")) }
        if hint { attributes.append(.aria("describedby", "\(id)-hint")) }
        return Node(storage: .void("input", attributes))
    }



    package static func roleSelect(_ id: String, _ selected: String?) -> Node {
        H.select(.id(id), .name("role")) {
            for role in StaffRole.allCases { H.option(role.rawValue, role.label, selected: selected == role.rawValue) }
        }
    }

    package static func percent(_ value: Double?) -> DataTable.Cell {
        value.map { DataTable.Cell(text: String(format: "%.0f%%", $0 * 100), csv: String(format: "%.4f", $0)) } ?? .text(nil)
    }

    package static func hours(_ minutes: Int?) -> DataTable.Cell {
        guard let minutes else { return .text(nil) }
        return DataTable.Cell(text: "\(grouped(minutes)) (\(String(format: "%.1f", Double(minutes) / 60)) h)", csv: String(minutes))
    }

    package static func groupCrumbs(_ group: GroupInfo) -> [Layout.Crumb] {
        [.init(title: "England", href: SiteURL.home.path), .init(title: group.kind.plural, href: SiteURL.groups(group.kind).path),
         .init(title: group.name, href: SiteURL.group(group.code))]
    }

    package static func accessCrumbs(_ group: GroupInfo) -> [Layout.Crumb] {
        groupCrumbs(group) + [.init(title: "Extended access", href: AccessURL.access(.value(group.code)).path)]
    }

    // MARK: A group's extended access

    package struct OverviewTables {
        package let requirement: DataTable?
        package let hubs: DataTable
        package let rotas: DataTable
        package let weeks: DataTable
        package let byHub: DataTable
        package let byWeekday: DataTable
        package let bySession: DataTable

        package var all: [DataTable] { [requirement, hubs, rotas, weeks, byHub, byWeekday, bySession].compactMap { $0 } }

        package init(requirement: DataTable?, hubs: DataTable, rotas: DataTable, weeks: DataTable, byHub: DataTable, byWeekday: DataTable, bySession: DataTable) {
            self.requirement = requirement
            self.hubs = hubs
            self.rotas = rotas
            self.weeks = weeks
            self.byHub = byHub
            self.byWeekday = byWeekday
            self.bySession = bySession
        }
    }

    package static func useTable(_ id: String, _ caption: String, first: String, _ rows: [AccessReport.Use], total: AccessReport.Use?, file: String) -> DataTable {
        DataTable(id: id, caption: caption,
                  columns: [.init(title: first), .init(title: "Appointments offered", numeric: true), .init(title: "Booked", numeric: true),
                            .init(title: "Utilisation", numeric: true), .init(title: "Attended", numeric: true),
                            .init(title: "Did not attend", numeric: true), .init(title: "Did-not-attend rate", numeric: true)],
                  rows: (rows + (total.map { [$0] } ?? [])).map { u in
                      [.text(u.label), .number(u.slots), .number(u.booked), percent(u.utilisation), .number(u.attended), .number(u.didNotAttend), percent(u.dnaRate)]
                  },
                  fileName: file, emptyText: "No appointments have been offered in this period yet.")
    }

    package static func overviewTables(_ group: GroupInfo, hubs: [HubSetup.Details], templates: [HubSetup.Template], rotas: [RotaStore.Row],
                               report: AccessReport, view: RegistryView, policies: [Policy], period: (Day, Day)) -> OverviewTables {
        let suffix = "\(group.code)-\(period.0.iso)-\(period.1.iso).csv"
        let hubTable = DataTable(
            id: "hubs", caption: "Hubs",
            columns: [.init(title: "Hub"), .init(title: "Address"), .init(title: "Rooms"), .init(title: "Opening hours"), .init(title: "Weekly sessions", numeric: true)],
            rows: hubs.map { h in
                [.link(h.name, AccessURL.hub(.value(h.id)).path), .text(h.address), .text(h.rooms), .text(h.opening.isEmpty ? "any time" : h.opening),
                 .number(templates.filter { $0.hubId == h.id }.count)]
            }, fileName: "\(group.code)-hubs.csv", emptyText: "No hubs yet.")
        let rotaTable = DataTable(
            id: "rotas", caption: "Rotas",
            columns: [.init(title: "Rota"), .init(title: "From"), .init(title: "To"), .init(title: "Policy"), .init(title: "Status"),
                      .init(title: "Required a week (min)", numeric: true), .init(title: "Gaps", numeric: true)],
            rows: rotas.map { r in
                [.link("Rota \(r.id)", AccessURL.rota(.value(r.id)).path), .text(r.first.short), .text(r.last.short), .text(r.policy), .text(r.status),
                 .number(r.requiredMinutes), .number(r.gapList.count)]
            }, fileName: "\(group.code)-rotas.csv", emptyText: "No rotas yet.")
        let weeks = DataTable(
            id: "weeks", caption: "Minutes each week: required, planned and delivered",
            columns: [.init(title: "Week beginning"), .init(title: "Required", numeric: true), .init(title: "Planned", numeric: true),
                      .init(title: "Delivered", numeric: true), .init(title: "Delivered of required", numeric: true),
                      .init(title: "Appointments offered", numeric: true), .init(title: "Booked", numeric: true)],
            rows: report.weeks.map { w in
                [.text(w.start.short), hours(w.required), hours(w.planned), hours(w.delivered),
                 percent(w.required.flatMap { $0 > 0 ? Double(w.delivered) / Double($0) : nil }), .number(w.slots), .number(w.booked)]
            }, fileName: "\(group.code)-access-weeks-\(suffix)",
            emptyText: "No published rota covers this period. Build a rota and publish it to plan sessions.")
        return OverviewTables(
            requirement: RequirementTable.requirementTable(group, view, policies: policies), hubs: hubTable, rotas: rotaTable, weeks: weeks,
            byHub: useTable("by-hub", "Utilisation by hub", first: "Hub", report.byHub, total: report.total, file: "\(group.code)-utilisation-hub-\(suffix)"),
            byWeekday: useTable("by-weekday", "Utilisation by day of the week", first: "Day", report.byWeekday, total: nil, file: "\(group.code)-utilisation-day-\(suffix)"),
            bySession: useTable("by-session", "Utilisation by session", first: "Session", report.bySession, total: nil, file: "\(group.code)-utilisation-session-\(suffix)"))
    }

    package static func utilisationChart(_ id: String, _ title: String, _ uses: [AccessReport.Use], x: String) -> Node {
        guard uses.contains(where: { $0.slots > 0 }) else { return .empty }
        let chart = Histogram(id: id, title: title, description: "Share of appointments booked, per cent: " + uses.map { "\($0.label) \(Int((($0.utilisation ?? 0) * 100).rounded()))%" }.joined(separator: ", "),
                              bins: uses.map { .init(label: $0.label, count: Int((($0.utilisation ?? 0) * 100).rounded())) },
                              xLabel: x, yLabel: "% of appointments booked", width: 420, height: 240)
        return H.el("figure", [.class("chart")]) {
            Node.raw(chart.svg())
            H.el("figcaption", []) { title }
        }
    }

    package static func overview(_ group: GroupInfo, tables: OverviewTables, staffCount: Int, report: AccessReport, period: (Day, Day), canManage: Bool,
                         policies: [Policy], form: AccessController.OverviewForm, errors: Errors, _ ctx: PageContext, status: HTTPStatus) -> HTMLPage {
        let query = [("from", period.0.iso), ("to", period.1.iso)]
        let nextMonday = Day.today().weekStart.adding(days: 7)
        return Layout.page("Extended access: \(group.name)", ctx, crumbs: groupCrumbs(group), section: "hubs", status: status) {
            Layout.errorSummary(errors)
            H.p(.class("hint")) { group.kind.singular }
            H.h1 { "Extended access: \(group.name)" }
            H.p(.class("hint")) {
                "Evening and weekend appointments for the patients of every member practice, from shared hubs staffed by the practices' clinicians and sessional clinicians. "
                H.link(SiteURL.help.path + "#extended-access", "How capacity, rotas and booking work")
            }
            H.ul(.class("stats"), .aria("label", "Extended access in figures")) {
                Layout.stat(grouped(tables.hubs.rows.count), "hubs", nil)
                Layout.stat(grouped(staffCount), "clinicians", canManage ? AccessURL.clinicians(.value(group.code)).path : nil)
                Layout.stat(grouped(report.total.slots), "appointments offered to date in the period", nil)
                Layout.stat(report.total.utilisation.map { String(format: "%.0f%%", $0 * 100) } ?? "–", "booked", nil)
                Layout.stat(report.total.dnaRate.map { String(format: "%.1f%%", $0 * 100) } ?? "–", "did not attend", nil)
            }
            if let requirement = tables.requirement {
                H.h2 { "What the member practices' patients need" }
                requirement.html(ctx, query: query)
            }
            H.h2(.id("hubs")) { "Hubs" }
            tables.hubs.html(ctx, query: query)
            if canManage {
                H.el("details", errors.contains { $0.field == "name" } ? [.attr("open", "")] : []) {
                    H.summary { "Open a hub" }
                    H.form(.attr("method", "post"), .attr("action", AccessURL.accessHubs(.value(group.code)).path), .attr("novalidate", "")) {
                        Layout.csrfField(ctx)
                        field("name", "Hub name", errors) { text("name", form.name, wide: true) }
                        field("address", "Address (optional)", errors) { text("address", form.address, wide: true) }
                        H.button(.type("submit"), .class("button")) { "Open the hub" }
                    }
                }
                H.p { H.link(AccessURL.clinicians(.value(group.code)).path, "Clinicians who staff the hubs (\(staffCount))") }
            }
            H.h2(.id("rotas")) { "Rotas" }
            tables.rotas.html(ctx, query: query)
            if canManage {
                H.el("details", errors.contains { ["policy", "first_day", "last_day"].contains($0.field) } ? [.attr("open", "")] : []) {
                    H.summary { "Build a rota" }
                    H.p(.class("hint")) { "Consort staffs the hubs' weekly sessions in the period: the policy's minutes each week first (a GP on every open block when the policy asks), sharing sessions between member practices in proportion to their patients and between clinicians within their limits; sessional clinicians last. It explains any shortfall. You can then edit it and publish it." }
                    H.form(.attr("method", "post"), .attr("action", AccessURL.accessRotas(.value(group.code)).path), .attr("novalidate", "")) {
                        Layout.csrfField(ctx)
                        field("policy", "Policy", errors) {
                            H.select(.id("policy"), .name("policy")) {
                                for p in policies { H.option(p.name, p.title, selected: (form.policy ?? "enhanced-access-2022") == p.name) }
                            }
                        }
                        field("first_day", "First day", errors) { text("first_day", form.firstDay ?? nextMonday.iso, type: "date") }
                        field("last_day", "Last day", hint: "Up to \(RotaStore.maxDays) days.", errors) { text("last_day", form.lastDay ?? nextMonday.adding(days: 27).iso, hint: true, type: "date") }
                        H.button(.type("submit"), .class("button")) { "Build the rota" }
                    }
                }
            }
            H.h2(.id("report")) { "Required, planned and delivered" }
            H.form(.attr("method", "get"), .attr("action", AccessURL.access(.value(group.code)).path), .class("filters"), .aria("label", "Period")) {
                H.div(.class("field")) { H.label(.for("from")) { "From" }; text("from", period.0.iso, type: "date") }
                H.div(.class("field")) { H.label(.for("to")) { "To" }; text("to", period.1.iso, type: "date") }
                H.button(.type("submit"), .class("button secondary")) { "Show" }
                H.p(.class("hint")) { "Planned: staffed sessions of published rotas. Delivered: planned sessions up to today that ran. Utilisation: appointments booked of those offered, up to today. Did-not-attend rate: did not attend of attended and did not attend." }
            }
            tables.weeks.html(ctx, query: query)
            H.div(.class("charts")) {
                utilisationChart("chart-weekday", "Utilisation by day of the week", report.byWeekday, x: "Day of the week")
                utilisationChart("chart-hub", "Utilisation by hub", report.byHub, x: "Hub")
            }
            tables.byHub.html(ctx, query: query)
            tables.byWeekday.html(ctx, query: query)
            tables.bySession.html(ctx, query: query)
        }
    }

    // MARK: Clinicians

    package static func cliniciansTable(_ group: GroupInfo, staff: [StaffList.Row], hubs: [HubSetup.Details], view: RegistryView, base: String) -> DataTable {
        let names = Dictionary(uniqueKeysWithValues: hubs.map { ($0.id, $0.name) })
        return DataTable(
            id: "clinicians", caption: "Clinicians",
            columns: [.init(title: "Name"), .init(title: "Role"), .init(title: "Practice"), .init(title: "Sessions a month at most", numeric: true),
                      .init(title: "Hubs they can reach"), .init(title: "Available"), .init(title: "Calendar feed")],
            rows: staff.map { c in
                [.link(c.name + (c.isDemo ? " (demo)" : ""), AccessURL.clinician(.value(group.code), .value(c.id)).path), .text(c.staffRole.label),
                 .text(c.practiceCode.map { code in view.index[code].map { "\(view.practices[$0].name) (\(code))" } ?? code } ?? "Sessional"),
                 .number(c.maxSessionsPerMonth), .text(c.hubs.compactMap { names[$0] }.joined(separator: ", ")), .text(c.availability),
                 .link("iCalendar", base + AccessURL.calendar(c.calendarToken))]
            }, fileName: "\(group.code)-clinicians.csv",
            emptyText: "No clinicians yet. Add the GPs, nurses and other clinicians of member practices who will work in the hubs, and sessional clinicians.")
    }

    package static func clinicians(_ group: GroupInfo, table: DataTable, hubs: [HubSetup.Details], members: [PracticeInfo], editing: Int64?,
                           form: AccessController.ClinicianForm, errors: Errors, _ ctx: PageContext, status: HTTPStatus) -> HTMLPage {
        let title = editing == nil ? "Clinicians: \(group.name)" : "Edit \(form.name ?? "clinician")"
        let action = editing.map { AccessURL.clinician(.value(group.code), .value($0)).path } ?? AccessURL.clinicians(.value(group.code)).path
        return Layout.page(title, ctx, crumbs: accessCrumbs(group), section: "hubs", status: status) {
            Layout.errorSummary(errors)
            H.h1 { title }
            if editing == nil {
                H.p(.class("hint")) { "The people who staff the hubs. Each calendar feed address is secret: give it only to that clinician; it lists their published sessions." }
                table.html(ctx)
                H.h2(.id("add")) { "Add a clinician" }
            }
            if hubs.isEmpty {
                H.p(.class("hint")) { "Open a hub first: each clinician says which hubs they can reach." }
            } else {
                H.form(.attr("method", "post"), .attr("action", action), .attr("novalidate", "")) {
                    Layout.csrfField(ctx)
                    field("name", "Name", errors) { text("name", form.name, wide: true) }
                    field("role", "Role", errors) { roleSelect("role", form.role) }
                    field("practice", "Practice", hint: "Their member practice, or none for a sessional clinician.", errors) {
                        H.select(.id("practice"), .name("practice"), .aria("describedby", "practice-hint")) {
                            H.option("", "None (sessional)", selected: (form.practice ?? "").isEmpty)
                            for p in members.sorted(by: { $0.name < $1.name }) { H.option(p.code, "\(p.name) (\(p.code))", selected: form.practice == p.code) }
                        }
                    }
                    field("max_sessions", "Most sessions a month", errors) { text("max_sessions", form.maxSessions) }
                    H.el("fieldset", [.class("field"), .id("hubs")]) {
                        H.el("legend", []) { "Hubs they can reach" }
                        error(errors, "hubs")
                        for h in hubs {
                            H.div(.class("checkbox")) {
                                Layout.checkbox("hub-\(h.id)", name: "hubs[]", value: String(h.id), checked: (form.hubs ?? []).contains(String(h.id)))
                                H.label(.for("hub-\(h.id)")) { h.name }
                            }
                        }
                    }
                    field("availability", "When they can work each week", hint: "Windows such as Mon-Fri 18:00-21:00; Sat 08:00-18:00 (days Mon to Sun, 24-hour times, separated by semicolons).", errors) {
                        text("availability", form.availability, wide: true, hint: true)
                    }
                    H.button(.type("submit"), .class("button")) { editing == nil ? "Add the clinician" : "Save" }
                }
                if editing != nil {
                    H.form(.attr("method", "post"), .attr("action", action)) {
                        Layout.csrfField(ctx)
                        H.input(.type("hidden"), .name("action"), .value("remove"))
                        error(errors, "remove")
                        H.button(.type("submit"), .class("button warning"), .id("remove")) { "Remove this clinician" }
                    }
                }
            }
        }
    }

    // MARK: Hub

    package struct SlotRow {
        package let id: Int64
        package let room: String
        package let start: Int
        package let minutes: Int
        package let role: String
        package let clinician: String?
        /// The practice whose patient holds the slot, if booked.
        package let bookedBy: String?

        package init(id: Int64, room: String, start: Int, minutes: Int, role: String, clinician: String?, bookedBy: String?) {
            self.id = id
            self.room = room
            self.start = start
            self.minutes = minutes
            self.role = role
            self.clinician = clinician
            self.bookedBy = bookedBy
        }
    }

    package static func hub(_ hub: HubSetup.Details, _ group: GroupInfo, templates: [HubSetup.Template], day: Day, slots: [SlotRow], upcoming: [Day],
                    canManage: Bool, canBook: Bool, rebook: Int64?, form: AccessController.HubForm, errors: Errors, feed: String,
                    _ ctx: PageContext, status: HTTPStatus) -> HTMLPage {
        Layout.page(hub.name, ctx, crumbs: accessCrumbs(group), section: "hubs", status: status) {
            Layout.errorSummary(errors)
            H.p(.class("hint")) { "Extended access hub of \(group.name)" }
            H.h1 { hub.name }
            Layout.summaryList([
                ("Address", .text(hub.address ?? "–")),
                ("Rooms", .text(hub.rooms)),
                ("Opening hours", .text(hub.opening.isEmpty ? "Not set (any time)" : hub.opening)),
                ("Appointment lengths", .text("GP \(hub.appointmentGp) min, nurse \(hub.appointmentNurse) min, other \(hub.appointmentOther) min")),
            ])
            if let rebook {
                H.div(.class("callout")) { H.p { "Moving booking \(rebook): choose a free appointment below. The old appointment is cancelled only when the new one is booked." } }
            }
            H.h2(.id("appointments")) { "Appointments on \(day.long)" }
            H.form(.attr("method", "get"), .attr("action", AccessURL.hub(.value(hub.id)).path), .class("filters"), .aria("label", "Day")) {
                if let rebook { H.input(.type("hidden"), .name("rebook"), .value(String(rebook))) }
                H.div(.class("field")) { H.label(.for("day")) { "Day" }; text("day", day.iso, type: "date") }
                H.button(.type("submit"), .class("button secondary")) { "Show" }
            }
            if !upcoming.isEmpty {
                H.p {
                    "Days with free appointments: "
                    for (i, d) in upcoming.enumerated() {
                        if i > 0 { ", " }
                        H.link(AccessURL.hubDay(hub.id, d, rebook: rebook), d.short)
                    }
                }
            }
            if slots.isEmpty {
                H.p(.class("hint")) { "No appointments on this day. Appointments appear when a rota covering the day is published." }
            } else {
                H.div(.class("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .aria("label", "Appointments")) {
                    H.table(.id("slots")) {
                        H.caption(.class("visually-hidden")) { "Appointments on \(day.long)" }
                        H.thead { H.tr { for t in ["Time", "Room", "Clinician", "Role", "Minutes", ""] { H.th(.attr("scope", "col")) { t } } } }
                        H.tbody {
                            for s in slots {
                                H.tr {
                                    H.th(.attr("scope", "row")) { AccessWindow.clock(s.start) }
                                    H.td { s.room }
                                    H.td { s.clinician ?? "–" }
                                    H.td { s.role }
                                    H.td(.class("num")) { String(s.minutes) }
                                    H.td {
                                        if s.bookedBy != nil {
                                            H.span(.class("tag grey")) { "Booked" }
                                        } else if canBook && day >= Day.today() {
                                            H.a(SiteURL.with(AccessURL.bookSlot(.value(s.id)).path, rebook.map { [("rebook", String($0))] } ?? []), .class("button small"),
                                                .aria("label", "\(rebook == nil ? "Book" : "Move to") \(AccessWindow.clock(s.start)), \(s.room)")) { rebook == nil ? "Book" : "Move here" }
                                        } else {
                                            H.span(.class("tag")) { "Free" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            H.h2(.id("templates")) { "Weekly sessions" }
            H.p(.class("hint")) { "The sessions the hub runs each week. Rotas staff them; a published rota's staffed sessions become appointments of the role's length." }
            if templates.isEmpty {
                H.p(.class("hint")) { "No weekly sessions yet." }
            } else {
                H.table(.id("template-list")) {
                    H.caption(.class("visually-hidden")) { "Weekly sessions" }
                    H.thead { H.tr { for t in ["When", "Room", "Role", ""] { H.th(.attr("scope", "col")) { t } } } }
                    H.tbody {
                        for t in templates {
                            H.tr {
                                H.th(.attr("scope", "row")) { t.window }
                                H.td { t.room }
                                H.td { t.staffRole.label }
                                H.td {
                                    if canManage {
                                        H.form(.attr("method", "post"), .attr("action", AccessURL.hubTemplates(.value(hub.id)).path), .class("inline-form")) {
                                            Layout.csrfField(ctx)
                                            H.input(.type("hidden"), .name("template"), .value(String(t.id)))
                                            H.button(.type("submit"), .class("link-button"), .aria("label", "Remove \(t.window) in \(t.room)")) { "Remove" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if canManage {
                H.el("details", errors.contains { ["room", "days", "start", "role"].contains($0.field) } ? [.attr("open", "")] : []) {
                    H.summary { "Add a weekly session" }
                    H.form(.attr("method", "post"), .attr("action", AccessURL.hubTemplates(.value(hub.id)).path), .attr("novalidate", "")) {
                        Layout.csrfField(ctx)
                        field("room", "Room", errors) {
                            H.select(.id("room"), .name("room")) { for r in hub.roomList { H.option(r, r, selected: form.room == r) } }
                        }
                        field("days", "Days", hint: "Mon-Fri, Sat, Tue-Thu…", errors) { text("days", form.days ?? "Mon-Fri", hint: true) }
                        field("start", "From (HH:MM)", errors) { text("start", form.start ?? "18:30") }
                        field("end", "To (HH:MM)", errors) { text("end", form.end ?? "20:00") }
                        field("role", "Role", errors) { roleSelect("role", form.role) }
                        H.button(.type("submit"), .class("button")) { "Add the session" }
                    }
                }
                H.h2(.id("settings")) { "Hub settings" }
                H.p {
                    "Calendar feed of the hub's published sessions (secret address, for the hub's staff): "
                    H.el("code", []) { feed }
                }
                H.form(.attr("method", "post"), .attr("action", AccessURL.hub(.value(hub.id)).path), .attr("novalidate", "")) {
                    Layout.csrfField(ctx)
                    field("name", "Name", errors) { text("name", form.name, wide: true) }
                    field("address", "Address", errors) { text("address", form.address, wide: true) }
                    field("rooms", "Rooms", hint: "Names separated by commas.", errors) { text("rooms", form.rooms, wide: true, hint: true) }
                    field("opening", "Opening hours", hint: "Such as Mon-Fri 18:30-20:00; Sat 09:00-17:00. Empty: any time.", errors) { text("opening", form.opening, wide: true, hint: true) }
                    field("appointment_gp", "GP appointment (minutes)", errors) { text("appointment_gp", form.appointmentGp) }
                    field("appointment_nurse", "Nurse appointment (minutes)", errors) { text("appointment_nurse", form.appointmentNurse) }
                    field("appointment_other", "Other clinician appointment (minutes)", errors) { text("appointment_other", form.appointmentOther) }
                    H.button(.type("submit"), .class("button secondary")) { "Save the settings" }
                }
            }
        }
    }

    // MARK: Booking

    package static func bookForm(_ slot: Hubs.Slot, _ hub: HubSetup.Details, _ group: GroupInfo, practices: [PracticeInfo], form: AccessController.BookingForm,
                         errors: Errors, _ ctx: PageContext, status: HTTPStatus = .ok) -> HTMLPage {
        let day = Day(iso: slot.day) ?? Day.today()
        let when = "\(AccessWindow.dayNames[day.weekday]) \(day.long) at \(AccessWindow.clock(slot.startMinute))"
        let rebook = form.rebook.flatMap(Int64.init)
        let title = rebook == nil ? "Book an appointment" : "Move booking \(rebook!)"
        return Layout.page(title, ctx, crumbs: accessCrumbs(group) + [.init(title: hub.name, href: AccessURL.hubDay(hub.id, day, rebook: rebook))],
                           section: "hubs", status: status) {
            Layout.errorSummary(errors)
            H.h1 { title }
            Layout.summaryList([
                ("Hub", .text(hub.name)), ("When", .text(when)), ("Room", .text(slot.room)),
                ("Clinician", .text("\(slot.clinician ?? "–") (\(StaffRole(rawValue: slot.role)?.label ?? slot.role))")), ("Length", .text("\(slot.minutes) minutes")),
            ])
            error(errors, "slot")
            H.form(.attr("method", "post"), .attr("action", AccessURL.bookSlot(.value(slot.id)).path), .attr("novalidate", "")) {
                Layout.csrfField(ctx)
                if let rebook {
                    H.input(.type("hidden"), .name("rebook"), .value(String(rebook)))
                    H.p { "The patient of booking \(rebook) moves to this appointment; their old appointment is cancelled at the same moment." }
                } else {
                    field("practice", "The patient's practice", hint: "Only patients of \(group.name)'s member practices can be booked.", errors) {
                        H.select(.id("practice"), .name("practice"), .aria("describedby", "practice-hint")) {
                            if practices.count != 1 { H.option("", "Choose the practice", selected: (form.practice ?? "").isEmpty) }
                            for p in practices { H.option(p.code, "\(p.name) (\(p.code))", selected: form.practice == p.code) }
                        }
                    }
                    field("nhs_number", "NHS number", hint: "10 digits, e.g. 943 476 5919. Consort checks the check digit.", errors) {
                        H.input(.type("text"), .id("nhs_number"), .name("nhs_number"), .value(form.nhsNumber ?? ""), .attr("inputmode", "numeric"),
                                .attr("autocomplete", "off"), .aria("describedby", "nhs_number-hint"))
                    }
                    field("name", "Patient's name", errors) { H.input(.type("text"), .id("name"), .name("name"), .class("wide"), .value(form.name ?? ""), .attr("autocomplete", "off")) }
                    field("contact", "Telephone or email", hint: "How the hub reaches the patient.", errors) {
                        H.input(.type("text"), .id("contact"), .name("contact"), .class("wide"), .value(form.contact ?? ""), .attr("autocomplete", "off"), .aria("describedby", "contact-hint"))
                    }
                }
                H.button(.type("submit"), .class("button")) { rebook == nil ? "Book the appointment" : "Move the booking" }
            }
        }
    }

    package static func appointmentsTable(_ rows: [Hubs.Appointment], practice: PracticeInfo) -> DataTable {
        DataTable(
            id: "appointments", caption: "Hub appointments of \(practice.name)'s patients",
            columns: [.init(title: "Booking", numeric: true), .init(title: "Day"), .init(title: "Time"), .init(title: "Hub"), .init(title: "Room"),
                      .init(title: "Clinician"), .init(title: "Patient"), .init(title: "NHS number"), .init(title: "Contact"), .init(title: "Status"), .init(title: "Booked by")],
            rows: rows.map { a in
                let day = Day(iso: a.day)
                return [.number(Int(a.id)), .text(day?.short ?? a.day), .text(AccessWindow.clock(a.startMinute)), .link(a.hubName, AccessURL.hub(.value(a.hubId)).path), .text(a.room),
                        .text(a.clinician), .text(a.patientName), .text((try? NHSNumber(a.nhsNumber))?.description ?? a.nhsNumber), .text(a.contact),
                        .text(a.status), .text(a.bookedBy)]
            }, fileName: "\(practice.code)-hub-appointments.csv", emptyText: "No hub appointments.")
    }

    package static func appointments(_ practice: PracticeInfo, rows: [Hubs.Appointment], page: Int, showPast: Bool, booked: Int64?, table: DataTable,
                             errors: Errors, _ ctx: PageContext, status: HTTPStatus) -> HTMLPage {
        let pageSize = 50
        let shown = rows.dropFirst((page - 1) * pageSize).prefix(pageSize)
        let today = Day.today()
        return Layout.page("Hub appointments: \(practice.name)", ctx,
                           crumbs: [.init(title: "England", href: SiteURL.home.path), .init(title: "Practices", href: SiteURL.practices.path),
                                    .init(title: practice.name, href: SiteURL.practice(practice.code))], section: "hubs", status: status) {
            Layout.errorSummary(errors)
            H.h1 { "Hub appointments of \(practice.name)'s patients" }
            if let booked, rows.contains(where: { $0.id == booked }) {
                H.div(.class("callout success"), .attr("role", "status")) { H.p { "Booked: booking \(booked)." } }
            }
            H.p {
                if showPast { H.link(AccessURL.practiceAppointments(.value(practice.code)).path, "Show only appointments still to come") }
                else { H.link(SiteURL.with(AccessURL.practiceAppointments(.value(practice.code)).path, [("show", "all")]), "Show every appointment, past and cancelled too") }
                " · "
                H.link(AccessURL.hubs.path, "Book at a hub")
            }
            if rows.isEmpty {
                H.p(.class("hint")) { showPast ? "No hub appointments yet." : "No hub appointments to come. Book one from a hub's page." }
            } else {
                H.div(.class("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .aria("label", "Hub appointments")) {
                    H.table(.id("appointments")) {
                        H.caption(.class("visually-hidden")) { "Hub appointments" }
                        H.thead { H.tr { for t in ["Booking", "When", "Hub", "Patient", "NHS number", "Contact", "Status", "Actions"] { H.th(.attr("scope", "col")) { t } } } }
                        H.tbody {
                            for a in shown {
                                let day = Day(iso: a.day) ?? today
                                H.tr(.id("booking-\(a.id)")) {
                                    H.th(.attr("scope", "row")) { String(a.id) }
                                    H.td { "\(AccessWindow.dayNames[day.weekday]) \(day.short) \(AccessWindow.clock(a.startMinute))" }
                                    H.td { H.link(AccessURL.hub(.value(a.hubId)).path, a.hubName); " (\(a.room), \(a.clinician ?? "–"))" }
                                    H.td { a.patientName }
                                    H.td { (try? NHSNumber(a.nhsNumber))?.description ?? a.nhsNumber }
                                    H.td { a.contact }
                                    H.td { a.status }
                                    H.td {
                                        error(errors, "booking-\(a.id)")
                                        if a.status == Hubs.Status.booked.rawValue {
                                            for (status, label) in day <= today
                                                ? [("attended", "Attended"), ("did-not-attend", "Did not attend"), ("cancelled", "Cancel")]
                                                : [("cancelled", "Cancel")] {
                                                H.form(.attr("method", "post"), .attr("action", AccessURL.booking(.value(a.id)).path), .class("inline-form")) {
                                                    Layout.csrfField(ctx)
                                                    H.input(.type("hidden"), .name("status"), .value(status))
                                                    H.button(.type("submit"), .class("link-button"), .aria("label", "\(label): booking \(a.id)")) { label }
                                                }
                                                " "
                                            }
                                            if day >= today {
                                                H.a(AccessURL.hubDay(a.hubId, day, rebook: a.id), .aria("label", "Rebook: booking \(a.id)")) { "Rebook" }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                if rows.count > pageSize {
                    Layout.pagination(ctx, page: page, pageSize: pageSize, total: rows.count, query: showPast ? [("show", "all")] : [])
                }
                H.p(.class("downloads")) {
                    H.a(SiteURL.csv(ctx.path, (showPast ? [("show", "all")] : []) + [("table", "appointments")]), .attr("download", table.fileName)) {
                        "Download these appointments as CSV (\(grouped(rows.count)) rows)"
                    }
                }
            }
        }
    }

    // MARK: Rota

    /// - Parameter shares: member practice code → name and registered patients at the rota's first day.
    package static func rotaTables(_ rota: RotaStore.Row, sessions: [RotaStore.Session], hubs: [HubSetup.Details], staff: [StaffList.Row],
                           shares: [String: (String, Int)]) -> [DataTable] {
        let hubNames = Dictionary(uniqueKeysWithValues: hubs.map { ($0.id, $0.name) })
        let people = Dictionary(uniqueKeysWithValues: staff.map { ($0.id, $0) })
        var weeks: [Day: (planned: Int, sessions: Int)] = [:]
        for s in sessions where s.clinicianId != nil && !s.notRun { weeks[s.date.weekStart, default: (0, 0)].planned += s.minutes }
        for s in sessions { weeks[s.date.weekStart, default: (0, 0)].sessions += 1 }
        var practiceMinutes: [String: Int] = [:]
        for s in sessions where !s.notRun { if let c = s.clinicianId.flatMap({ people[$0] }) { practiceMinutes[c.practiceCode ?? "", default: 0] += s.minutes } }
        let memberMinutes = practiceMinutes.filter { !$0.key.isEmpty }.values.reduce(0, +)
        let patients = shares.values.reduce(0) { $0 + $1.1 }
        let practices = shares.keys.sorted { (shares[$0]!.0, $0) < (shares[$1]!.0, $1) } + (practiceMinutes[""] != nil ? [""] : [])
        return [
            DataTable(id: "weeks", caption: "Each week: required and planned minutes",
                      columns: [.init(title: "Week beginning"), .init(title: "Sessions", numeric: true), .init(title: "Required", numeric: true),
                                .init(title: "Planned", numeric: true), .init(title: "Short by", numeric: true)],
                      rows: weeks.keys.sorted().map { w in
                          let p = weeks[w]!.planned
                          return [.text(w.short), .number(weeks[w]!.sessions), hours(rota.requiredMinutes), hours(p), hours(max(0, rota.requiredMinutes - p))]
                      }, fileName: "rota-\(rota.id)-weeks.csv"),
            DataTable(id: "practices", caption: "Minutes staffed by each practice, against its share of the patients",
                      columns: [.init(title: "Practice"), .init(title: "Patients", numeric: true), .init(title: "Share of patients", numeric: true),
                                .init(title: "Minutes staffed", numeric: true), .init(title: "Share of member practices' minutes", numeric: true)],
                      rows: practices.map { code in
                          let minutes = practiceMinutes[code, default: 0]
                          guard !code.isEmpty else { return [.text("Sessional clinicians"), .text(nil), .text(nil), .number(minutes), .text(nil)] }
                          return [.text("\(shares[code]!.0) (\(code))"), .number(shares[code]!.1), percent(patients > 0 ? Double(shares[code]!.1) / Double(patients) : nil),
                                  .number(minutes), percent(memberMinutes > 0 ? Double(minutes) / Double(memberMinutes) : nil)]
                      }, fileName: "rota-\(rota.id)-practices.csv", emptyText: "The group has no member practices on the rota's first day."),
            DataTable(id: "sessions", caption: "Sessions",
                      columns: [.init(title: "Session", numeric: true), .init(title: "Day"), .init(title: "From"), .init(title: "To"), .init(title: "Hub"),
                                .init(title: "Room"), .init(title: "Role"), .init(title: "Clinician"), .init(title: "Practice"), .init(title: "Ran")],
                      rows: sessions.map { s in
                          let c = s.clinicianId.flatMap { people[$0] }
                          return [.number(Int(s.id)), .text(s.day), .text(AccessWindow.clock(s.startMinute)), .text(AccessWindow.clock(s.endMinute)),
                                  .text(hubNames[s.hubId]), .text(s.room), .text(s.staffRole.label), .text(c?.name ?? "unstaffed"),
                                  .text(c.map { $0.practiceCode ?? "sessional" }), .text(s.notRun ? "no" : "")]
                      }, fileName: "rota-\(rota.id)-sessions.csv"),
        ]
    }

    package static func rota(_ rota: RotaStore.Row, _ group: GroupInfo, sessions: [RotaStore.Session], conflicts: [RotaConflict], hubs: [HubSetup.Details],
                     staff: [StaffList.Row], tables: [DataTable], page: Int, form: AccessController.RotaForm, errors: Errors,
                     _ ctx: PageContext, status: HTTPStatus) -> HTMLPage {
        let hubNames = Dictionary(uniqueKeysWithValues: hubs.map { ($0.id, $0.name) })
        let conflicted = Set(conflicts.flatMap(\.sessions))
        let pageSize = 60
        let shown = sessions.dropFirst((page - 1) * pageSize).prefix(pageSize)
        let today = Day.today()
        let staffed = sessions.filter { $0.clinicianId != nil }.count
        let pageQuery = page > 1 ? "?page=\(page)" : ""
        return Layout.page("Rota \(rota.id): \(group.name)", ctx, crumbs: accessCrumbs(group), section: "hubs", status: status) {
            Layout.errorSummary(errors)
            H.p(.class("hint")) { rota.isPublished ? "Published rota" : "Draft rota" }
            H.h1 { "Rota \(rota.id): \(rota.first.long) to \(rota.last.long)" }
            Layout.summaryList([
                ("Status", .text(rota.isPublished ? "Published by \(rota.publishedBy ?? "–") (\(rota.publishedAt?.prefix(10) ?? ""))" : "Draft: not yet bookable")),
                ("Policy", .text("\(rota.policy): \(grouped(rota.requiredMinutes)) minutes a week" + (rota.gpCover ? ", with a GP on duty whenever open" : ""))),
                ("Sessions", .text("\(grouped(sessions.count)), \(grouped(staffed)) staffed")),
                ("Built by", .text("\(rota.createdBy) (\(rota.createdAt.prefix(10)))")),
            ])
            if !rota.isPublished {
                H.div(.class("actions")) {
                    error(errors, "publish")
                    H.form(.attr("method", "post"), .attr("action", AccessURL.rotaAction(.value(rota.id), .publish).path), .class("inline-form")) {
                        Layout.csrfField(ctx)
                        H.button(.type("submit"), .class("button"), .id("publish")) { "Publish the rota" }
                    }
                    H.p(.class("hint")) { "Publishing turns every staffed session into appointments practices can book, and puts the sessions in the calendar feeds." }
                }
            }
            tables[0].html(ctx)
            let gaps = rota.gapList
            if !gaps.isEmpty {
                H.h2(.id("gaps")) { "Gaps when the rota was built (\(gaps.count))" }
                H.ul(.class("findings")) { for g in gaps.prefix(200) { H.li { g.message } } }
                if gaps.count > 200 { H.p(.class("hint")) { "And \(gaps.count - 200) more." } }
            }
            H.h2(.id("conflicts")) { "Conflicts (\(conflicts.count))" }
            if conflicts.isEmpty {
                H.p(.class("hint")) { "None: nobody and no room is booked twice, everyone is within their availability, limits, hubs and role, and sessions keep to the policy's hours." }
            } else {
                H.ul(.class("findings")) { for c in conflicts { H.li { H.span(.class("tag blocking")) { c.kind.rawValue }; " "; c.message } } }
            }
            tables[1].html(ctx)
            H.h2(.id("sessions")) { "Sessions" }
            H.p(.class("hint")) { "Change who staffs a session; Consort refuses a change that would double-book a person or a room, or go outside someone's availability, limit, hubs or role." }
            H.div(.class("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .aria("label", "Rota sessions")) {
                H.table(.id("session-list")) {
                    H.caption(.class("visually-hidden")) { "Rota sessions" }
                    H.thead { H.tr { for t in ["When", "Hub and room", "Role", "Clinician", ""] { H.th(.attr("scope", "col")) { t } } } }
                    H.tbody {
                        for s in shown {
                            H.tr(.id("session-\(s.id)"), .class(conflicted.contains(String(s.id)) ? "conflict" : "")) {
                                H.th(.attr("scope", "row")) { s.session(hubName: "").when }
                                H.td { "\(hubNames[s.hubId] ?? "–"), \(s.room)" }
                                H.td { s.staffRole.label }
                                H.td {
                                    error(errors, "clinician-\(s.id)")
                                    if s.notRun {
                                        "Did not run"
                                    } else if rota.isPublished && s.date < today {
                                        staff.first { $0.id == s.clinicianId }?.name ?? "unstaffed"
                                    } else {
                                        H.form(.attr("method", "post"), .attr("action", AccessURL.rotaAction(.value(rota.id), .assign).path + pageQuery), .class("inline-form")) {
                                            Layout.csrfField(ctx)
                                            H.input(.type("hidden"), .name("session"), .value(String(s.id)))
                                            H.label(.for("clinician-\(s.id)"), .class("visually-hidden")) { "Clinician for \(s.session(hubName: "").when)" }
                                            H.select(.id("clinician-\(s.id)"), .name("clinician")) {
                                                H.option("", "Unstaffed", selected: s.clinicianId == nil)
                                                for c in staff where c.staffRole == s.staffRole || c.id == s.clinicianId {
                                                    H.option(String(c.id), c.name + (c.practiceCode.map { " (\($0))" } ?? " (sessional)"), selected: c.id == s.clinicianId)
                                                }
                                            }
                                            " "
                                            H.button(.type("submit"), .class("button small secondary")) { "Save" }
                                        }
                                    }
                                }
                                H.td {
                                    if !rota.isPublished {
                                        H.form(.attr("method", "post"), .attr("action", AccessURL.rotaAction(.value(rota.id), .remove).path + pageQuery), .class("inline-form")) {
                                            Layout.csrfField(ctx)
                                            H.input(.type("hidden"), .name("session"), .value(String(s.id)))
                                            H.button(.type("submit"), .class("link-button"), .aria("label", "Remove \(s.session(hubName: "").when) \(s.room)")) { "Remove" }
                                        }
                                    } else if !s.notRun && s.clinicianId != nil {
                                        error(errors, "not-run-\(s.id)")
                                        H.form(.attr("method", "post"), .attr("action", AccessURL.rotaAction(.value(rota.id), .notRun).path + pageQuery), .class("inline-form")) {
                                            Layout.csrfField(ctx)
                                            H.input(.type("hidden"), .name("session"), .value(String(s.id)))
                                            H.button(.type("submit"), .class("link-button"), .aria("label", "Mark \(s.session(hubName: "").when) \(s.room) as not run")) { "Did not run" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if sessions.count > pageSize { Layout.pagination(ctx, page: page, pageSize: pageSize, total: sessions.count, query: []) }
            H.p(.class("downloads")) {
                H.a(SiteURL.csv(ctx.path, [("table", "sessions")]), .attr("download", tables[2].fileName)) { "Download every session as CSV (\(grouped(sessions.count)) rows)" }
            }
            if !rota.isPublished {
                H.el("details", errors.contains { ["hub", "room", "day", "start", "end", "role"].contains($0.field) } ? [.attr("open", "")] : []) {
                    H.summary { "Add a session by hand" }
                    H.form(.attr("method", "post"), .attr("action", AccessURL.rotaAction(.value(rota.id), .add).path), .attr("novalidate", "")) {
                        Layout.csrfField(ctx)
                        field("hub", "Hub", errors) {
                            H.select(.id("hub"), .name("hub")) { for h in hubs { H.option(String(h.id), h.name, selected: form.hub == String(h.id)) } }
                        }
                        field("room", "Room", hint: "One of the hub's rooms: " + hubs.map { "\($0.name): \($0.rooms)" }.joined(separator: "; "), errors) { text("room", form.room, hint: true) }
                        field("day", "Day", errors) { text("day", form.day ?? rota.firstDay, type: "date") }
                        field("start", "From (HH:MM)", errors) { text("start", form.start ?? "18:30") }
                        field("end", "To (HH:MM)", errors) { text("end", form.end ?? "20:00") }
                        field("role", "Role", errors) { roleSelect("role", form.role) }
                        H.button(.type("submit"), .class("button secondary")) { "Add the session" }
                    }
                }
                H.form(.attr("method", "post"), .attr("action", AccessURL.rotaAction(.value(rota.id), .delete).path)) {
                    Layout.csrfField(ctx)
                    error(errors, "confirm")
                    H.div(.class("checkbox")) {
                        H.input(.type("checkbox"), .id("confirm"), .name("confirm"), .value("yes"))
                        H.label(.for("confirm")) { "Delete this draft rota" }
                    }
                    H.button(.type("submit"), .class("button warning")) { "Delete" }
                }
            }
        }
    }
}
