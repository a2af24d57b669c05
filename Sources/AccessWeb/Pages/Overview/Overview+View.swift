import Access
import Charts
import ConsortCore
import ConsortWeb
import Vapor

extension AccessView {
    // MARK: A group's extended access

    package struct OverviewTables {
        package let requirement: DataTable?
        package let hubs: DataTable
        package let rotas: DataTable
        package let weeks: DataTable
        package let byHub: DataTable
        package let byWeekday: DataTable
        package let bySession: DataTable

        package var all: [DataTable] {
            [requirement, hubs, rotas, weeks, byHub, byWeekday, bySession].compactMap { $0 }
        }

        package init(
            requirement: DataTable?, hubs: DataTable, rotas: DataTable, weeks: DataTable, byHub: DataTable,
            byWeekday: DataTable, bySession: DataTable
        ) {
            self.requirement = requirement
            self.hubs = hubs
            self.rotas = rotas
            self.weeks = weeks
            self.byHub = byHub
            self.byWeekday = byWeekday
            self.bySession = bySession
        }
    }

    package static func useTable(
        _ id: String, _ caption: String, first: String, _ rows: [AccessReport.Use], total: AccessReport.Use?,
        file: String
    ) -> DataTable {
        DataTable(
            id: id, caption: caption,
            columns: [
                .init(title: first), .init(title: "Appointments offered", numeric: true),
                .init(title: "Booked", numeric: true),
                .init(title: "Utilisation", numeric: true), .init(title: "Attended", numeric: true),
                .init(title: "Did not attend", numeric: true), .init(title: "Did-not-attend rate", numeric: true),
            ],
            rows: (rows + (total.map { [$0] } ?? [])).map { u in
                [
                    .text(u.label), .number(u.slots), .number(u.booked), percent(u.utilisation), .number(u.attended),
                    .number(u.didNotAttend), percent(u.dnaRate),
                ]
            },
            fileName: file, emptyText: "No appointments have been offered in this period yet.")
    }

    package static func overviewTables(
        _ group: GroupInfo, hubs: [HubSetup.Details], templates: [HubSetup.Template], rotas: [RotaStore.Row],
        report: AccessReport, view: RegistryView, policies: [Policy], period: (Day, Day)
    ) -> OverviewTables {
        let suffix = "\(group.code)-\(period.0.iso)-\(period.1.iso).csv"
        let hubTable = DataTable(
            id: "hubs", caption: "Hubs",
            columns: [
                .init(title: "Hub"), .init(title: "Address"), .init(title: "Rooms"), .init(title: "Opening hours"),
                .init(title: "Weekly sessions", numeric: true),
            ],
            rows: hubs.map { h in
                [
                    .link(h.name, AccessURL.hub(.value(h.id)).path), .text(h.address), .text(h.rooms),
                    .text(h.opening.isEmpty ? "any time" : h.opening),
                    .number(templates.filter { $0.hubId == h.id }.count),
                ]
            }, fileName: "\(group.code)-hubs.csv", emptyText: "No hubs yet.")
        let rotaTable = DataTable(
            id: "rotas", caption: "Rotas",
            columns: [
                .init(title: "Rota"), .init(title: "From"), .init(title: "To"), .init(title: "Policy"),
                .init(title: "Status"),
                .init(title: "Required a week (min)", numeric: true),
                .init(title: "Unstaffed sessions", numeric: true),
            ],
            rows: rotas.map { r in
                [
                    .link("Rota \(r.id)", AccessURL.rota(.value(r.id)).path), .text(r.first.short), .text(r.last.short),
                    .text(r.policy), .text(r.status),
                    .number(r.requiredMinutes), .number(r.unstaffed),
                ]
            }, fileName: "\(group.code)-rotas.csv", emptyText: "No rotas yet.")
        let weeks = DataTable(
            id: "weeks", caption: "Minutes each week: required, planned and delivered",
            columns: [
                .init(title: "Week beginning"), .init(title: "Required", numeric: true),
                .init(title: "Planned", numeric: true),
                .init(title: "Delivered", numeric: true), .init(title: "Delivered of required", numeric: true),
                .init(title: "Appointments offered", numeric: true), .init(title: "Booked", numeric: true),
            ],
            rows: report.weeks.map { w in
                // A week to come has delivered nothing yet, and one in progress only part of it: said so.
                let today = Day.today()
                let toCome = w.start > today
                let inProgress = !toCome && today < w.start.adding(days: 7)
                let share = percent(w.required.flatMap { $0 > 0 ? Double(w.delivered) / Double($0) : nil })
                return [
                    .text(w.start.short + (toCome ? " (to come)" : inProgress ? " (in progress)" : "")),
                    hours(w.required), hours(w.planned),
                    toCome ? .text("to come") : hours(w.delivered),
                    toCome
                        ? .text("–")
                        : inProgress ? DataTable.Cell(text: share.text + " so far", csv: share.csv) : share,
                    .number(w.slots), .number(w.booked),
                ]
            }, fileName: "\(group.code)-access-weeks-\(suffix)",
            emptyText: "No published rota covers this period. Build a rota and publish it to plan sessions.")
        return OverviewTables(
            requirement: RequirementTable.requirementTable(group, view, policies: policies), hubs: hubTable,
            rotas: rotaTable, weeks: weeks,
            byHub: useTable(
                "by-hub", "Utilisation by hub", first: "Hub", report.byHub, total: report.total,
                file: "\(group.code)-utilisation-hub-\(suffix)"),
            byWeekday: useTable(
                "by-weekday", "Utilisation by day of the week", first: "Day", report.byWeekday, total: nil,
                file: "\(group.code)-utilisation-day-\(suffix)"),
            bySession: useTable(
                "by-session", "Utilisation by session", first: "Session", report.bySession, total: nil,
                file: "\(group.code)-utilisation-session-\(suffix)"))
    }

    package static func utilisationChart(_ id: String, _ title: String, _ uses: [AccessReport.Use], x: String) -> Node {
        guard uses.contains(where: { $0.slots > 0 }) else { return .empty }
        let chart = Histogram(
            id: id, title: title,
            description: "Share of appointments booked, per cent: "
                + uses.map { "\($0.label) \(Int((($0.utilisation ?? 0) * 100).rounded()))%" }.joined(separator: ", "),
            bins: uses.map { .init(label: $0.label, count: Int((($0.utilisation ?? 0) * 100).rounded())) },
            xLabel: x, yLabel: "% of appointments booked", width: 420, height: 240)
        return H.el("figure", [.class("chart")]) {
            Node.raw(chart.titled)
            H.el("figcaption", []) { title }
        }
    }

    package static func overview(
        _ group: GroupInfo, tables: OverviewTables, staffCount: Int, report: AccessReport, period: (Day, Day),
        canManage: Bool,
        policies: [Policy], form: AccessController.OverviewForm, errors: Errors, _ ctx: PageContext, status: HTTPStatus
    ) -> HTMLPage {
        let query = [("from", period.0.iso), ("to", period.1.iso)]
        let nextMonday = Day.today().weekStart.adding(days: 7)
        return Layout.page(
            "Extended access: \(group.name)", ctx, crumbs: groupCrumbs(group), section: "hubs", status: status
        ) {
            Layout.errorSummary(errors)
            H.p(.class("hint")) { group.kind.singular }
            H.h1 { "Extended access: \(group.name)" }
            H.p(.class("hint")) {
                "Evening and weekend appointments for the patients of every member practice, from shared hubs staffed "
                    + "by the practices' clinicians and sessional clinicians. "
                H.link(SiteURL.help.path + "#extended-access", "How capacity, rotas and booking work")
            }
            H.ul(.class("stats"), .aria("label", "Extended access in figures")) {
                Layout.stat(grouped(tables.hubs.rows.count), "hubs", nil)
                Layout.stat(
                    grouped(staffCount), "clinicians", canManage ? AccessURL.clinicians(.value(group.code)).path : nil)
                Layout.stat(grouped(report.total.slots), "appointments offered to date in the period", nil)
                Layout.stat(report.total.utilisation.map(percentText) ?? "–", "booked", nil)
                Layout.stat(
                    report.total.dnaRate.map(percentText) ?? "–", "did not attend", nil)
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
                    H.form(
                        .attr("method", "post"), .attr("action", AccessURL.accessHubs(.value(group.code)).path),
                        .attr("novalidate", "")
                    ) {
                        Layout.csrfField(ctx)
                        field("name", "Hub name", errors) { text("name", form.name, wide: true) }
                        field("address", "Address (optional)", errors) { text("address", form.address, wide: true) }
                        H.button(.type("submit"), .class("button")) { "Open the hub" }
                    }
                }
                H.p {
                    H.link(
                        AccessURL.clinicians(.value(group.code)).path, "Clinicians who staff the hubs (\(staffCount))")
                }
            }
            H.h2(.id("rotas")) { "Rotas" }
            tables.rotas.html(ctx, query: query)
            if canManage {
                H.el(
                    "details",
                    errors.contains { ["policy", "first_day", "last_day"].contains($0.field) }
                        ? [.attr("open", "")] : []
                ) {
                    H.summary { "Build a rota" }
                    H.p(.class("hint")) {
                        "Consort staffs the hubs' weekly sessions in the period: the policy's minutes each week first "
                            + "(a GP on every open block when the policy asks), sharing sessions between member "
                            + "practices in proportion to their patients and between clinicians within their "
                            + "limits; sessional clinicians last. It explains any shortfall. You can then edit "
                            + "it and publish it."
                    }
                    H.form(
                        .attr("method", "post"), .attr("action", AccessURL.accessRotas(.value(group.code)).path),
                        .attr("novalidate", "")
                    ) {
                        Layout.csrfField(ctx)
                        field("policy", "Policy", errors) {
                            H.select(.id("policy"), .name("policy")) {
                                for p in policies {
                                    H.option(
                                        p.name, p.title, selected: (form.policy ?? "enhanced-access-2022") == p.name)
                                }
                            }
                        }
                        field("first_day", "First day", errors) {
                            text("first_day", form.firstDay ?? nextMonday.iso, type: "date")
                        }
                        field("last_day", "Last day", hint: "Up to \(RotaStore.maxDays) days.", errors) {
                            text("last_day", form.lastDay ?? nextMonday.adding(days: 27).iso, hint: true, type: "date")
                        }
                        H.button(.type("submit"), .class("button")) { "Build the rota" }
                    }
                }
            }
            H.h2(.id("report")) { "Required, planned and delivered" }
            H.form(
                .attr("method", "get"), .attr("action", AccessURL.access(.value(group.code)).path), .class("filters"),
                .aria("label", "Period")
            ) {
                H.div(.class("field")) {
                    H.label(.for("from")) { "From" }
                    text("from", period.0.iso, type: "date")
                }
                H.div(.class("field")) {
                    H.label(.for("to")) { "To" }
                    text("to", period.1.iso, type: "date")
                }
                H.button(.type("submit"), .class("button secondary")) { "Show" }
                H.p(.class("hint")) {
                    "Planned: staffed sessions of published rotas. Delivered: planned sessions up to today that ran. "
                        + "Utilisation: appointments booked of those offered, up to today. Did-not-attend rate: did "
                        + "not attend of attended and did not attend."
                }
            }
            tables.weeks.html(ctx, query: query)
            H.div(.class("charts")) {
                utilisationChart(
                    "chart-weekday", "Utilisation by day of the week", report.byWeekday, x: "Day of the week")
                utilisationChart("chart-hub", "Utilisation by hub", report.byHub, x: "Hub")
            }
            tables.byHub.html(ctx, query: query)
            tables.byWeekday.html(ctx, query: query)
            tables.bySession.html(ctx, query: query)
        }
    }
}
