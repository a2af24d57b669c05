import Access
import Charts
import ConsortCore
import ConsortWeb
import Vapor

extension AccessView {
    // MARK: Rota

    /// - Parameter shares: member practice code → name and registered patients at the rota's first day.
    package static func rotaTables(
        _ rota: RotaStore.Row, sessions: [RotaStore.Session], hubs: [HubSetup.Details], staff: [StaffList.Row],
        shares: [String: (String, Int)]
    ) -> [DataTable] {
        let hubNames = Dictionary(uniqueKeysWithValues: hubs.map { ($0.id, $0.name) })
        let people = Dictionary(uniqueKeysWithValues: staff.map { ($0.id, $0) })
        var weeks: [Day: (planned: Int, sessions: Int)] = [:]
        for s in sessions where s.clinicianId != nil && !s.notRun {
            weeks[s.date.weekStart, default: (0, 0)].planned += s.minutes
        }
        for s in sessions { weeks[s.date.weekStart, default: (0, 0)].sessions += 1 }
        var practiceMinutes: [String: Int] = [:]
        for s in sessions where !s.notRun {
            if let c = s.clinicianId.flatMap({ people[$0] }) {
                practiceMinutes[c.practiceCode ?? "", default: 0] += s.minutes
            }
        }
        let memberMinutes = practiceMinutes.filter { !$0.key.isEmpty }.values.reduce(0, +)
        let patients = shares.values.reduce(0) { $0 + $1.1 }
        let practices =
            shares.keys.sorted { (shares[$0]!.0, $0) < (shares[$1]!.0, $1) } + (practiceMinutes[""] != nil ? [""] : [])
        return [
            DataTable(
                id: "weeks", caption: "Each week: required and planned minutes",
                columns: [
                    .init(title: "Week beginning"), .init(title: "Sessions", numeric: true),
                    .init(title: "Required", numeric: true),
                    .init(title: "Planned", numeric: true), .init(title: "Short by", numeric: true),
                ],
                rows: weeks.keys.sorted().map { w in
                    let p = weeks[w]!.planned
                    return [
                        .text(w.short), .number(weeks[w]!.sessions), hours(rota.requiredMinutes), hours(p),
                        hours(max(0, rota.requiredMinutes - p)),
                    ]
                }, fileName: "rota-\(rota.id)-weeks.csv"),
            DataTable(
                id: "practices", caption: "Minutes staffed by each practice, against its share of the patients",
                columns: [
                    .init(title: "Practice"), .init(title: "Patients", numeric: true),
                    .init(title: "Share of patients", numeric: true),
                    .init(title: "Minutes staffed", numeric: true),
                    .init(title: "Share of member practices' minutes", numeric: true),
                ],
                rows: practices.map { code in
                    let minutes = practiceMinutes[code, default: 0]
                    guard !code.isEmpty else {
                        return [.text("Sessional clinicians"), .text(nil), .text(nil), .number(minutes), .text(nil)]
                    }
                    return [
                        .text("\(shares[code]!.0) (\(code))"), .number(shares[code]!.1),
                        percent(patients > 0 ? Double(shares[code]!.1) / Double(patients) : nil),
                        .number(minutes), percent(memberMinutes > 0 ? Double(minutes) / Double(memberMinutes) : nil),
                    ]
                }, fileName: "rota-\(rota.id)-practices.csv",
                emptyText: "The group has no member practices on the rota's first day."),
            DataTable(
                id: "sessions", caption: "Sessions",
                columns: [
                    .init(title: "Session", numeric: true), .init(title: "Day"), .init(title: "From"),
                    .init(title: "To"), .init(title: "Hub"),
                    .init(title: "Room"), .init(title: "Role"), .init(title: "Clinician"), .init(title: "Practice"),
                    .init(title: "Ran"),
                ],
                rows: sessions.map { s in
                    let c = s.clinicianId.flatMap { people[$0] }
                    return [
                        .number(Int(s.id)), .text(s.day), .text(AccessWindow.clock(s.startMinute)),
                        .text(AccessWindow.clock(s.endMinute)),
                        .text(hubNames[s.hubId]), .text(s.room), .text(s.staffRole.label),
                        .text(c?.name ?? "unstaffed"),
                        .text(c.map { $0.practiceCode ?? "sessional" }), .text(s.notRun ? "no" : ""),
                    ]
                }, fileName: "rota-\(rota.id)-sessions.csv"),
        ]
    }

    package static func rota(
        _ rota: RotaStore.Row, _ group: GroupInfo, sessions: [RotaStore.Session], conflicts: [RotaConflict],
        hubs: [HubSetup.Details],
        staff: [StaffList.Row], tables: [DataTable], page: Int, candidates: [Int64: [RotaPage.Candidate]] = [:],
        form: AccessController.RotaForm, errors: Errors, _ ctx: PageContext, status: HTTPStatus
    ) -> HTMLPage {
        let hubNames = Dictionary(uniqueKeysWithValues: hubs.map { ($0.id, $0.name) })
        let conflicted = Set(conflicts.flatMap(\.sessions))
        let pageSize = RotaPage.pageSize
        let shown = sessions.dropFirst((page - 1) * pageSize).prefix(pageSize)
        let today = Day.today()
        let staffed = sessions.filter { $0.clinicianId != nil }.count
        let pageQuery = "?page=\(page)"
        return Layout.page(
            "Rota \(rota.id): \(group.name)", ctx, crumbs: accessCrumbs(group), section: "hubs", status: status
        ) {
            Layout.errorSummary(errors)
            H.p(.class("hint")) { rota.isPublished ? "Published rota" : "Draft rota" }
            H.h1 { "Rota \(rota.id): \(rota.first.long) to \(rota.last.long)" }
            Layout.summaryList([
                (
                    "Status",
                    .text(
                        rota.isPublished
                            ? "Published by \(rota.publishedBy ?? "–") "
                                + "(\(rota.publishedAt.flatMap { Day(iso: String($0.prefix(10)))?.short } ?? ""))"
                            : "Draft: not yet bookable")
                ),
                (
                    "Policy",
                    .text(
                        "\(rota.policy): \(grouped(rota.requiredMinutes)) minutes a week"
                            + (rota.gpCover ? ", with a GP on duty whenever open" : ""))
                ),
                ("Sessions", .text("\(grouped(sessions.count)), \(grouped(staffed)) staffed")),
                (
                    "Built by",
                    .text("\(rota.createdBy) (\(Day(iso: String(rota.createdAt.prefix(10)))?.short ?? rota.createdAt))")
                ),
            ])
            if !rota.isPublished {
                H.div(.class("actions")) {
                    error(errors, "publish")
                    H.form(
                        .attr("method", "post"), .attr("action", AccessURL.rotaAction(.value(rota.id), .publish).path),
                        .class("inline-form")
                    ) {
                        Layout.csrfField(ctx)
                        H.button(.type("submit"), .class("button"), .id("publish")) { "Publish the rota" }
                    }
                    H.p(.class("hint")) {
                        "Publishing turns every staffed session into appointments practices can book, and puts the "
                            + "sessions in the calendar feeds."
                    }
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
                H.p(.class("hint")) {
                    "None: nobody and no room is booked twice, everyone is within their availability, limits, hubs and "
                        + "role, and sessions keep to the policy's hours."
                }
            } else {
                H.ul(.class("findings")) {
                    for c in conflicts {
                        H.li {
                            H.span(.class("tag blocking")) { c.kind.rawValue }
                            " "
                            c.message
                        }
                    }
                }
            }
            tables[1].html(ctx)
            H.h2(.id("sessions")) { "Sessions" }
            H.p(.class("hint")) {
                "Change who staffs a session; Consort refuses a change that would double-book a person or a room, or "
                    + "go outside someone's availability, limit, hubs or role."
            }
            H.div(
                .class("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .aria("label", "Rota sessions")
            ) {
                H.table(.id("session-list")) {
                    H.caption(.class("visually-hidden")) { "Rota sessions" }
                    H.thead {
                        H.tr {
                            for t in ["When", "Hub and room", "Role", "Clinician", ""] {
                                H.th(.attr("scope", "col")) { t }
                            }
                        }
                    }
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
                                        H.form(
                                            .attr("method", "post"),
                                            .attr(
                                                "action",
                                                AccessURL.rotaAction(.value(rota.id), .assign).path + pageQuery),
                                            .class("inline-form")
                                        ) {
                                            Layout.csrfField(ctx)
                                            H.input(.type("hidden"), .name("session"), .value(String(s.id)))
                                            H.label(.for("clinician-\(s.id)"), .class("visually-hidden")) {
                                                "Clinician for \(s.session(hubName: "").when)"
                                            }
                                            H.select(.id("clinician-\(s.id)"), .name("clinician")) {
                                                H.option("", "Unstaffed", selected: s.clinicianId == nil)
                                                for c in staff where c.staffRole == s.staffRole || c.id == s.clinicianId
                                                {
                                                    H.option(
                                                        String(c.id),
                                                        c.name + (c.practiceCode.map { " (\($0))" } ?? " (sessional)"),
                                                        selected: c.id == s.clinicianId)
                                                }
                                            }
                                            " "
                                            H.button(.type("submit"), .class("button small secondary")) { "Save" }
                                        }
                                        if let options = candidates[s.id] { gapCandidates(s, options) }
                                    }
                                }
                                H.td {
                                    if !rota.isPublished {
                                        H.form(
                                            .attr("method", "post"),
                                            .attr(
                                                "action",
                                                AccessURL.rotaAction(.value(rota.id), .remove).path + pageQuery),
                                            .class("inline-form")
                                        ) {
                                            Layout.csrfField(ctx)
                                            H.input(.type("hidden"), .name("session"), .value(String(s.id)))
                                            H.button(
                                                .type("submit"), .class("link-button"),
                                                .aria("label", "Remove \(s.session(hubName: "").when) \(s.room)")
                                            ) { "Remove" }
                                        }
                                    } else if !s.notRun && s.clinicianId != nil {
                                        error(errors, "not-run-\(s.id)")
                                        H.form(
                                            .attr("method", "post"),
                                            .attr(
                                                "action",
                                                AccessURL.rotaAction(.value(rota.id), .notRun).path + pageQuery),
                                            .class("inline-form")
                                        ) {
                                            Layout.csrfField(ctx)
                                            H.input(.type("hidden"), .name("session"), .value(String(s.id)))
                                            H.button(
                                                .type("submit"), .class("button small secondary"),
                                                .aria(
                                                    "label", "Mark \(s.session(hubName: "").when) \(s.room) as not run")
                                            ) { "Mark as not run" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if sessions.count > pageSize {
                Layout.pagination(ctx, page: page, pageSize: pageSize, total: sessions.count, query: [])
            }
            H.p(.class("downloads")) {
                H.a(SiteURL.csv(ctx.path, [("table", "sessions")]), .attr("download", tables[2].fileName)) {
                    "Download every session as CSV (\(grouped(sessions.count)) rows)"
                }
            }
            if !rota.isPublished {
                H.el(
                    "details",
                    errors.contains { ["hub", "room", "day", "start", "end", "role"].contains($0.field) }
                        ? [.attr("open", "")] : []
                ) {
                    H.summary { "Add a session by hand" }
                    H.form(
                        .attr("method", "post"), .attr("action", AccessURL.rotaAction(.value(rota.id), .add).path),
                        .attr("novalidate", "")
                    ) {
                        Layout.csrfField(ctx)
                        field("hub", "Hub", errors) {
                            H.select(.id("hub"), .name("hub")) {
                                for h in hubs { H.option(String(h.id), h.name, selected: form.hub == String(h.id)) }
                            }
                        }
                        field(
                            "room", "Room",
                            hint: "One of the hub's rooms: "
                                + hubs.map { "\($0.name): \($0.rooms)" }.joined(separator: "; "), errors
                        ) { text("room", form.room, hint: true) }
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

    /// Who can take a gap, and why each other clinician of its role cannot.
    static func gapCandidates(_ s: RotaStore.Session, _ options: [RotaPage.Candidate]) -> Node {
        let free = options.filter(\.free)
        let names = free.map(\.staff.name).joined(separator: ", ")
        return H.details(.class("gap-candidates")) {
            H.summary {
                free.isEmpty
                    ? "Nobody of this role is free"
                    : "\(counted(free.count, "person", "people")) free: \(names)"
            }
            H.ul {
                for c in options {
                    H.li {
                        H.strong { c.staff.name }
                        c.free ? ": free to take it" : ": " + c.reasons.joined(separator: " ")
                    }
                }
                if options.isEmpty { H.li { "The group's staff list has no one of this role." } }
            }
        }
    }
}
