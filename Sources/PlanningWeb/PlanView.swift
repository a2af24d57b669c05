import Assurance
import AssuranceWeb
import Charts
import ConsortCore
import ConsortWeb
import Planner
import Vapor

/// The planner's pages.
package enum PlanView {
    package static func crumbs(_ extra: Layout.Crumb? = nil) -> [Layout.Crumb] {
        [.init(title: "England", href: SiteURL.home.path), .init(title: "Planner", href: PlanningURL.plans.path)]
            + (extra.map { [$0] } ?? [])
    }

    package static func error(_ errors: PlanController.Errors, _ field: String) -> Node {
        Layout.fieldError(errors, field)
    }

    // MARK: Form

    package static func form(
        _ form: PlanController.PlanForm, policies: [String], errors: PlanController.Errors, _ ctx: PageContext,
        status: HTTPStatus = .ok
    ) -> HTMLPage {
        func field(_ id: String, _ label: String, hint: String? = nil, @HTMLBuilder _ control: () -> [Node]) -> Node {
            Layout.field(id, label, hint: hint, errors, control)
        }
        return Layout.page("New plan", ctx, crumbs: crumbs(), section: "plans", status: status) {
            Layout.errorSummary(errors)
            H.h1 { "New plan" }
            H.p(.class("hint")) {
                "Consort proposes groups of practices that meet the policy's size band, are connected and compact, "
                    + "balance deprivation between groups and move few practices. It runs in the background; the "
                    + "plan's page shows progress and then compares the plan with today's groups. "
                H.link(SiteURL.help.path + "#planner", "What each setting does")
            }
            H.form(.attr("method", "post"), .attr("action", PlanningURL.newPlan.path), .attr("novalidate", "")) {
                Layout.csrfField(ctx)
                field("name", "Name") {
                    H.input(.type("text"), .id("name"), .name("name"), .class("wide"), .value(form.name ?? ""))
                }
                field(
                    "policy", "Policy",
                    hint:
                        "Its size band for the level is the target: e.g. pcn-2019 plans networks of 30,000–50,000 "
                        + "patients."
                ) {
                    H.select(.id("policy"), .name("policy"), .aria("describedby", "policy-hint")) {
                        for name in policies { H.option(name, name, selected: form.policy == name) }
                    }
                }
                field("level", "Level") {
                    H.select(.id("level"), .name("level")) {
                        for level in Policy.Level.allCases {
                            H.option(
                                level.rawValue, level.plural.prefix(1).uppercased() + level.plural.dropFirst(),
                                selected: form.level == level.rawValue)
                        }
                    }
                }
                field(
                    "within", "Keep groups inside",
                    hint:
                        "Groups never cross this boundary; each area is planned on its own. Localities are always "
                        + "planned out of whole PCNs."
                ) {
                    H.select(.id("within"), .name("within"), .aria("describedby", "within-hint")) {
                        for (value, label) in Plans.Request.withinChoices {
                            H.option(value, label, selected: (form.within ?? "none") == value)
                        }
                    }
                }
                field(
                    "areas", "Areas (optional)",
                    hint:
                        "Plan only the practices of these groups: codes separated by commas, e.g. QHM for one STP, or "
                        + "16C for one CCG. Empty plans all of England."
                ) {
                    H.input(
                        .type("text"), .id("areas"), .name("areas"), .class("wide"), .value(form.areas ?? ""),
                        .aria("describedby", "areas-hint"))
                }
                field("from", "Start from") {
                    H.select(.id("from"), .name("from")) {
                        H.option(
                            "current", "Today's groups (and count practices moved)", selected: form.from != "scratch")
                        H.option("scratch", "Nothing (a fresh design)", selected: form.from == "scratch")
                    }
                }
                H.el("fieldset", [.class("field")]) {
                    H.el("legend", []) { "Weights (0–100; only their ratios matter)" }
                    field("compactness", "Compactness") {
                        H.input(
                            .type("text"), .id("compactness"), .name("compactness"), .attr("inputmode", "decimal"),
                            .value(form.compactness ?? "1"))
                    }
                    field("balance", "Deprivation balance") {
                        H.input(
                            .type("text"), .id("balance"), .name("balance"), .attr("inputmode", "decimal"),
                            .value(form.balance ?? "1"))
                    }
                    field("moves", "Fewest practices moved") {
                        H.input(
                            .type("text"), .id("moves"), .name("moves"), .attr("inputmode", "decimal"),
                            .value(form.moves ?? "0.5"))
                    }
                }
                field(
                    "locked", "Keep these groups as they are (optional)",
                    hint: "Codes of today's groups at the level that the plan must not change, e.g. U89141."
                ) {
                    H.input(
                        .type("text"), .id("locked"), .name("locked"), .class("wide"), .value(form.locked ?? ""),
                        .aria("describedby", "locked-hint"))
                }
                field(
                    "pins", "Pin practices to groups (optional)",
                    hint:
                        "PRACTICE=GROUP pairs separated by commas, e.g. A81001=NORTH, A81002=NORTH, A81004=SOUTH: "
                        + "practices with the same name stay together, different names stay apart; the group takes "
                        + "the name."
                ) {
                    H.input(
                        .type("text"), .id("pins"), .name("pins"), .class("wide"), .value(form.pins ?? ""),
                        .aria("describedby", "pins-hint"))
                }
                field("seed", "Seed", hint: "The same seed and settings give the same plan.") {
                    H.input(
                        .type("text"), .id("seed"), .name("seed"), .attr("inputmode", "numeric"),
                        .value(form.seed ?? "1"), .aria("describedby", "seed-hint"))
                }
                field("date", "Plan from the configuration on") {
                    H.input(.type("date"), .id("date"), .name("date"), .value(form.date ?? ""))
                }
                H.button(.type("submit"), .class("button")) { "Make the plan" }
            }
        }
    }

    // MARK: List

    package static func listTable(_ rows: [Plans.Row], total: Int) -> DataTable {
        DataTable(
            id: "plans", caption: "Plans",
            columns: [
                .init(title: "Plan"), .init(title: "Level"), .init(title: "Policy"), .init(title: "Within"),
                .init(title: "Areas"),
                .init(title: "Status"), .init(title: "Made by"), .init(title: "Made at"), .init(title: "Adopted on"),
            ],
            rows: rows.map { row in
                let r = row.request
                return [
                    .link(row.name, PlanningURL.plan(.value(row.id)).path), .text(r?.level.plural), .text(r?.policy),
                    .text(r?.within),
                    .text(r.map { $0.areas.isEmpty ? "England" : $0.areas.joined(separator: " ") }),
                    .text(row.state == .running ? "running (\(Int(row.progress * 100))%)" : row.status),
                    .text(row.createdBy),
                    .text(String(row.createdAt.prefix(16)).replacingOccurrences(of: "T", with: " ")),
                    .text(row.adoptedOn),
                ]
            },
            fileName: "plans.csv", emptyText: "No plans yet.", total: total)
    }

    package static func list(_ table: DataTable, page: Int, total: Int, canPlan: Bool, _ ctx: PageContext) -> HTMLPage {
        Layout.page("Planner", ctx, crumbs: [.init(title: "England", href: SiteURL.home.path)], section: "plans") {
            H.h1 { "Planner" }
            H.p {
                "Proposals for consortia, localities and networks that pass a policy's rules, compared with today's "
                    + "groups. Save them, check them, export them, and adopt one as the configuration from a date."
            }
            if canPlan { H.p { H.a(PlanningURL.newPlan.path, .class("button")) { "New plan" } } }
            table.html(ctx)
            if total > PlanController.pageSize {
                Layout.pagination(ctx, page: page, pageSize: PlanController.pageSize, total: total, query: [])
            }
        }
    }

    // MARK: Running

    package static func pending(_ row: Plans.Row, progress: Double, _ ctx: PageContext) -> HTMLPage {
        let running = row.state == .queued || row.state == .running
        let percent = Int((progress * 100).rounded())
        return Layout.page(row.name, ctx, crumbs: crumbs(), section: "plans", refresh: running ? 2 : nil) {
            H.h1 { row.name }
            if running {
                H.p(.attr("role", "status")) {
                    row.state == .queued
                        ? "Waiting for another plan to finish…"
                        : "Planning: \(percent)% done. This page refreshes every 2 seconds."
                }
                H.el(
                    "progress",
                    [.class("progress"), .attr("max", "100"), .value(String(percent)), .aria("label", "Progress")]
                ) { "\(percent)%" }
            } else {
                H.div(.class("error-summary"), .attr("role", "alert")) {
                    H.h2 { "The plan failed" }
                    H.p { row.error ?? "No reason was recorded." }
                }
                H.p { H.link(PlanningURL.newPlan.path, "Make a new plan") }
            }
        }
    }

    // MARK: Result

    package struct Tables {
        package let comparison: DataTable
        package let issues: DataTable
        package let groups: DataTable
        package let moves: DataTable
        package let findings: DataTable
        package var all: [DataTable] { [comparison, issues, groups, moves, findings] }

        package init(comparison: DataTable, issues: DataTable, groups: DataTable, moves: DataTable, findings: DataTable)
        {
            self.comparison = comparison
            self.issues = issues
            self.groups = groups
            self.moves = moves
            self.findings = findings
        }
    }

    /// The result's tables; `page` nil gives every row (for CSV).
    /// - Parameter view: the registry, to name areas (codes alone without it).
    package static func tables(
        _ result: Plans.Result, request: Plans.Request, page: Int?, movesPage: Int?, _ ctx: PageContext,
        view: RegistryView? = nil
    ) -> Tables {
        func area(_ code: String) -> String {
            if code.isEmpty { return "England" }
            return view?.groups[code].map { "\($0.name) (\(code))" } ?? code
        }
        let plan = result.plan
        let comparison = PlanComparison(plan, before: result.before, after: result.after, level: request.level)
        let size = PlanController.pageSize
        func slice<T>(_ items: [T], _ page: Int?) -> [T] {
            guard let page else { return items }
            return Array(items.dropFirst((page - 1) * size).prefix(size))
        }
        let findings = result.after.findings.filter { $0.level == request.level || $0.level == nil }
        return Tables(
            comparison: DataTable(
                id: "comparison", caption: "Today's groups and the plan, on the same practices",
                columns: [
                    .init(title: "Measure"), .init(title: "Today", numeric: true), .init(title: "Plan", numeric: true),
                    .init(title: "Plan is"),
                ],
                rows: comparison.rows.map {
                    [
                        .text($0.measure), .text($0.today), .text($0.plan),
                        .text($0.better.map { $0 ? "better" : "worse" } ?? ""),
                    ]
                },
                fileName: "plan-comparison.csv"),
            issues: DataTable(
                id: "issues", caption: "Where the band cannot be met, and why",
                columns: [
                    .init(title: "Issue"), .init(title: "Area"), .init(title: "Practices", numeric: true),
                    .init(title: "Explanation"),
                ],
                rows: plan.issues.map {
                    [.text($0.kind.rawValue), .text(area($0.area)), .number($0.practices.count), .text($0.message)]
                },
                fileName: "plan-issues.csv", emptyText: "None: every group is within the band."),
            groups: DataTable(
                id: "groups", caption: "Planned groups",
                columns: [
                    .init(title: "Code"), .init(title: "Name"), .init(title: "Area"),
                    .init(title: "Practices", numeric: true),
                    .init(title: "Patients", numeric: true), .init(title: "Within band"),
                    .init(title: "Spread (km)", numeric: true),
                    .init(title: "Mean IMD", numeric: true), .init(title: "Members"),
                ],
                rows: slice(plan.groups, page).map { g in
                    [
                        .text(g.code), .text(g.name), .text(area(g.area)), .number(g.practices.count),
                        .number(g.patients),
                        .text(g.locked ? "locked" : (g.withinBand ? "yes" : "no")), .decimal(g.spreadKm, digits: 2),
                        .decimal(g.imdMean),
                        .text(g.practices.joined(separator: " ")),
                    ]
                },
                fileName: "plan-groups.csv", total: plan.groups.count),
            moves: DataTable(
                id: "moves", caption: "Practices that change group",
                columns: [
                    .init(title: "Practice"), .init(title: "Name"), .init(title: "Patients", numeric: true),
                    .init(title: "From"), .init(title: "To"),
                ],
                rows: slice(plan.moves, movesPage).map { m in
                    [
                        .link(m.practice, ctx.link(SiteURL.practice(m.practice))), .text(m.name), .number(m.patients),
                        .text(m.from ?? "no group"), .text(m.to),
                    ]
                },
                fileName: "plan-moves.csv", emptyText: "No practice changes group.", total: plan.moves.count),
            findings: AssuranceView.table(findings, ctx, file: "plan-findings.csv"))
    }

    /// Two maps: today's groups and the plan's, on the planned practices; groups outside the
    /// band ringed.
    package static func maps(_ plan: Plan, view: RegistryView) -> (today: String, plan: String) {
        var points: [GridPoint] = []
        var sizes: [Int] = []
        var todayCodes: [String?] = []
        var planCodes: [String?] = []
        let from = Dictionary(plan.moves.map { ($0.practice, $0.from) }, uniquingKeysWith: { a, _ in a })
        for (i, code) in plan.practiceCodes.enumerated() {
            guard let p = view.index[code], let point = view.practices[p].gridPoint else { continue }
            points.append(point)
            sizes.append(view.practices[p].listSize ?? 0)
            planCodes.append(plan.assignment[i])
            todayCodes.append(from[code] ?? plan.assignment[i])
        }
        let graph = NeighbourhoodGraph(points: points.map { (x: Int($0.easting), y: Int($0.northing)) })
        var links: [(Int, Int)] = []
        for i in points.indices {
            for j in graph.neighbours(of: i, cap: plan.options.capKm * 1000) where j > i { links.append((i, j)) }
        }
        let lo = plan.options.minPatients ?? 0
        let hi = plan.options.maxPatients ?? Int.max
        let band = "outside \(grouped(lo))–\(plan.options.maxPatients.map(grouped) ?? "∞") patients"
        func map(_ codes: [String?], id: String, title: String, description: String) -> String {
            var ids: [String: Int] = [:]
            var patients: [Int: Int] = [:]
            let groups = codes.enumerated().map { k, code -> Int in
                guard let code else { return -1 }
                let g = ids[code] ?? ids.count
                ids[code] = g
                patients[g, default: 0] += sizes[k]
                return g
            }
            let flagged = Set(patients.filter { $0.value < lo || $0.value > hi }.keys)
            return GroupMap(
                id: id, title: title, description: description, points: points, weights: sizes.map(Double.init),
                groups: groups, links: links,
                flagged: flagged, flagLabel: band, width: 440
            ).svg()
        }
        return (
            map(
                todayCodes, id: "map-today", title: "Today's groups",
                description:
                    "Each practice coloured by its group today, neighbouring groups in different colours; groups "
                    + "\(band) ringed in red."
            ),
            map(
                planCodes, id: "map-plan", title: "The plan's groups",
                description:
                    "Each practice coloured by its planned group, neighbouring groups in different colours; groups "
                    + "\(band) ringed in red."
            )
        )
    }

    package static func detail(
        _ row: Plans.Row, result: Plans.Result, request: Plans.Request, tables: Tables, view: RegistryView,
        canEdit: Bool, canAdopt: Bool, page: Int, movesPage: Int, errors: PlanController.Errors, _ ctx: PageContext,
        status: HTTPStatus = .ok
    ) -> HTMLPage {
        let plan = result.plan
        let (todayMap, planMap) = maps(plan, view: view)
        let band = plan.options.band
        return Layout.page(row.name, ctx, crumbs: crumbs(), section: "plans", status: status) {
            Layout.errorSummary(errors)
            H.h1 { row.name }
            Layout.summaryList([
                (
                    "Plans",
                    .text(
                        "\(request.level.plural) under \(request.policy) (\(band), aiming for "
                            + "\(grouped(plan.options.targetPatients)))"
                    )
                ),
                ("Area", .text(request.areas.isEmpty ? "England" : request.areas.joined(separator: ", "))),
                (
                    "Kept inside",
                    .text(Plans.Request.withinChoices.first { $0.0 == request.within }?.1 ?? request.within)
                ),
                ("Started from", .text(request.fromCurrent ? "today's groups" : "nothing (a fresh design)")),
                (
                    "Kept as they are",
                    .text((request.locked ?? []).isEmpty ? "none" : request.locked!.joined(separator: ", "))
                ),
                (
                    "Pinned",
                    .text(
                        (request.pins ?? [:]).isEmpty
                            ? "none"
                            : request.pins!.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value)" }.joined(
                                separator: ", "))
                ),
                (
                    "Weights",
                    .text(
                        "compactness \(svgNumber(request.weights.compactness)), balance "
                            + "\(svgNumber(request.weights.balance)), moves \(svgNumber(request.weights.moves)); seed "
                            + "\(request.seed)"
                    )
                ),
                ("Configuration of", .text(request.date.long)),
                (
                    "Made by",
                    .text(
                        "\(row.createdBy), \(row.createdAt.prefix(16).replacingOccurrences(of: "T", with: " ")) UTC, "
                            + "in \(String(format: "%.1f", plan.seconds)) s"
                    )
                ),
                ("Adopted", .text(row.adoptedOn.map { "from \($0) by \(row.adoptedBy ?? "")" } ?? "not adopted")),
            ])
            H.p {
                H.a(PlanningURL.planCSV(.value(row.id)).path, .class("button")) {
                    "Download the plan (practice_code,group CSV)"
                }
            }
            H.h2 { "Today and the plan" }
            tables.comparison.html(ctx)
            H.div(.class("map-pair")) {
                H.el("figure", []) {
                    H.el("figcaption", []) { "Today" }
                    Node.raw(todayMap)
                }
                H.el("figure", []) {
                    H.el("figcaption", []) { "Plan" }
                    Node.raw(planMap)
                }
            }
            H.h2 { "Issues" }
            tables.issues.html(ctx)
            H.h2 { "Assurance of the plan" }
            let after = result.after.levels.first { $0.level == request.level }
            let before = result.before.levels.first { $0.level == request.level }
            H.p {
                "The policy's rules applied to the planned practices with the plan in place: "
                    + (after.map {
                        "\($0.blocking) blocking and \($0.advisory) advisory findings at the "
                            + "\(request.level.rawValue) level"
                    } ?? "no rules at this level")
                    + " (today: \(before.map { "\($0.blocking) blocking, \($0.advisory) advisory" } ?? "–"))."
            }
            tables.findings.html(ctx)
            H.h2(.id("groups-heading")) { "Groups" }
            tables.groups.html(ctx, query: [("moves_page", String(movesPage))])
            if plan.groups.count > PlanController.pageSize {
                Layout.pagination(
                    ctx, page: page, pageSize: PlanController.pageSize, total: plan.groups.count,
                    query: [("moves_page", String(movesPage))])
            }
            H.h2 { "Practices that change group" }
            tables.moves.html(ctx, query: [("page", String(page))])
            if plan.moves.count > PlanController.pageSize {
                movesPagination(ctx, page: movesPage, total: plan.moves.count, groupsPage: page)
            }
            if canEdit || canAdopt {
                H.h2 { "Change the plan" }
            }
            if canEdit {
                H.form(
                    .attr("method", "post"), .attr("action", PlanningURL.action(.value(row.id), .rename).path),
                    .class("filters"), .attr("novalidate", ""), .aria("label", "Rename")
                ) {
                    Layout.csrfField(ctx)
                    H.div(.class("field")) {
                        H.label(.for("name")) { "New name" }
                        error(errors, "name")
                        H.input(.type("text"), .id("name"), .name("name"), .value(row.name))
                    }
                    H.button(.type("submit"), .class("button secondary")) { "Rename" }
                }
            }
            if row.adoptedOn != nil {
                H.p(.id("adopted")) {
                    "Adopted from \(row.adoptedOn!): the registry's memberships changed on that date (see the audit "
                        + "log)."
                }
            } else if canAdopt {
                H.form(
                    .attr("method", "post"), .attr("action", PlanningURL.action(.value(row.id), .adopt).path),
                    .attr("novalidate", ""), .aria("label", "Adopt")
                ) {
                    Layout.csrfField(ctx)
                    H.h3 { "Adopt as the configuration" }
                    H.p(.class("hint")) {
                        "Each practice that changes group leaves its "
                            + "\(PlanInput.currentKind(request.level).singular.lowercased()) on this date and joins "
                            + "its planned group; new groups are recorded with codes P\(row.id)-…, and groups left "
                            + "empty close. Every change is audited. A later NHS import records what the NHS "
                            + "itself publishes."
                    }
                    H.div(.class("field")) {
                        H.label(.for("adopt_on")) { "Takes effect on" }
                        error(errors, "adopt_on")
                        H.input(
                            .type("date"), .id("adopt_on"), .name("adopt_on"),
                            .value(max(request.date, Day.today()).iso))
                    }
                    H.div(.class("field")) {
                        error(errors, "confirm_adopt")
                        H.input(.type("checkbox"), .id("confirm_adopt"), .name("confirm"), .value("yes"))
                        H.label(.for("confirm_adopt")) {
                            " I understand that \(grouped(plan.moves.count)) practices change group on this date"
                        }
                    }
                    H.button(.type("submit"), .class("button")) { "Adopt the plan" }
                }
            }
            if canEdit {
                H.form(
                    .attr("method", "post"), .attr("action", PlanningURL.action(.value(row.id), .delete).path),
                    .attr("novalidate", ""), .aria("label", "Delete")
                ) {
                    Layout.csrfField(ctx)
                    H.div(.class("field")) {
                        error(errors, "confirm")
                        H.input(.type("checkbox"), .id("confirm"), .name("confirm"), .value("yes"))
                        H.label(.for("confirm")) {
                            " Delete this plan (an adopted plan's changes stay in the registry)"
                        }
                    }
                    H.button(.type("submit"), .class("button secondary")) { "Delete" }
                }
            }
        }
    }

    package static func movesPagination(_ ctx: PageContext, page: Int, total: Int, groupsPage: Int) -> Node {
        let size = PlanController.pageSize
        let pages = max(1, (total + size - 1) / size)
        return H.nav(.aria("label", "Pages of moved practices")) {
            H.ul(.class("pagination")) {
                if page > 1 {
                    H.li {
                        H.a(ctx.link(ctx.path, [("page", String(groupsPage)), ("moves_page", String(page - 1))])) {
                            "← Previous"
                        }
                    }
                }
                H.li { "Page \(page) of \(pages) (\(grouped(total)) in all)" }
                if page < pages {
                    H.li {
                        H.a(ctx.link(ctx.path, [("page", String(groupsPage)), ("moves_page", String(page + 1))])) {
                            "Next →"
                        }
                    }
                }
            }
        }
    }
}
