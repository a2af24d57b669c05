import Assurance
import AssuranceWeb
import Charts
import ConsortCore
import ConsortWeb
import Planner

/// A plan beside today's configuration: the rows of the comparison table the command line and
/// the web page both show.
public struct PlanComparison: Sendable {
    public struct Row: Sendable, Encodable {
        public let measure: String
        public let today: String
        public let plan: String
        /// Whether the plan is better (true), worse (false) or the same (nil) on this measure.
        public let better: Bool?

        package init(measure: String, today: String, plan: String, better: Bool?) {
            self.measure = measure
            self.today = today
            self.plan = plan
            self.better = better
        }
    }

    public private(set) var rows: [Row]

    /// The policy's assurance reports on the planned practices: with today's groups, and with
    /// the plan's groups in place of today's at the plan's level. Both share one neighbourhood
    /// graph (the same practices in the same places).
    /// With `areas` (from `placing`), a policy's coterminosity rules run on both.
    public static func reports(
        _ plan: Plan, configuration: Configuration, policy: Policy, areas: Assurance.Areas? = nil
    ) -> (before: Report, after: Report) {
        let today = configuration.restricted(to: Set(plan.practiceCodes))
        let graph = today.graph()
        let planned = today.applying(plan, kind: PlanInput.currentKind(plan.options.level))
        return (
            Assurance.check(today, policy: policy, graph: graph, areas: areas),
            Assurance.check(planned, policy: policy, graph: graph, areas: areas)
        )
    }

    /// The practices to plan placed once in local authority districts, for both the planner and
    /// the comparison: the areas when the policy has a coterminosity rule (nil otherwise), and the
    /// input carrying each practice's district when the planned level has that rule.
    public static func placing(
        _ input: PlanInput, level: Policy.Level, configuration: Configuration, policy: Policy,
        districts: [GeoJSON.Area]
    ) -> (input: PlanInput, areas: Assurance.Areas?) {
        let planned = configuration.restricted(to: Set(input.practices.map(\.code)))
        guard let areas = Assurance.Areas.districts(planned, districts, for: policy) else { return (input, nil) }
        return (policy.rules(for: level)?.coterminosity != nil ? input.placing(in: areas.of) : input, areas)
    }

    public init(_ plan: Plan, before: Report, after: Report, level: Policy.Level) {
        let t = plan.current
        let p = plan.metrics
        func row(
            _ measure: String, _ a: Double, _ b: Double, lowerIsBetter: Bool, perGroup: Bool = false,
            _ format: (Double) -> String
        ) -> Row {
            // Measures of groups mean nothing for a level with no groups today (e.g. localities).
            if perGroup && t.groups == 0 { return Row(measure: measure, today: "—", plan: format(b), better: nil) }
            let same = format(a) == format(b)
            return Row(
                measure: measure, today: format(a), plan: format(b),
                better: same ? nil : (lowerIsBetter ? b < a : b > a))
        }
        let count = { (x: Double) in grouped(Int(x)) }
        // A count of groups compares like with like only when both have as many groups; else
        // the share beside it says which is better.
        func groupCount(_ measure: String, _ a: Int, _ b: Int, lowerIsBetter: Bool) -> Row {
            let r = row(measure, Double(a), Double(b), lowerIsBetter: lowerIsBetter, perGroup: true, count)
            return t.groups == p.groups ? r : Row(measure: r.measure, today: r.today, plan: r.plan, better: nil)
        }
        let km = { (x: Double) in String(format: "%.2f km", x) }
        let points = { (x: Double) in String(format: "%.2f", x) }
        let percent = { (x: Double) in String(format: "%.1f%%", x * 100) }
        let beforeLevel = before.levels.first { $0.level == level }
        let afterLevel = after.levels.first { $0.level == level }
        rows = [
            Row(measure: "Groups", today: grouped(t.groups), plan: grouped(p.groups), better: nil),
            groupCount("Groups within the size band", t.groupsWithinBand, p.groupsWithinBand, lowerIsBetter: false),
            row("Share of groups within the band", t.shareWithinBand, p.shareWithinBand, lowerIsBetter: false, percent),
        ]
        if let a = t.groupsWithinAdvice, let b = p.groupsWithinAdvice {
            rows.append(
                groupCount("Groups within the advised band too", a, b, lowerIsBetter: false))
        }
        rows += [
            row(
                "Share of practices in a group within the band", t.practiceShareWithinBand, p.practiceShareWithinBand,
                lowerIsBetter: false, percent),
            Row(
                measure: "Group sizes (smallest, median, largest patients)",
                today: t.groups == 0
                    ? "—" : "\(grouped(t.smallestGroup)), \(grouped(t.medianGroup)), \(grouped(t.largestGroup))",
                plan: "\(grouped(p.smallestGroup)), \(grouped(p.medianGroup)), "
                    + "\(grouped(p.largestGroup))", better: nil),
            row(
                "Practices in no group", Double(t.practicesInNoGroup), Double(p.practicesInNoGroup),
                lowerIsBetter: true, count),
            row(
                "Compactness (mean distance to group centre)", t.compactnessKm, p.compactnessKm, lowerIsBetter: true,
                perGroup: true, km),
            row(
                "Deprivation balance (SD of group IMD about the area's)", t.balance, p.balance, lowerIsBetter: true,
                perGroup: true, points),
            groupCount(
                "Groups more than 10 IMD points from their area", t.unbalancedGroups, p.unbalancedGroups,
                lowerIsBetter: true),
            Row(
                measure: "Practices moved", today: "—",
                plan: "\(grouped(p.movedPractices)) (\(grouped(p.movedPatients)) patients)", better: nil),
            row(
                "Blocking assurance findings", Double(beforeLevel?.blocking ?? 0), Double(afterLevel?.blocking ?? 0),
                lowerIsBetter: true, count),
            row(
                "Advisory assurance findings", Double(beforeLevel?.advisory ?? 0), Double(afterLevel?.advisory ?? 0),
                lowerIsBetter: true, count),
        ]
        if let a = beforeLevel?.splitAreas, let b = afterLevel?.splitAreas {
            rows.append(
                row(
                    "Local authority districts split between groups (ONS districts, December 2021)", Double(a),
                    Double(b), lowerIsBetter: true, count))
        }
    }

    /// The table as aligned text.
    public var text: String {
        let width = rows.map(\.measure.count).max() ?? 0
        let a = Swift.max(rows.map(\.today.count).max() ?? 0, 5)
        let b = Swift.max(rows.map(\.plan.count).max() ?? 0, 4)
        func pad(_ s: String, _ n: Int, left: Bool = false) -> String {
            let space = String(repeating: " ", count: Swift.max(0, n - s.count))
            return left ? s + space : space + s
        }
        var lines = ["\(pad("", width, left: true))  \(pad("Today", a))  \(pad("Plan", b))"]
        for r in rows {
            let mark = r.better.map { $0 ? "  better" : "  worse" } ?? ""
            lines.append("\(pad(r.measure, width, left: true))  \(pad(r.today, a))  \(pad(r.plan, b))\(mark)")
        }
        return lines.joined(separator: "\n")
    }

    /// The command line's summary: the table, then the issues.
    public static func summary(_ plan: Plan, before: Report, after: Report, level: Policy.Level) -> String {
        var out = [PlanComparison(plan, before: before, after: after, level: level).text]
        if plan.issues.isEmpty {
            out.append("No issues: every group is within the band.")
        } else {
            out.append("\(plan.issues.count) issue\(plan.issues.count == 1 ? "" : "s"):")
            for issue in plan.issues.prefix(30) { out.append("  - [\(issue.kind.rawValue)] \(issue.message)") }
            if plan.issues.count > 30 {
                out.append("  … and \(plan.issues.count - 30) more (use --format json for all).")
            }
        }
        return out.joined(separator: "\n")
    }
}
