import Assurance
import Charts
import ConsortCore
import ConsortWeb

extension ReportPage {
    /// The findings the filters keep, and the summaries by level and by rule: for CSV.
    package func tables(_ ctx: PageContext) -> [DataTable] {
        let base: [(String, String)] = [("policy", policy.name)]
        return [
            Findings.table(
                filters.apply(report.findings), ctx, file: "assurance-\(policy.name)-\(report.date.iso).csv"),
            summaryTable(ctx, base: base), ruleTable(ctx, base: base),
        ]
    }

    package func render(_ ctx: PageContext) -> HTMLPage {
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
                            ? "Would be authorised under \(policy.title) on \(report.date.long)\(report.verdictScope)."
                            : "Would not be authorised under \(policy.title) on \(report.date.long)"
                                + "\(report.verdictScope)."
                    }
                    " \(grouped(report.blocking)) blocking finding\(report.blocking == 1 ? "" : "s") and "
                        + "\(grouped(report.advisory)) advisory finding\(report.advisory == 1 ? "" : "s"), for "
                        + "\(grouped(report.practices)) practices and \(grouped(report.patients)) registered "
                        + "patients \(report.listSizes.asAt)."
                }
            }
            if !report.listSizes.isCurrent {
                Layout.sizeNotice(
                    report.listSizes, more: report.publishedTotalsNote.map { [$0] } ?? [])
            }
            if let note = report.areasNote { H.p(.class("hint")) { note } }
            let absent = report.levels.filter { !$0.inData }
            if !absent.isEmpty {
                H.div(.class("callout"), .attr("role", "status")) {
                    for level in absent {
                        H.p {
                            "The \(level.level.rawValue) level "
                                + "(\(level.kinds.map(\.plural).joined(separator: ", "))) is "
                                + "not in the data on \(report.date.long): its checks did not run."
                        }
                    }
                }
            }
            summaryTable(ctx, base: base).html(ctx, query: base, captionHidden: false)
            H.h2 { "Findings by rule" }
            ruleTable(ctx, base: base).html(ctx, query: base, captionHidden: true)
            H.h2 { "Where the findings are" }
            H.div(.class("figure-box map-box")) {
                let map = map(ctx.backdrop)
                Node.raw(map.svg())
                Node.raw(map.legend())
                H.p(.class("hint")) {
                    "Practices of the groups each finding is about: red where a finding is blocking, amber where it is "
                        + "advisory. The findings table below lists them."
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
            // The findings in rule order, a page at a time: the counts by rule are in the table above.
            let ordered = Finding.Rule.allCases.flatMap { rule in shown.filter { $0.rule == rule } }
            let size = ReportPage.Filters.pageSize
            let pages = max(1, (ordered.count + size - 1) / size)
            let page = min(filters.page, pages)
            let slice = Array(ordered.dropFirst((page - 1) * size).prefix(size))
            H.p(.attr("role", "status")) {
                shown.count <= size
                    ? "Showing \(grouped(shown.count)) of \(grouped(report.findings.count)) findings."
                    : "Showing \(grouped((page - 1) * size + 1))–\(grouped((page - 1) * size + slice.count)) of "
                        + "\(grouped(shown.count)) findings"
                        + (shown.count == report.findings.count
                            ? "." : " (of \(grouped(report.findings.count)) in all).")
            }
            for rule in Finding.Rule.allCases {
                let some = slice.filter { $0.rule == rule }
                if !some.isEmpty {
                    let all = shown.filter { $0.rule == rule }.count
                    H.h3 { "\(rule.title) (\(grouped(all)))" }
                    Findings.list(some, policy: policy, ctx)
                }
            }
            if pages > 1 {
                Layout.pagination(
                    ctx, page: page, pageSize: size, total: ordered.count,
                    query: base + (ctx.dateGiven ? [("date", ctx.date.iso)] : []) + filters.items)
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

    package func summaryTable(_ ctx: PageContext, base: [(String, String)]) -> DataTable {
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
                    .text(l.kinds.map(\.plural).joined(separator: ", ") + (l.inData ? "" : " (not in the data)")),
                    .number(l.groups), .number(l.practices),
                    .number(l.blocking), .number(l.advisory),
                ]
            },
            fileName: "assurance-levels.csv")
    }

    package func ruleTable(_ ctx: PageContext, base: [(String, String)]) -> DataTable {
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

    package func map(_ backdrop: Basemap.Backdrop) -> LayeredMap {
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
                "\(blocking.count) practices in groups with blocking findings in red, \(advisory.count) with "
                + "advisory findings in amber, other practices in grey.",
            context: view.points,
            layers: [
                .init(label: "blocking", cssClass: "map-blocking", points: points(blocking)),
                .init(label: "advisory", cssClass: "map-advisory", points: points(advisory)),
            ], backdrop: backdrop)
    }
}
