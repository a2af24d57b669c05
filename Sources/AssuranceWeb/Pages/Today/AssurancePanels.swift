import Assurance
import ConsortCore
import ConsortWeb
import Vapor

/// The assurance panels of people's "Today" pages: for a consortium officer, a federation
/// manager or an LMC officer, the verdict of the policy in force for their body's groups and the
/// findings that concern it, its groups within and its practices.
enum AssurancePanels {
    /// The shipped policy that governs groups of `kind` on `day`, newest first: an ICB or region
    /// is held to `icb-2025` (HCWS915, 9 September 2025); a consortium's networks to
    /// `enhanced-access-2022` (Network Contract DES from 1 October 2022), before that
    /// `pcn-2019` (from 1 July 2019); a federation, which may hold a multi-neighbourhood
    /// contract, to `neighbourhood-2025` (10 Year Health Plan, 3 July 2025). Before any of these,
    /// and where none is installed, the 2010 consortia policy.
    static func policyInForce(for kind: GroupKind, on day: Day, installed: [String]) -> String? {
        func from(_ y: Int, _ m: Int, _ d: Int) -> Bool { Day(year: y, month: m, day: d).map { day >= $0 } ?? false }
        var choices: [String] = []
        switch kind {
        case .icb, .region:
            if from(2025, 9, 9) { choices.append("icb-2025") }
        case .federation:
            if from(2025, 7, 3) { choices.append("neighbourhood-2025") }
            if from(2022, 10, 1) { choices.append("enhanced-access-2022") }
        case .consortium, .network, .locality:
            if from(2022, 10, 1) { choices.append("enhanced-access-2022") }
            if from(2019, 7, 1) { choices.append("pcn-2019") }
        }
        choices.append(kind == .consortium || kind == .locality ? "gp-consortia-2010" : "ccg-2013")
        return choices.first { installed.contains($0) }
    }

    static func today(_ user: CurrentUser, _ req: Request) async throws -> [TodayPanel] {
        let scopes = Set(
            user.scopes(of: .consortiumOfficer) + user.scopes(of: .federationManager) + user.scopes(of: .lmcOfficer))
        guard !scopes.isEmpty else { return [] }
        let view = try await req.registryView(at: Day.today())
        let fallback = try AssuranceController.defaultPolicy(req.application)
        let installed = req.application.policies.library.names
        var panels: [TodayPanel] = []
        for code in scopes.sorted() {
            guard let group = view.groups[code] else { continue }
            let name = policyInForce(for: group.kind, on: Day.today(), installed: installed)
            let policy = try name.map { try req.application.policies.policy(named: $0) } ?? fallback
            let report = try await req.application.assuranceReports.report(policy, view: view, for: req)
            if let panel = panel(group, code: code, policy: policy, report: report, view: view) { panels.append(panel) }
        }
        return panels
    }

    static func panel(_ group: GroupInfo, code: String, policy: Policy, report: Report, view: RegistryView)
        -> TodayPanel?
    {
        var concern: Set<String> = [code]
        var next = group.children
        for _ in 0..<2 {
            concern.formUnion(next)
            next = next.flatMap { view.groups[$0]?.children ?? [] }
        }
        concern.formUnion(group.members.map { view.practices[$0].code })
        let findings = report.findings.filter { f in f.organisations.contains { concern.contains($0.code) } }
        let blocking = findings.filter { $0.severity == .blocking }.count
        let table = DataTable(
            id: "findings-\(code)", caption: "Findings that concern \(group.name)",
            columns: [.init(title: "Rule"), .init(title: "Severity"), .init(title: "Finding")],
            rows: findings.prefix(50).map { f in
                [.text(f.rule.title), .text(f.severity.rawValue), .text(f.message)]
            }, fileName: "findings-\(code)-\(report.date.iso).csv", emptyText: "No findings concern it.")
        let more = findings.count > 50 ? " The first 50 are listed; the assurance page has them all." : ""
        return TodayPanel(
            urgency: blocking > 0 ? 0 : 2,
            .init(
                heading: "Assurance: \(group.name)",
                hint: "\(policy.title) on the configuration of "
                    + "\(min(view.latestSnapshot ?? report.date, report.date).long): \(blocking) blocking and "
                    + "\(findings.count - blocking) advisory findings concern \(group.name), its groups or its "
                    + "\(group.members.count) practices.\(more)",
                tables: [table],
                links: [
                    (
                        SiteURL.with(AssuranceURL.assurance.path, [("policy", policy.name), ("q", code)]),
                        "These findings on the assurance page"
                    )
                ]))
    }
}
