import Access
import Charts
import ConsortCore
import ConsortWeb
import Vapor

extension AccessView {
    // MARK: Booking

    package static func bookForm(
        _ slot: Hubs.Slot, _ hub: HubSetup.Details, _ group: GroupInfo, practices: [PracticeInfo],
        form: AccessController.BookingForm,
        errors: Errors, _ ctx: PageContext, status: HTTPStatus = .ok
    ) -> HTMLPage {
        let day = Day(iso: slot.day) ?? Day.today()
        let when = "\(AccessWindow.dayNames[day.weekday]) \(day.long) at \(AccessWindow.clock(slot.startMinute))"
        let rebook = form.rebook.flatMap(Int64.init)
        let title = rebook == nil ? "Book an appointment" : "Move booking \(rebook!)"
        return Layout.page(
            title, ctx,
            crumbs: accessCrumbs(group) + [.init(title: hub.name, href: AccessURL.hubDay(hub.id, day, rebook: rebook))],
            section: "hubs", status: status
        ) {
            Layout.errorSummary(errors)
            H.h1 { title }
            Layout.summaryList([
                ("Hub", .text(hub.name)), ("When", .text(when)), ("Room", .text(slot.room)),
                (
                    "Clinician",
                    .text("\(slot.clinician ?? "–") (\(StaffRole(rawValue: slot.role)?.label ?? slot.role))")
                ), ("Length", .text("\(slot.minutes) minutes")),
            ])
            error(errors, "slot")
            H.form(
                .attr("method", "post"), .attr("action", AccessURL.bookSlot(.value(slot.id)).path),
                .attr("novalidate", "")
            ) {
                Layout.csrfField(ctx)
                if let rebook {
                    H.input(.type("hidden"), .name("rebook"), .value(String(rebook)))
                    H.p {
                        "The patient of booking \(rebook) moves to this appointment; their old appointment is "
                            + "cancelled at the same moment."
                    }
                } else {
                    field(
                        "practice", "The patient's practice",
                        hint: "Only patients of \(group.name)'s member practices can be booked.", errors
                    ) {
                        H.select(.id("practice"), .name("practice"), .aria("describedby", "practice-hint")) {
                            if practices.count != 1 {
                                H.option("", "Choose the practice", selected: (form.practice ?? "").isEmpty)
                            }
                            for p in practices {
                                H.option(p.code, "\(p.name) (\(p.code))", selected: form.practice == p.code)
                            }
                        }
                    }
                    field(
                        "nhs_number", "NHS number",
                        hint: "10 digits, e.g. 943 476 5919. Consort checks the check digit.", errors
                    ) {
                        H.input(
                            .type("text"), .id("nhs_number"), .name("nhs_number"), .value(form.nhsNumber ?? ""),
                            .attr("inputmode", "numeric"),
                            .attr("autocomplete", "off"), .aria("describedby", "nhs_number-hint"))
                    }
                    field("name", "Patient's name", errors) {
                        H.input(
                            .type("text"), .id("name"), .name("name"), .class("wide"), .value(form.name ?? ""),
                            .attr("autocomplete", "off"))
                    }
                    field("contact", "Telephone or email", hint: "How the hub reaches the patient.", errors) {
                        H.input(
                            .type("text"), .id("contact"), .name("contact"), .class("wide"), .value(form.contact ?? ""),
                            .attr("autocomplete", "off"), .aria("describedby", "contact-hint"))
                    }
                }
                H.button(.type("submit"), .class("button")) {
                    rebook == nil ? "Book the appointment" : "Move the booking"
                }
            }
        }
    }

    package static func appointmentsTable(_ rows: [Hubs.Appointment], practice: PracticeInfo) -> DataTable {
        DataTable(
            id: "appointments", caption: "Hub appointments of \(practice.name)'s patients",
            columns: [
                .init(title: "Booking", numeric: true), .init(title: "Day"), .init(title: "Time"), .init(title: "Hub"),
                .init(title: "Room"),
                .init(title: "Clinician"), .init(title: "Patient"), .init(title: "NHS number"), .init(title: "Contact"),
                .init(title: "Status"), .init(title: "Booked by"),
            ],
            rows: rows.map { a in
                let day = Day(iso: a.day)
                return [
                    .number(Int(a.id)), .text(day?.short ?? a.day), .text(AccessWindow.clock(a.startMinute)),
                    .link(a.hubName, AccessURL.hub(.value(a.hubId)).path), .text(a.room),
                    .text(a.clinician), .text(a.patientName),
                    .text((try? NHSNumber(a.nhsNumber))?.description ?? a.nhsNumber), .text(a.contact),
                    .text(a.status), .text(a.bookedBy),
                ]
            }, fileName: "\(practice.code)-hub-appointments.csv", emptyText: "No hub appointments.")
    }

    package static func appointments(
        _ practice: PracticeInfo, rows: [Hubs.Appointment], page: Int, showPast: Bool, booked: Int64?, table: DataTable,
        errors: Errors, _ ctx: PageContext, status: HTTPStatus
    ) -> HTMLPage {
        let pageSize = 50
        let shown = rows.dropFirst((page - 1) * pageSize).prefix(pageSize)
        let today = Day.today()
        return Layout.page(
            "Hub appointments: \(practice.name)", ctx,
            crumbs: [
                .init(title: "England", href: SiteURL.home.path),
                .init(title: "Practices", href: SiteURL.practices.path),
                .init(title: practice.name, href: SiteURL.practice(practice.code)),
            ], section: "hubs", status: status
        ) {
            Layout.errorSummary(errors)
            H.h1 { "Hub appointments of \(practice.name)'s patients" }
            if let booked, rows.contains(where: { $0.id == booked }) {
                H.div(.class("callout success"), .attr("role", "status")) { H.p { "Booked: booking \(booked)." } }
            }
            H.p {
                if showPast {
                    H.link(
                        AccessURL.practiceAppointments(.value(practice.code)).path,
                        "Show only appointments still to come")
                } else {
                    H.link(
                        SiteURL.with(AccessURL.practiceAppointments(.value(practice.code)).path, [("show", "all")]),
                        "Show every appointment, past and cancelled too")
                }
                " · "
                H.link(AccessURL.hubs.path, "Book at a hub")
            }
            if rows.isEmpty {
                H.p(.class("hint")) {
                    showPast ? "No hub appointments yet." : "No hub appointments to come. Book one from a hub's page."
                }
            } else {
                H.div(
                    .class("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"),
                    .aria("label", "Hub appointments")
                ) {
                    H.table(.id("appointments")) {
                        H.caption(.class("visually-hidden")) { "Hub appointments" }
                        H.thead {
                            H.tr {
                                for t in [
                                    "Booking", "When", "Hub", "Patient", "NHS number", "Contact", "Status", "Actions",
                                ] { H.th(.attr("scope", "col")) { t } }
                            }
                        }
                        H.tbody {
                            for a in shown {
                                let day = Day(iso: a.day) ?? today
                                H.tr(.id("booking-\(a.id)")) {
                                    H.th(.attr("scope", "row")) { String(a.id) }
                                    H.td {
                                        "\(AccessWindow.dayNames[day.weekday]) \(day.short) "
                                            + "\(AccessWindow.clock(a.startMinute))"
                                    }
                                    H.td {
                                        H.link(AccessURL.hub(.value(a.hubId)).path, a.hubName)
                                        " (\(a.room), \(a.clinician ?? "–"))"
                                    }
                                    H.td { a.patientName }
                                    H.td { (try? NHSNumber(a.nhsNumber))?.description ?? a.nhsNumber }
                                    H.td { a.contact }
                                    H.td { a.status }
                                    H.td {
                                        error(errors, "booking-\(a.id)")
                                        if a.status == Hubs.Status.booked.rawValue {
                                            for (status, label) in day <= today
                                                ? [
                                                    ("attended", "Attended"), ("did-not-attend", "Did not attend"),
                                                    ("cancelled", "Cancel"),
                                                ]
                                                : [("cancelled", "Cancel")]
                                            {
                                                H.form(
                                                    .attr("method", "post"),
                                                    .attr("action", AccessURL.booking(.value(a.id)).path),
                                                    .class("inline-form")
                                                ) {
                                                    Layout.csrfField(ctx)
                                                    H.input(.type("hidden"), .name("status"), .value(status))
                                                    H.button(
                                                        .type("submit"), .class("link-button"),
                                                        .aria("label", "\(label): booking \(a.id)")
                                                    ) { label }
                                                }
                                                " "
                                            }
                                            if day >= today {
                                                H.a(
                                                    AccessURL.hubDay(a.hubId, day, rebook: a.id),
                                                    .aria("label", "Rebook: booking \(a.id)")
                                                ) { "Rebook" }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                if rows.count > pageSize {
                    Layout.pagination(
                        ctx, page: page, pageSize: pageSize, total: rows.count, query: showPast ? [("show", "all")] : []
                    )
                }
                H.p(.class("downloads")) {
                    H.a(
                        SiteURL.csv(ctx.path, (showPast ? [("show", "all")] : []) + [("table", "appointments")]),
                        .attr("download", table.fileName)
                    ) {
                        "Download these appointments as CSV (\(grouped(rows.count)) rows)"
                    }
                }
            }
        }
    }
}
