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
}
