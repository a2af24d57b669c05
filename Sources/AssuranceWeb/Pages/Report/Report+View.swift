import Assurance
import Charts
import ConsortCore
import ConsortWeb

/// The assurance page: a policy's verdict on the configuration at a date.
package enum AssuranceView {
    package struct Filters: Sendable {
        package var severity: Policy.Severity?
        package var rule: Finding.Rule?
        package var level: Policy.Level?
        package var text: String?

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

    package static func href(_ ref: OrganisationRef, _ ctx: PageContext) -> String? {
        switch ref.kind {
        case "practice": return ctx.link(SiteURL.practice(ref.code))
        case "country": return nil
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

    package static func render(
        _ report: Report, policy: Policy, policies: [Policy], view: RegistryView, filters: Filters, _ ctx: PageContext
    ) -> HTMLPage {
        let shown = filters.apply(report.findings)
        let base: [(String, String)] = [("policy", policy.name)]
        return Layout.page(
            "Assurance: \(policy.title)", ctx, crumbs: [.init(title: "England", href: ctx.link(SiteURL.home.path))],
            section: "assurance"
        ) {
            H.h1 { "Would this configuration be authorised?" }
            H.p(.class("lede")) {
                "Every grouping of practices at a date, checked against a policy's rules: size to manage financial "
                    + "risk, complete coverage with no practice left out, groups that hold together on the map, no "
                    + "cherry-picking of the less deprived, and overlaps that need conflicts of interest managed. "
                H.link(SiteURL.help.path + "#assurance", "How to read this report")
                "."
            }
            H.form(
                .attr("method", "get"), .attr("action", AssuranceURL.assurance.path), .class("filters"),
                .aria("label", "Policy and date")
            ) {
                Layout.field(
                    "policy", "Policy",
                    H.select(.id("policy"), .name("policy")) {
                        for p in policies { H.option(p.name, p.title, selected: p.name == policy.name) }
                    })
                Layout.field(
                    "as-at", "As at", H.input(.type("date"), .id("as-at"), .name("date"), .value(ctx.date.iso)))
                H.button(.type("submit"), .class("button")) { "Check" }
                H.a(SiteURL.policy(policy.name)) { "About this policy and its sources" }
            }
            H.div(.class(report.passes ? "result" : "result fail"), .attr("role", "status")) {
                H.p {
                    H.strong {
                        report.passes
                            ? "Would be authorised under \(policy.title) on \(report.date.long)."
                            : "Would not be authorised under \(policy.title) on \(report.date.long)."
                    }
                    " \(grouped(report.blocking)) blocking finding\(report.blocking == 1 ? "" : "s") and "
                        + "\(grouped(report.advisory)) advisory finding\(report.advisory == 1 ? "" : "s"), for "
                        + "\(grouped(report.practices)) practices and \(grouped(report.patients)) registered "
                        + "patients."
                }
            }
            summaryTable(report, ctx, base: base).html(ctx, query: base, captionHidden: false)
            H.div(.class("columns")) {
                H.div {
                    H.h2 { "Findings by rule" }
                    ruleTable(report, ctx, base: base).html(ctx, query: base, captionHidden: true)
                }
                H.div {
                    H.h2 { "Where the findings are" }
                    H.div(.class("figure-box")) {
                        Node.raw(map(report, view).svg())
                        H.p(.class("hint")) {
                            "Practices of the groups each finding is about: red where the finding is blocking, amber "
                                + "where it is advisory. Grey: every other practice."
                        }
                    }
                }
            }
            H.h2(.id("findings")) { "Findings" }
            H.form(
                .attr("method", "get"), .attr("action", AssuranceURL.assurance.path + "#findings"), .class("filters"),
                .aria("label", "Filter findings")
            ) {
                H.input(.type("hidden"), .name("policy"), .value(policy.name))
                if ctx.dateGiven { H.input(.type("hidden"), .name("date"), .value(ctx.date.iso)) }
                Layout.field(
                    "severity", "Severity",
                    H.select(.id("severity"), .name("severity")) {
                        H.option("", "Any", selected: filters.severity == nil)
                        H.option("blocking", "Blocking", selected: filters.severity == .blocking)
                        H.option("advisory", "Advisory", selected: filters.severity == .advisory)
                    })
                Layout.field(
                    "rule", "Rule",
                    H.select(.id("rule"), .name("rule")) {
                        H.option("", "Any", selected: filters.rule == nil)
                        for rule in Finding.Rule.allCases {
                            H.option(rule.rawValue, rule.title, selected: filters.rule == rule)
                        }
                    })
                Layout.field(
                    "level", "Level",
                    H.select(.id("level"), .name("level")) {
                        H.option("", "Any", selected: filters.level == nil)
                        for level in policy.levels.map(\.level) {
                            H.option(level.rawValue, level.rawValue.capitalized, selected: filters.level == level)
                        }
                    })
                Layout.field(
                    "q", "Organisation", H.input(.type("search"), .id("q"), .name("q"), .value(filters.text ?? "")))
                H.button(.type("submit"), .class("button secondary")) { "Filter" }
            }
            H.p(.attr("role", "status")) {
                "Showing \(grouped(shown.count)) of \(grouped(report.findings.count)) findings."
            }
            for rule in Finding.Rule.allCases {
                let some = shown.filter { $0.rule == rule }
                if !some.isEmpty {
                    H.h3 { "\(rule.title) (\(grouped(some.count)))" }
                    findingList(some, policy: policy, ctx)
                }
            }
            H.p(.class("downloads")) {
                H.a(
                    SiteURL.with(
                        AssuranceURL.assurance.path + ".csv",
                        base + (ctx.dateGiven ? [("date", ctx.date.iso)] : []) + filters.items + [("table", "findings")]
                    ), .attr("download", "assurance-\(policy.name)-\(report.date.iso).csv")
                ) {
                    "Download these findings as CSV"
                }
                " · "
                H.link(AssuranceURL.API.assurance.path(base + [("date", ctx.date.iso)]), "The whole report as JSON")
            }
        }
    }

    package static func findingList(_ findings: [Finding], policy: Policy, _ ctx: PageContext) -> Node {
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

    package static func summaryTable(_ report: Report, _ ctx: PageContext, base: [(String, String)]) -> DataTable {
        DataTable(
            id: "levels", caption: "Levels checked",
            columns: [
                .init(title: "Level"), .init(title: "Kinds of group"), .init(title: "Groups", numeric: true),
                .init(title: "Practices in them", numeric: true), .init(title: "Blocking", numeric: true),
                .init(title: "Advisory", numeric: true),
            ],
            rows: report.levels.map { l in
                [
                    .link(
                        l.level.rawValue.capitalized,
                        ctx.link(AssuranceURL.assurance.path, base + [("level", l.level.rawValue)]) + "#findings"),
                    .text(l.kinds.map(\.plural).joined(separator: ", ")), .number(l.groups), .number(l.practices),
                    .number(l.blocking), .number(l.advisory),
                ]
            },
            fileName: "assurance-levels.csv")
    }

    package static func ruleTable(_ report: Report, _ ctx: PageContext, base: [(String, String)]) -> DataTable {
        DataTable(
            id: "rules", caption: "Findings by rule",
            columns: [
                .init(title: "Rule"), .init(title: "Blocking", numeric: true), .init(title: "Advisory", numeric: true),
            ],
            rows: Finding.Rule.allCases.map { rule in
                let some = report.findings.filter { $0.rule == rule }
                return [
                    .link(
                        rule.title,
                        ctx.link(AssuranceURL.assurance.path, base + [("rule", rule.rawValue)]) + "#findings"),
                    .number(some.filter { $0.severity == .blocking }.count),
                    .number(some.filter { $0.severity == .advisory }.count),
                ]
            },
            fileName: "assurance-rules.csv")
    }

    package static func map(_ report: Report, _ view: RegistryView) -> LayeredMap {
        var blocking = Set<Int>()
        var advisory = Set<Int>()
        for f in report.findings {
            var practices: [Int] = []
            if f.subject.kind == "practice" {
                if let i = view.index[f.subject.code] { practices = [i] }
            } else if let g = view.groups[f.subject.code] {
                practices = g.members
            } else {
                practices = f.organisations.compactMap { $0.kind == "practice" ? view.index[$0.code] : nil }
            }
            if f.severity == .blocking { blocking.formUnion(practices) } else { advisory.formUnion(practices) }
        }
        advisory.subtract(blocking)
        func points(_ set: Set<Int>) -> [GridPoint] { set.sorted().compactMap { view.practices[$0].gridPoint } }
        return LayeredMap(
            id: "findings-map", title: "Practices concerned by the findings, \(report.date.long)",
            description:
                "\(blocking.count) practices in groups with blocking findings in red, \(advisory.count) with advisory "
                + "findings in amber, other practices in grey.",
            context: view.points,
            layers: [
                .init(label: "blocking", cssClass: "map-blocking", points: points(blocking)),
                .init(label: "advisory", cssClass: "map-advisory", points: points(advisory)),
            ])
    }
}
