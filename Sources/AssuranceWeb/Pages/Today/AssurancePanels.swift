import Assurance
import ConsortCore
import ConsortWeb
import Vapor

/// The assurance panels of people's "Today" pages: for a consortium officer, a federation
/// manager or an LMC officer, the verdict of the default policy on their body and the findings
/// that concern it, its groups within and its practices.
enum AssurancePanels {
    static func today(_ user: CurrentUser, _ req: Request) async throws -> [TodayPanel] {
        let scopes = Set(
            user.scopes(of: .consortiumOfficer) + user.scopes(of: .federationManager) + user.scopes(of: .lmcOfficer))
        guard !scopes.isEmpty else { return [] }
        let view = try await req.registryView(at: Day.today())
        let policy = try AssuranceController.defaultPolicy(req.application)
        let report = try await req.application.assuranceReports.report(policy, view: view, for: req)
        return scopes.sorted().compactMap { code in
            guard let group = view.groups[code] else { return nil }
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
}
