import Access
import Charts
import ConsortCore
import ConsortWeb
import Vapor

extension AccessView {
    // MARK: Clinicians

    package static func cliniciansTable(
        _ group: GroupInfo, staff: [StaffList.Row], hubs: [HubSetup.Details], view: RegistryView, base: String
    ) -> DataTable {
        let names = Dictionary(uniqueKeysWithValues: hubs.map { ($0.id, $0.name) })
        return DataTable(
            id: "clinicians", caption: "Clinicians",
            columns: [
                .init(title: "Name"), .init(title: "Role"), .init(title: "Practice"),
                .init(title: "Sessions a month at most", numeric: true),
                .init(title: "Hubs they can reach"), .init(title: "Available"), .init(title: "Calendar feed"),
            ],
            rows: staff.map { c in
                [
                    .link(
                        Layout.demoName(c.name, isDemo: c.isDemo),
                        AccessURL.clinician(.value(group.code), .value(c.id)).path
                    ), .text(c.staffRole.label),
                    .text(
                        c.practiceCode.map { code in
                            view.index[code].map { "\(view.practices[$0].name) (\(code))" } ?? code
                        } ?? "Sessional"),
                    .number(c.maxSessionsPerMonth), .text(c.hubs.compactMap { names[$0] }.joined(separator: ", ")),
                    .text(c.availability),
                    .link("iCalendar", base + AccessURL.calendar(c.calendarToken)),
                ]
            }, fileName: "\(group.code)-clinicians.csv",
            emptyText:
                "No clinicians yet. Add the GPs, nurses and other clinicians of member practices who will work in the "
                + "hubs, and sessional clinicians."
        )
    }

    package static func clinicians(
        _ group: GroupInfo, table: DataTable, hubs: [HubSetup.Details], members: [PracticeInfo], editing: Int64?,
        form: AccessController.ClinicianForm, errors: Errors, _ ctx: PageContext, status: HTTPStatus
    ) -> HTMLPage {
        let title = editing == nil ? "Clinicians: \(group.name)" : "Edit \(form.name ?? "clinician")"
        let action =
            editing.map { AccessURL.clinician(.value(group.code), .value($0)).path }
            ?? AccessURL.clinicians(.value(group.code)).path
        return Layout.page(title, ctx, crumbs: accessCrumbs(group), section: "hubs", status: status) {
            Layout.errorSummary(errors)
            H.h1 { title }
            if editing == nil {
                H.p(.class("hint")) {
                    "The people who staff the hubs. Each calendar feed address is secret: give it only to that "
                        + "clinician; it lists their published sessions."
                }
                table.html(ctx)
                H.h2(.id("add")) { "Add a clinician" }
            }
            if hubs.isEmpty {
                H.p(.class("hint")) { "Open a hub first: each clinician says which hubs they can reach." }
            } else {
                H.form(.attr("method", "post"), .attr("action", action), .attr("novalidate", "")) {
                    Layout.csrfField(ctx)
                    field("name", "Name", errors) { text("name", form.name, wide: true) }
                    if editing == nil {
                        field(
                            "registration", "GMC number or NMC PIN (optional)",
                            hint:
                                "When the people directory holds someone with this number, they are that person: one "
                                + "person across every federation they work for, with one monthly limit.", errors
                        ) { text("registration", form.registration) }
                    }
                    field("role", "Role", errors) { roleSelect("role", form.role) }
                    field(
                        "practice", "Practice", hint: "Their member practice, or none for a sessional clinician.",
                        errors
                    ) {
                        H.select(.id("practice"), .name("practice"), .aria("describedby", "practice-hint")) {
                            H.option("", "None (sessional)", selected: (form.practice ?? "").isEmpty)
                            for p in members.sorted(by: { $0.name < $1.name }) {
                                H.option(p.code, "\(p.name) (\(p.code))", selected: form.practice == p.code)
                            }
                        }
                    }
                    field("max_sessions", "Most sessions a month", errors) { text("max_sessions", form.maxSessions) }
                    H.el("fieldset", [.class("field"), .id("hubs")]) {
                        H.el("legend", []) { "Hubs they can reach" }
                        error(errors, "hubs")
                        for h in hubs {
                            H.div(.class("checkbox")) {
                                Layout.checkbox(
                                    "hub-\(h.id)", name: "hubs[]", value: String(h.id),
                                    checked: (form.hubs ?? []).contains(String(h.id)))
                                H.label(.for("hub-\(h.id)")) { h.name }
                            }
                        }
                    }
                    field(
                        "availability", "When they can work each week",
                        hint:
                            "Windows such as Mon-Fri 18:00-21:00; Sat 08:00-18:00 (days Mon to Sun, 24-hour times, "
                            + "separated by semicolons).",
                        errors
                    ) {
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
}
