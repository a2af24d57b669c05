import ConsortCore
import Foundation

extension Report {
    /// The report as text for a terminal: the summary, then every finding, blocking first.
    public func text() -> String {
        var out: [String] = []
        out.append("Assurance: \(policyTitle) [\(policy), version \(policyVersion)], as at \(date.long)")
        out.append("\(grouped(practices)) practices, \(grouped(patients)) registered patients \(listSizes.asAt).")
        for warning in sizeWarnings { out.append("WARNING: \(warning)") }
        for level in levels {
            guard level.inData else {
                out.append(
                    "Level \(level.level.rawValue) (\(level.kinds.map(\.rawValue).joined(separator: ", "))): "
                        + "not in the "
                        + "data at this date; its checks did not run.")
                continue
            }
            out.append(
                "Level \(level.level.rawValue) (\(level.kinds.map(\.rawValue).joined(separator: ", "))): "
                    + "\(grouped(level.groups)) groups with \(grouped(level.practices)) practices; \(level.blocking) "
                    + "blocking, \(level.advisory) advisory findings."
            )
        }
        for severity in [Policy.Severity.blocking, .advisory] {
            let selected = findings.filter { $0.severity == severity }
            guard !selected.isEmpty else { continue }
            out.append("")
            out.append("\(severity == .blocking ? "Blocking" : "Advisory") findings: \(grouped(selected.count))")
            for rule in Finding.Rule.allCases {
                let some = selected.filter { $0.rule == rule }
                guard !some.isEmpty else { continue }
                out.append("  \(rule.title) (\(some.count))")
                for f in some { out.append("    - \(f.message)") }
            }
        }
        if let note = areasNote {
            out.append("")
            out.append(note)
        }
        out.append("")
        if passes {
            out.append(
                "Result: no blocking findings; the configuration meets the policy's authorisation rules (\(advisory) "
                    + "advisory findings need attention)\(verdictScope)."
            )
        } else {
            out.append(
                "Result: \(blocking) blocking findings; the configuration would not be authorised under this policy "
                    + "(and \(advisory) advisory findings)\(verdictScope)."
            )
        }
        return out.joined(separator: "\n")
    }

    /// One row per finding.
    public var csvRows: (header: [String], rows: [[String]]) {
        let header = [
            "severity", "rule", "level", "subject_code", "subject_name", "subject_kind", "message", "figures",
            "organisations", "drivers", "size_basis", "list_sizes",
        ]
        let sizes = ([listSizes.asAt] + sizeWarnings).joined(separator: " ")
        let rows = findings.map { f -> [String] in
            [
                f.severity.rawValue, f.rule.rawValue, f.level?.rawValue ?? "", f.subject.code, f.subject.name,
                f.subject.kind, f.message,
                f.figures.map { "\($0.name)=\(svgNumber($0.value, digits: 2)) \($0.unit)" }.joined(separator: "; "),
                f.organisations.map(\.code).joined(separator: " "), f.drivers.map(\.code).joined(separator: " "),
                f.basis ?? "", sizes,
            ]
        }
        return (header, rows)
    }
}
