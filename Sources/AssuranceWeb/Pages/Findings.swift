import Assurance
import Charts
import ConsortCore
import ConsortWeb

/// Findings as the assurance pages show them: a table (for CSV and the planner's plans) and a
/// list with each finding's figures and source.
package enum Findings {
    package static func href(_ ref: OrganisationRef, _ ctx: PageContext) -> String? {
        switch ref.kind {
        case "practice": return ctx.link(SiteURL.practice(ref.code))
        case "country", "district": return nil  // no page of its own
        default: return ctx.link(SiteURL.group(ref.code))
        }
    }

    package static func table(_ findings: [Finding], _ ctx: PageContext, file: String) -> DataTable {
        DataTable(
            id: "findings", caption: "Findings",
            columns: [
                .init(title: "Severity"), .init(title: "Rule"), .init(title: "Level"), .init(title: "About"),
                .init(title: "Finding"),
                .init(title: "Figures"), .init(title: "Organisations"),
            ],
            rows: findings.map { f in
                [
                    .text(f.severity.rawValue), .text(f.rule.title), .text(f.level?.rawValue),
                    href(f.subject, ctx).map { .link(f.subject.name, $0) } ?? .text(f.subject.name),
                    .text(f.message),
                    .text(
                        f.figures.map { "\($0.name) \(svgNumber($0.value, digits: 2)) \($0.unit)" }.joined(
                            separator: "; ")),
                    .text(f.organisations.map(\.code).joined(separator: " ")),
                ]
            },
            fileName: file, emptyText: "No findings match.")
    }

    package static func list(_ findings: [Finding], policy: Policy, _ ctx: PageContext) -> Node {
        H.div(.class("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .aria("label", "Findings")) {
            H.table {
                H.el("caption", [.class("visually-hidden")]) { "Findings" }
                H.thead {
                    H.tr {
                        H.th(.attr("scope", "col")) { "Severity" }
                        H.th(.attr("scope", "col")) { "About" }
                        H.th(.attr("scope", "col")) { "Finding" }
                    }
                }
                H.tbody {
                    for f in findings {
                        H.tr {
                            H.td { H.span(.class("tag \(f.severity.rawValue)")) { f.severity.rawValue } }
                            H.th(.attr("scope", "row")) {
                                if let href = href(f.subject, ctx) {
                                    H.link(href, f.subject.name)
                                } else {
                                    f.subject.name
                                }
                                H.span(.class("hint")) { " \(f.subject.code)" }
                            }
                            H.td {
                                f.message
                                if !f.figures.isEmpty {
                                    H.p(.class("finding-figures")) {
                                        f.figures.map {
                                            let counted = $0.unit == "patients" || $0.unit == "practices"
                                            let value =
                                                counted ? grouped(Int($0.value)) : svgNumber($0.value, digits: 2)
                                            return "\($0.name): \(value) \($0.unit)"
                                        }.joined(separator: " · ")
                                        if let cite = policy.citation(f.source) {
                                            " · Source: \(cite.split(separator: ":").first.map(String.init) ?? cite)"
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
