import Access
import Charts
import ConsortCore
import ConsortWeb
import Vapor

extension AccessView {
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

        package init(
            id: Int64, room: String, start: Int, minutes: Int, role: String, clinician: String?, bookedBy: String?
        ) {
            self.id = id
            self.room = room
            self.start = start
            self.minutes = minutes
            self.role = role
            self.clinician = clinician
            self.bookedBy = bookedBy
        }
    }

    package static func hub(
        _ hub: HubSetup.Details, _ group: GroupInfo, templates: [HubSetup.Template], day: Day, slots: [SlotRow],
        upcoming: [Day],
        canManage: Bool, canBook: Bool, rebook: Int64?, form: AccessController.HubForm, errors: Errors, feed: String,
        _ ctx: PageContext, status: HTTPStatus
    ) -> HTMLPage {
        Layout.page(hub.name, ctx, crumbs: accessCrumbs(group), section: "hubs", status: status) {
            Layout.errorSummary(errors)
            H.p(.class("hint")) { "Extended access hub of \(group.name)" }
            H.h1 { hub.name }
            Layout.summaryList([
                ("Address", .text(hub.address ?? "–")),
                ("Rooms", .text(hub.rooms)),
                ("Opening hours", .text(hub.opening.isEmpty ? "Not set (any time)" : hub.opening)),
                (
                    "Bank holidays",
                    .text(hub.opensOnBankHolidays ? "Open, as on other days" : "Closed (England's bank holidays)")
                ),
                (
                    "Appointment lengths",
                    .text(
                        "GP \(hub.appointmentGp) min, nurse \(hub.appointmentNurse) min, other \(hub.appointmentOther) "
                            + "min"
                    )
                ),
            ])
            if let rebook {
                H.div(.class("callout")) {
                    H.p {
                        "Moving booking \(rebook): choose a free appointment below. The old appointment is cancelled "
                            + "only when the new one is booked."
                    }
                }
            }
            H.h2(.id("appointments")) { "Appointments on \(day.long)" }
            H.form(
                .attr("method", "get"), .attr("action", AccessURL.hub(.value(hub.id)).path), .class("filters"),
                .aria("label", "Day")
            ) {
                if let rebook { H.input(.type("hidden"), .name("rebook"), .value(String(rebook))) }
                H.div(.class("field")) {
                    H.label(.for("day")) { "Day" }
                    text("day", day.iso, type: "date")
                }
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
                H.p(.class("hint")) {
                    "No appointments on this day. Appointments appear when a rota covering the day is published."
                }
            } else {
                H.div(
                    .class("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"),
                    .aria("label", "Appointments")
                ) {
                    H.table(.id("slots")) {
                        H.caption(.class("visually-hidden")) { "Appointments on \(day.long)" }
                        H.thead {
                            H.tr {
                                for t in ["Time", "Room", "Clinician", "Role", "Minutes", ""] {
                                    H.th(.attr("scope", "col")) { t }
                                }
                            }
                        }
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
                                            H.a(
                                                SiteURL.with(
                                                    AccessURL.bookSlot(.value(s.id)).path,
                                                    rebook.map { [("rebook", String($0))] } ?? []),
                                                .class("button small"),
                                                .aria(
                                                    "label",
                                                    "\(rebook == nil ? "Book" : "Move to") "
                                                        + "\(AccessWindow.clock(s.start)), \(s.room)"
                                                )
                                            ) { rebook == nil ? "Book" : "Move here" }
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
            H.p(.class("hint")) {
                "The sessions the hub runs each week. Rotas staff them; a published rota's staffed sessions become "
                    + "appointments of the role's length."
            }
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
                                        H.form(
                                            .attr("method", "post"),
                                            .attr("action", AccessURL.hubTemplates(.value(hub.id)).path),
                                            .class("inline-form")
                                        ) {
                                            Layout.csrfField(ctx)
                                            H.input(.type("hidden"), .name("template"), .value(String(t.id)))
                                            H.button(
                                                .type("submit"), .class("link-button"),
                                                .aria("label", "Remove \(t.window) in \(t.room)")
                                            ) { "Remove" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if canManage {
                H.el(
                    "details",
                    errors.contains { ["room", "days", "start", "role"].contains($0.field) } ? [.attr("open", "")] : []
                ) {
                    H.summary { "Add a weekly session" }
                    H.form(
                        .attr("method", "post"), .attr("action", AccessURL.hubTemplates(.value(hub.id)).path),
                        .attr("novalidate", "")
                    ) {
                        Layout.csrfField(ctx)
                        field("room", "Room", errors) {
                            H.select(.id("room"), .name("room")) {
                                for r in hub.roomList { H.option(r, r, selected: form.room == r) }
                            }
                        }
                        field("days", "Days", hint: "Mon-Fri, Sat, Tue-Thu…", errors) {
                            text("days", form.days ?? "Mon-Fri", hint: true)
                        }
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
                H.form(
                    .attr("method", "post"), .attr("action", AccessURL.hub(.value(hub.id)).path),
                    .attr("novalidate", "")
                ) {
                    Layout.csrfField(ctx)
                    field("name", "Name", errors) { text("name", form.name, wide: true) }
                    field("address", "Address", errors) { text("address", form.address, wide: true) }
                    field("rooms", "Rooms", hint: "Names separated by commas.", errors) {
                        text("rooms", form.rooms, wide: true, hint: true)
                    }
                    field(
                        "opening", "Opening hours",
                        hint: "Such as Mon-Fri 18:30-20:00; Sat 09:00-17:00. Empty: any time.", errors
                    ) { text("opening", form.opening, wide: true, hint: true) }
                    field("appointment_gp", "GP appointment (minutes)", errors) {
                        text("appointment_gp", form.appointmentGp)
                    }
                    field("appointment_nurse", "Nurse appointment (minutes)", errors) {
                        text("appointment_nurse", form.appointmentNurse)
                    }
                    field("appointment_other", "Other clinician appointment (minutes)", errors) {
                        text("appointment_other", form.appointmentOther)
                    }
                    H.div(.class("checkbox")) {
                        Layout.checkbox(
                            "bank_holidays", name: "bank_holidays", value: "yes", checked: form.bankHolidays == "yes")
                        H.label(.for("bank_holidays")) {
                            "Opens on bank holidays (rotas then offer its weekly sessions on them too; source: "
                                + "\(BankHolidays.source))"
                        }
                    }
                    H.button(.type("submit"), .class("button secondary")) { "Save the settings" }
                }
            }
        }
    }
}
