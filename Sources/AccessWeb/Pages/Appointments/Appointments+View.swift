import Access
import Charts
import ConsortCore
import ConsortWeb
import Vapor

extension AccessView {
    // MARK: A practice's patients' hub appointments

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
            if let booked, let a = rows.first(where: { $0.id == booked }) {
                // What a person can check: who, when, where and with whom.
                let day = Day(iso: a.day)
                H.div(.class("callout success"), .attr("role", "status")) {
                    H.p {
                        H.strong { "Booked: \(a.patientName)" }
                        ", \(day.map { "\($0.weekdayName) \($0.long)" } ?? a.day) at "
                            + "\(AccessWindow.clock(a.startMinute)) (UK time), \(a.hubName), \(a.room)"
                            + (a.clinician.map { ", with \($0)" } ?? "") + ". Booking number \(booked)."
                    }
                }
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
                        let now = Day.inEngland(Date())
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
                                            // Attendance is offered once the appointment has begun, as the
                                            // server accepts it.
                                            for (status, label) in (day, a.startMinute) <= now
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
