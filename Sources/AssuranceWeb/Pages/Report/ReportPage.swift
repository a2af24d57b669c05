import Assurance
import ConsortCore
import ConsortWeb
import Vapor

/// The assurance page: a policy's verdict on the registry at a date, its findings filtered.
package struct ReportPage: Sendable {
    /// Which findings to show.
    package struct Filters: Sendable {
        package var severity: Policy.Severity?
        package var rule: Finding.Rule?
        package var level: Policy.Level?
        package var text: String?
        /// The page of findings shown (50 to a page); not part of what the CSV download keeps.
        package var page: Int = 1

        package static let pageSize = 50

        package var items: [(String, String)] {
            var out: [(String, String)] = []
            if let severity { out.append(("severity", severity.rawValue)) }
            if let rule { out.append(("rule", rule.rawValue)) }
            if let level { out.append(("level", level.rawValue)) }
            if let text { out.append(("q", text)) }
            return out
        }

        package func apply(_ findings: [Finding]) -> [Finding] {
            let tokens = (text ?? "").lowercased().split(separator: " ").map(String.init)
            return findings.filter { f in
                if let severity, f.severity != severity { return false }
                if let rule, f.rule != rule { return false }
                if let level, f.level != level { return false }
                if !tokens.isEmpty {
                    let hay = (f.organisations.map { "\($0.code) \($0.name)" }.joined(separator: " ") + " " + f.message)
                        .lowercased()
                    if !tokens.allSatisfy(hay.contains) { return false }
                }
                return true
            }
        }

        package init(
            severity: Policy.Severity? = nil, rule: Finding.Rule? = nil, level: Policy.Level? = nil, text: String? = nil
        ) {
            self.severity = severity
            self.rule = rule
            self.level = level
            self.text = text
        }
    }

    package let report: Report
    package let policy: Policy
    /// Every policy, for the choice of another.
    package let policies: [Policy]
    /// The registry at the page's date (for the map).
    package let view: RegistryView
    package let filters: Filters

    package init(report: Report, policy: Policy, policies: [Policy], view: RegistryView, filters: Filters = Filters()) {
        self.report = report
        self.policy = policy
        self.policies = policies
        self.view = view
        self.filters = filters
    }

    /// The policy's report on the registry at the view's date (computed once per registry
    /// version and kept).
    package static func load(
        policy: Policy, view: RegistryView, filters: Filters, req: Request
    ) async throws -> ReportPage {
        ReportPage(
            report: try await req.application.assuranceReports.report(policy, view: view, for: req), policy: policy,
            policies: try req.application.policies.allPolicies(), view: view, filters: filters)
    }
}
