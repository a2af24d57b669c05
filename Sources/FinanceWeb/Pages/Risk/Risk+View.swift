import Charts
import ConsortCore
import ConsortWeb
import Foundation
import RiskSim

extension FinanceView {
    // MARK: Risk

    package enum RiskSort: String, CaseIterable, Sendable { case code, name, patients, risk }

    package static func summaryColumns(first: [DataTable.Column]) -> [DataTable.Column] {
        first + [
            .init(title: "Mean (£)", numeric: true), .init(title: "SD (£)", numeric: true),
            .init(title: "SD (% of mean)", numeric: true),
            .init(title: "Over >1%", numeric: true), .init(title: "Over >3%", numeric: true),
            .init(title: "Over >5%", numeric: true, sortKey: first.count > 1 ? "risk" : nil),
            .init(title: "Over >10%", numeric: true),
            .init(title: "VaR 1 in 20 (£)", numeric: true), .init(title: "ES 1 in 20 (£)", numeric: true),
            .init(title: "VaR 1 in 100 (£)", numeric: true),
        ]
    }

    package static let summaryKey =
        "Mean and SD: the mean and standard deviation of a year's spend. Over >5%: the chance spend exceeds budget by "
        + "more than 5% in a year. VaR 1 in 20: the overspend exceeded in one year in twenty (value at risk); ES 1 "
        + "in 20: the mean overspend in those worst years (expected shortfall)."

    package static func summaryCells(_ s: RiskSummary) -> [DataTable.Cell] {
        [
            moneyCell(s.mean), moneyCell(s.sd),
            .init(
                text: svgNumber(s.relativeSD * 100, digits: 2) + "%", csv: String(format: "%.4f", s.relativeSD * 100)),
            chanceCell(s.probability(over: 0.01)), chanceCell(s.probability(over: 0.03)),
            chanceCell(s.probability(over: 0.05)),
            chanceCell(s.probability(over: 0.10)), moneyCell(s.valueAtRisk95), moneyCell(s.expectedShortfall95),
            moneyCell(s.valueAtRisk99),
        ]
    }

    package static func sizeTable(_ r: Finance.RiskResult, _ ctx: PageContext) -> DataTable {
        DataTable(
            id: "sizes", caption: "Financial risk by population size",
            columns: summaryColumns(first: [.init(title: "Patients", numeric: true)]),
            rows: r.populations.map { [.number($0.patients)] + summaryCells($0) },
            fileName: "risk-by-size-seed\(r.seed).csv")
    }

    package static func distributionTable(_ r: Finance.RiskResult, _ ctx: PageContext) -> DataTable {
        DataTable(
            id: "distribution",
            caption: "Simulated years by spend against budget, \(grouped(r.distribution.population)) patients",
            columns: [.init(title: "Spend against budget"), .init(title: "Simulated years", numeric: true)],
            rows: r.distribution.bins.map { [.text($0.label), .number($0.years)] },
            fileName: "spend-distribution-\(r.distribution.population)-seed\(r.seed).csv")
    }

    package static func sortedGroups(_ groups: [Finance.GroupRisk], sort: RiskSort, ascending: Bool) -> [Finance
        .GroupRisk]
    {
        func ordered<T: Comparable>(_ key: (Finance.GroupRisk) -> T) -> [Finance.GroupRisk] {
            groups.sorted {
                ascending ? (key($0), $0.code) < (key($1), $1.code) : (key($0), $1.code) > (key($1), $0.code)
            }
        }
        switch sort {
        case .code: return ordered { $0.code }
        case .name: return ordered { $0.name }
        case .patients: return ordered { $0.summary.patients }
        case .risk: return ordered { $0.summary.probability(over: 0.05) }
        }
    }

    package static func groupRiskTable(
        _ groups: [Finance.GroupRisk], _ params: Finance.GroupRiskParams, _ view: RegistryView, _ ctx: PageContext,
        sort: RiskSort, ascending: Bool, page: Int?
    ) -> DataTable {
        let all = sortedGroups(groups, sort: sort, ascending: ascending)
        let rows = page.map { all.page($0, size: perPage) } ?? all[...]
        return DataTable(
            id: "groups", caption: "Financial risk of each \(params.by.singular.lowercased())",
            columns: summaryColumns(first: [
                .init(title: "Code", sortKey: "code"), .init(title: "Name", sortKey: "name"),
                .init(title: "Patients", numeric: true, sortKey: "patients"),
            ]),
            rows: rows.map { g in
                [.link(g.code, ctx.link(SiteURL.group(g.code))), .text(g.name), .number(g.summary.patients)]
                    + summaryCells(g.summary)
            },
            fileName: "risk-\(params.by.slug)-\(params.area ?? "england")-\(view.date.iso)-seed\(params.seed).csv",
            emptyText: "No \(params.by.plural.lowercased()) have member practices in this area at this date.",
            total: all.count)
    }

    package static func risk(
        _ m: RiskPage, _ ctx: PageContext
    ) -> HTMLPage {
        let (r, params, groups, groupParams) = (m.result, m.params, m.groups, m.groupParams)
        let (view, sort, ascending, page) = (m.view, m.sort, m.ascending, m.page)
        let sizeQuery: [(String, String)] = [
            ("populations", params.populations.map(String.init).joined(separator: ",")),
            ("trials", String(params.trials)),
            ("seed", String(params.seed)), ("show", String(params.show)),
        ]
        let groupQuery: [(String, String)] = [("area", groupParams.area ?? ""), ("by", groupParams.by.rawValue)]
        let query = sizeQuery + groupQuery
        let over5 = r.populations.map { ($0.patients, $0.probability(over: 0.05)) }
        return Layout.page("Financial risk by size", ctx, crumbs: crumbs(ctx), section: "finance") {
            tabs("risk")
            H.h1 { "How financial risk falls with the population covered" }
            Layout.sizeNotice(view.sizeStatus())
            H.p(.class("lede")) {
                "A year's spend simulated \(grouped(r.trials)) times against a budget equal to its expected cost. A "
                    + "few patients cost a great deal, so small budgets swing widely from year to year; a large "
                    + "population averages them out. "
                H.link(SiteURL.help.path + "#finance", "How the simulation works")
                "."
            }
            H.form(
                .attr("method", "get"), .attr("action", FinanceURL.risk.path), .class("filters"),
                .aria("label", "Population sizes")
            ) {
                Layout.field(
                    "populations", "Population sizes",
                    H.input(
                        .type("text"), .id("populations"), .name("populations"), .class("wide"),
                        .aria("describedby", "populations-hint"), .value(sizeQuery[0].1)),
                    hint: ("populations-hint", "Up to 20 sizes, separated by commas."))
                Layout.field(
                    "trials", "Simulated years",
                    H.input(
                        .type("number"), .id("trials"), .name("trials"), .class("short"),
                        .attr("min", "1000"), .attr("max", "100000"), .value(String(params.trials))))
                Layout.field(
                    "seed", "Seed",
                    H.input(
                        .type("number"), .id("seed"), .name("seed"), .class("short"), .attr("min", "0"),
                        .value(String(params.seed))))
                Layout.field(
                    "show", "Distribution for",
                    H.select(.id("show"), .name("show")) {
                        for n in params.populations {
                            H.option(String(n), grouped(n) + " patients", selected: n == params.show)
                        }
                    })
                if let area = groupParams.area { H.input(.type("hidden"), .name("area"), .value(area)) }
                H.input(.type("hidden"), .name("by"), .value(groupParams.by.rawValue))
                if ctx.dateGiven { H.input(.type("hidden"), .name("date"), .value(ctx.date.iso)) }
                H.button(.type("submit"), .class("button")) { "Simulate" }
            }
            H.div(.class("result"), .attr("role", "status")) {
                H.p {
                    H.strong { "Chance of overspending by more than 5% in a year: " }
                    over5.map { "\(chance($0.1)) at \(grouped($0.0))" }.joined(separator: "; ")
                    "."
                }
                H.p(.class("hint")) {
                    "Cost model \(r.model): \(money(r.meanPerHead)) a patient on average, coefficient of variation "
                        + "\(svgNumber(r.cvPerHead, digits: 2)) a patient. \(grouped(r.trials)) simulated years, seed "
                        + "\(r.seed): the same seed gives the same figures."
                }
            }
            H.div(.class("figure-box")) {
                Node.raw(
                    LineChart(
                        id: "overspend-chart", title: "Chance of overspending a budget, by population size",
                        description:
                            "Share of \(grouped(r.trials)) simulated years in which spend exceeds budget by more than "
                            + "1, 3, 5 and 10%, for populations from \(grouped(params.populations.first!)) to "
                            + "\(grouped(params.populations.last!)).",
                        series: RiskSummary.thresholds.map { t in
                            .init(
                                label: "over by >\(RiskSummary.key(t))",
                                points: r.populations.map { (Double($0.patients), $0.probability(over: t)) })
                        },
                        xLabel: "Registered patients (log scale)", yLabel: "Chance in a year",
                        logX: params.populations.count > 1
                            && params.populations.last! >= 10 * params.populations.first!,
                        yFormat: { svgNumber($0 * 100, digits: 1) + "%" }, width: 760, height: 360
                    ).titled)
                H.p(.class("hint")) {
                    "Bachmann and Bevan (BMJ 1996) found variation rising sharply below about 30,000 person-years; "
                        + "Jones (2009) judged fixed budgets too risky under about 100,000 people. "
                    H.link(SiteURL.costModel.path, "The calibration and its sources")
                    "."
                }
            }
            sizeTable(r, ctx).html(ctx, query: query, captionHidden: false)
            H.p(.class("hint")) { summaryKey }
            H.h2 { "A year's spend for \(grouped(r.distribution.population)) patients" }
            H.div(.class("figure-box")) {
                Node.raw(
                    Histogram(
                        id: "distribution-chart",
                        title:
                            "Simulated years by spend against budget, \(grouped(r.distribution.population)) patients",
                        description:
                            "Number of the \(grouped(r.trials)) simulated years whose spend fell in each band, as a "
                            + "percentage above or below the budget of \(money(r.distribution.budget)). The long "
                            + "right tail is the rare very costly patients.",
                        bins: r.distribution.bins.map { .init(label: $0.label, count: $0.years) },
                        xLabel: "Spend against budget", yLabel: "Simulated years"
                    ).titled)
            }
            H.details {
                H.summary { "Show the figures as a table" }
                distributionTable(r, ctx).html(ctx, query: query, captionHidden: false)
            }
            H.h2(.id("groups")) { "The risk each group carries" }
            H.p {
                "Each group of practices as a budget holder: its registered patients, weighted by need, and a budget "
                    + "equal to their expected cost."
            }
            H.form(
                .attr("method", "get"), .attr("action", FinanceURL.risk.path + "#groups"), .class("filters"),
                .aria("label", "Groups")
            ) {
                Layout.field("area", "Area", areaSelect(view, selected: groupParams.area, england: true))
                Layout.field("by", "Groups", kindSelect(GroupKind.allCases, selected: groupParams.by))
                for (k, v) in sizeQuery { H.input(.type("hidden"), .name(k), .value(v)) }
                dateField(ctx)
                H.button(.type("submit"), .class("button secondary")) { "Show" }
            }
            H.p(.attr("role", "status")) {
                let risky = groups.filter { $0.summary.probability(over: 0.05) > 0.05 }.count
                "\(grouped(groups.count)) \(groupParams.by.plural.lowercased()) in "
                    + "\(Finance.areaName(groupParams.area, view)); \(grouped(risky)) of them overspend by more than "
                    + "5% in more than one year in twenty. Expected number overspending by more than 5% in a year: "
                    + "\(svgNumber(groups.reduce(0) { $0 + $1.summary.probability(over: 0.05) }, digits: 1))."
            }
            groupRiskTable(groups, groupParams, view, ctx, sort: sort, ascending: ascending, page: page)
                .html(ctx, query: query, sort: (sort.rawValue, ascending), captionHidden: true)
            H.p(.class("hint")) { summaryKey }
            Layout.pagination(
                ctx, page: page, pageSize: perPage, total: groups.count,
                query: query + [("sort", sort.rawValue), ("dir", ascending ? "asc" : "desc")])
            H.p(.class("downloads")) {
                H.link(FinanceURL.API.risk.path(sizeQuery), "Risk by size as JSON")
                " · "
                H.link(
                    FinanceURL.API.groups.path(
                        groupQuery + [
                            ("trials", String(params.trials)), ("seed", String(params.seed)), ("date", ctx.date.iso),
                        ]), "Each group's risk as JSON")
            }
        }
    }
}
