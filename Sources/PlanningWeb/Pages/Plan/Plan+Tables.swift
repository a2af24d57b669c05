import Assurance
import AssuranceWeb
import Charts
import ConsortCore
import ConsortWeb
import Planner
import Vapor

extension PlanView {
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
            findings: Findings.table(findings, ctx, file: "plan-findings.csv"))
    }

    /// Two maps: today's groups and the plan's, on the planned practices; groups outside the
    /// band ringed.
    package static func maps(_ plan: Plan, view: RegistryView, backdrop: Basemap.Backdrop) -> (
        today: String, plan: String
    ) {
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
        // One numbering of groups for both maps, and one colouring over both, so that a group
        // that is on both keeps its colour.
        var ids: [String: Int] = [:]
        var names: [Int: String] = [:]
        func index(_ codes: [String?]) -> [Int] {
            codes.map { code in
                guard let code else { return -1 }
                if let g = ids[code] { return g }
                let g = ids.count
                ids[code] = g
                names[g] = view.groups[code]?.name ?? code
                return g
            }
        }
        let todayGroups = index(todayCodes)
        let planGroups = index(planCodes)
        let n = points.count
        let colours = GroupMap.colours(
            groups: todayGroups + planGroups, links: links + links.map { ($0.0 + n, $0.1 + n) })
        func map(_ groups: [Int], id: String, title: String, description: String) -> String {
            var patients: [Int: Int] = [:]
            for (k, g) in groups.enumerated() where g >= 0 { patients[g, default: 0] += sizes[k] }
            let flagged = Set(patients.filter { $0.value < lo || $0.value > hi }.keys)
            let map = GroupMap(
                id: id, title: title, description: description, points: points, groups: groups, names: names,
                links: links, flagged: flagged, flagLabel: band, width: 560, backdrop: backdrop,
                fixedColours: colours)
            return map.svg() + map.legend()
        }
        return (
            map(
                todayGroups, id: "map-today", title: "Today's groups",
                description:
                    "Each practice coloured by its group today, each group outlined, neighbouring groups in different "
                    + "colours; groups "
                    + "\(band) ringed in red."
            ),
            map(
                planGroups, id: "map-plan", title: "The plan's groups",
                description:
                    "Each practice coloured by its planned group, each group outlined, neighbouring groups in "
                    + "different colours; groups "
                    + "\(band) ringed in red."
            )
        )
    }
}
