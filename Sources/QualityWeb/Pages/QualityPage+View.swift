import Charts
import ConsortCore
import ConsortWeb
import Quality
import Vapor

extension QualityPage {
    /// The practices' table: value and intervals, comparisons, flag, CQC rating; one page of it,
    /// or all of it for the CSV.
    package func table(_ ctx: PageContext, all: Bool = false) -> DataTable {
        let rows = benchmark?.rows ?? []
        let shown = all ? rows[...] : rows.page(params.page, size: Self.pageSize)
        func d(_ x: Double?) -> DataTable.Cell { .decimal(x, digits: 1) }
        func count(_ x: Double) -> DataTable.Cell {
            x == x.rounded() ? .number(Int(x)) : DataTable.Cell(text: grouped(Int(x.rounded())), csv: String(x))
        }
        var columns: [DataTable.Column] = [
            .init(title: "Code"), .init(title: "Practice"), .init(title: "Numerator", numeric: true),
            .init(title: "Denominator", numeric: true), .init(title: "Value", numeric: true),
            .init(title: "95% interval"), .init(title: "99.8% interval"), .init(title: "Compared with England"),
        ]
        if params.comparator == .group {
            columns.append(.init(title: "Practice's 95% interval against the group's value"))
        }
        columns += [.init(title: "Outside the \(outerText) limits (worse)"), .init(title: "CQC rating")]
        return DataTable(
            id: "practices", caption: "Practices: \(indicator?.name ?? "no indicator"), \(params.period ?? "")",
            columns: columns,
            rows: shown.map { r in
                var cells: [DataTable.Cell] = [
                    .link(r.practiceCode, SiteURL.practice(r.practiceCode)), .text(r.practiceName), count(r.numerator),
                    count(r.denominator), d(r.value),
                    .text(r.ci95.map { "\(svgNumber($0.lower)) to \(svgNumber($0.upper))" } ?? ""),
                    .text(r.ci998.map { "\(svgNumber($0.lower)) to \(svgNumber($0.upper))" } ?? ""),
                    .text(r.comparedToEngland.rawValue),
                ]
                if params.comparator == .group { cells.append(.text(compared(r).rawValue)) }
                cells.append(.text(flagged(r) ? "yes: for support" : "no"))
                let rating = ratings[r.practiceCode]
                cells.append(
                    .text(
                        rating.map { "\($0.rating) (\($0.ratingYear.map(String.init) ?? "year unknown"))" }
                            ?? "not rated"))
                return cells
            },
            fileName: "quality-\(indicator?.id ?? "none")-\(params.period ?? "")".replacingOccurrences(
                of: "/", with: "-")
                + ".csv",
            emptyText: "No practice has a value of this indicator in the period.", total: rows.count)
    }

    package func render(_ ctx: PageContext) -> HTMLPage {
        Layout.page("Quality", ctx, section: "quality") {
            H.h1 { "Quality: benchmarking practices" }
            H.p(.class("lead")) {
                "Each practice's value of an indicator with 95% and 99.8% confidence intervals (as the national "
                    + "profiles compute them: Wilson score for a proportion, Byar's for a rate), compared with "
                    + "England or a group, and a funnel plot. "
                H.link(SiteURL.help.path + "#quality", "How the figures are computed")
            }
            if let indicator, let benchmark {
                form(ctx)
                Layout.summaryList(summary(indicator, benchmark))
                let flaggedRows = benchmark.rows.filter(flagged)
                H.h2 { "Funnel plot" }
                H.div(.class("figure-box chart-box")) {
                    let funnelPlot = plot(indicator, benchmark)
                    Node.raw(funnelPlot.titled)
                    Node.raw(funnelPlot.legend(levels: (innerText, outerText)))
                    H.p(.class("hint")) {
                        "Limits around \(params.comparator == .group ? "the group's" : "England's") value"
                            + (params.adjustment == .none
                                ? ""
                                : ", widened for overdispersion (\(params.adjustment.rawValue); φ = "
                                    + "\(svgNumber(funnel?.phi ?? 1, digits: 2)))")
                            + ". A practice outside the \(outerText) limits differs by more than chance would explain."
                    }
                }
                if let ranking = ranking(indicator, benchmark) {
                    H.h2 { "Ranking with intervals" }
                    H.div(.class("figure-box chart-box")) {
                        Node.raw(ranking.titled)
                        H.p(.class("hint")) {
                            "Each practice's value (dot) and 95% interval (bar), lowest to highest; the line is "
                                + "\(params.comparator == .group ? "the group's" : "England's") value. Practices whose "
                                + "bars overlap cannot be told apart."
                        }
                    }
                }
                H.h2 { "Over time" }
                trendTable(ctx, indicator).html(ctx, query: params.query, captionHidden: true)
                H.h2 { "Flagged for support" }
                if flaggedRows.isEmpty {
                    H.p { "No practice is outside the \(outerText) limits on the worse side." }
                } else {
                    H.p {
                        "\(flaggedRows.count) practices are outside the \(outerText) limits on the worse side: "
                            + flaggedRows.prefix(20).map { "\($0.practiceName) (\($0.practiceCode))" }.joined(
                                separator: ", ") + (flaggedRows.count > 20 ? ", and more in the table." : ".")
                    }
                }
                H.h2 { "Practices" }
                table(ctx).html(ctx, query: params.query, captionHidden: true)
                Layout.pagination(
                    ctx, page: params.page, pageSize: Self.pageSize, total: benchmark.rows.count, query: params.query)
            } else {
                H.div(.class("callout")) {
                    H.p {
                        "No indicator data are loaded. Consort loads the shipped QOF and CQC data at first start when "
                            + "it has its data directory (CONSORT_DATA_DIR); see docs/quality.md."
                    }
                }
            }
        }
    }

    func summary(_ indicator: Indicator, _ benchmark: Benchmark) -> [(String, Node)] {
        let unit = indicator.unit
        let england = (benchmark.england.map { svgNumber($0, digits: 1) + unit } ?? "unknown")
        var out: [(String, Node)] = [
            ("Indicator", .text("\(indicator.name) (\(indicator.id))")),
            ("Source", .text(indicator.source)),
            ("Which way is better", .text(polarity(indicator.polarity))),
            ("Period", .text(benchmark.period)),
            ("England", .text("\(england), from \(benchmark.englandSource)")),
        ]
        if let name = groupName {
            var text = "no value"
            if let g = groupValue {
                text = svgNumber(g.value, digits: 1) + unit
                if let ci = g.ci95 { text += " (95% interval \(svgNumber(ci.lower)) to \(svgNumber(ci.upper)))" }
            }
            out.append((name, .text("\(text), \(grouped(benchmark.rows.count)) practices")))
        }
        return out
    }

    /// The ranking, for a group of at most 300 practices (a caterpillar of thousands says nothing).
    func ranking(_ indicator: Indicator, _ benchmark: Benchmark) -> IntervalRanking? {
        guard groupName != nil, (2...300).contains(benchmark.rows.count) else { return nil }
        return IntervalRanking(
            id: "ranking", title: "\(indicator.name), \(benchmark.period): \(groupName ?? "")'s practices ranked",
            description: "Each practice's value with its 95% interval, lowest to highest; green better, red worse.",
            items: benchmark.rows.compactMap { r in
                guard let v = r.value, let ci = r.ci95 else { return nil }
                return .init(
                    label: r.practiceCode, value: v, lower: ci.lower, upper: ci.upper, comparison: compared(r).rawValue)
            }, reference: target ?? 0, yLabel: indicator.multiplier == 100 ? "Value (%)" : "Value")
    }

    /// Every period of the indicator for the same practices.
    func trendTable(_ ctx: PageContext, _ indicator: Indicator) -> DataTable {
        DataTable(
            id: "trend", caption: "\(groupName ?? "England"): \(indicator.name) by period",
            columns: [
                .init(title: "Period"), .init(title: "England", numeric: true),
                .init(title: groupName ?? "All practices", numeric: true), .init(title: "95% interval"),
                .init(title: "Practices", numeric: true), .init(title: "Better than England", numeric: true),
                .init(title: "Worse than England", numeric: true),
            ],
            rows: trend.map { t in
                [
                    .text(t.period), .decimal(t.england), .decimal(t.value),
                    .text(t.ci95.map { "\(svgNumber($0.lower)) to \(svgNumber($0.upper))" } ?? ""),
                    .number(t.practices), .number(t.better), .number(t.worse),
                ]
            }, fileName: "quality-\(indicator.id)-trend.csv", emptyText: "No period.")
    }

    func polarity(_ p: Polarity) -> String {
        switch p {
        case .higherIsBetter: "Higher is better"
        case .lowerIsBetter: "Lower is better"
        case .none: "Neither higher nor lower is better"
        }
    }

    func plot(_ indicator: Indicator, _ benchmark: Benchmark) -> FunnelPlot {
        let funnel = funnel
        let m = indicator.multiplier
        return FunnelPlot(
            id: "funnel", title: "\(indicator.name), \(benchmark.period): \(groupName ?? "England")'s practices",
            description:
                "Each practice's value against its denominator; limits at \(innerText) (dashed) and \(outerText) "
                + "around "
                + "\(params.comparator == .group ? "the group's" : "England's") value; green beyond the inner "
                + "limits on the better side, red beyond them on the worse side.",
            points: benchmark.rows.compactMap { r in
                r.value.map {
                    .init(
                        denominator: r.denominator, value: $0, comparison: againstFunnel(r).rawValue,
                        label: r.practiceCode)
                }
            }, target: (target ?? 0),
            limits: { n in
                guard let funnel, let a = funnel.limits(denominator: n, z: zInner),
                    let b = funnel.limits(denominator: n, z: zOuter)
                else { return nil }
                return (a.lower * m, a.upper * m, b.lower * m, b.upper * m)
            }, xLabel: "Denominator",
            yLabel: "Value (\(indicator.unit.trimmingCharacters(in: .whitespaces)))")
    }

    func form(_ ctx: PageContext) -> Node {
        H.form(
            .attr("method", "get"), .attr("action", QualityURL.quality.path), .class("filters"),
            .aria("label", "Choose the indicator, period and group")
        ) {
            Layout.field(
                "indicator", "Indicator",
                H.select(.id("indicator"), .name("indicator")) {
                    for i in indicators { H.option(i.id, i.name, selected: i.id == params.indicator) }
                })
            Layout.field(
                "period", "Period",
                H.select(.id("period"), .name("period")) {
                    for p in periods { H.option(p, p, selected: p == params.period) }
                })
            Layout.field(
                "group", "Group (code)",
                H.input(
                    .type("text"), .id("group"), .name("group"), .class("short"), .value(params.group ?? ""),
                    .aria("describedby", "group-hint")),
                hint: ("group-hint", "e.g. 16C, U89141, FED-0001; empty for England"))
            Layout.field(
                "practices", "Or a peer group",
                H.input(
                    .type("text"), .id("practices"), .name("practices"), .class("wide"),
                    .value(params.practices ?? ""), .aria("describedby", "practices-hint")),
                hint: ("practices-hint", "practice codes separated by commas, e.g. A81001, A81002, A81004"))
            Layout.field(
                "comparator", "Compare with",
                H.select(.id("comparator"), .name("comparator")) {
                    H.option("england", "England", selected: params.comparator == .england)
                    H.option("group", "The group", selected: params.comparator == .group)
                })
            Layout.field(
                "adjust", "Overdispersion",
                H.select(.id("adjust"), .name("adjust")) {
                    H.option("none", "None", selected: params.adjustment == .none)
                    H.option("multiplicative", "Multiplicative (φ)", selected: params.adjustment == .multiplicative)
                    H.option("additive", "Additive (τ²)", selected: params.adjustment == .additive)
                })
            Layout.field(
                "inner", "Inner limit (%)",
                H.input(
                    .type("number"), .id("inner"), .name("inner"), .class("short"), .attr("step", "any"),
                    .attr("min", "50"), .attr("max", "99.999"), .value(QualityPage.percent(params.inner)),
                    .aria("describedby", "limits-hint")))
            Layout.field(
                "outer", "Outer limit (%)",
                H.input(
                    .type("number"), .id("outer"), .name("outer"), .class("short"), .attr("step", "any"),
                    .attr("min", "50"), .attr("max", "99.999"), .value(QualityPage.percent(params.outer)),
                    .aria("describedby", "limits-hint")),
                hint: ("limits-hint", "the funnel's control limits; the profiles use 95 and 99.8"))
            H.button(.type("submit"), .class("button secondary")) { "Show" }
        }
    }

    var innerText: String { QualityPage.percent(params.inner) + "%" }
    var outerText: String { QualityPage.percent(params.outer) + "%" }
    var zInner: Double { Confidence.z(level: params.inner) ?? Confidence.z95 }
    var zOuter: Double { Confidence.z(level: params.outer) ?? Confidence.z998 }
}
