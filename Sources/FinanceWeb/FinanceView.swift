import ConsortWeb
import Charts
import ConsortCore
import Foundation
import RiskSim

/// The finance pages: allocation, risk by size and by group, the four models, and the cost model.
package enum FinanceView {
    package static let perPage = 50

    // MARK: Formatting

    package static func money(_ x: Double) -> String { (x < -0.5 ? "−£" : "£") + grouped(Int(abs(x).rounded())) }
    package static func millions(_ x: Double) -> String {
        abs(x) >= 1e9 ? "£" + String(format: "%.1f", x / 1e9) + "bn" : "£" + String(format: "%.1f", x / 1e6) + "m"
    }
    package static func pounds(_ x: Double) -> String { "£" + grouped(Int(x)) + String(format: ".%02d", Int((x * 100).rounded()) % 100) }
    /// A change as a signed percentage with one decimal: +13.7%, −4.5%, 0.0%.
    package static func change(_ x: Double) -> String {
        let text = String(format: "%.1f", x * 100)
        if text == "0.0" || text == "-0.0" { return "0.0%" }
        return (text.hasPrefix("-") ? "−" + text.dropFirst() : "+" + text) + "%"
    }
    package static func chance(_ x: Double) -> String { x > 0 && x < 0.001 ? "<0.1%" : svgNumber(x * 100, digits: 1) + "%" }

    package static func moneyCell(_ x: Double) -> DataTable.Cell { .init(text: money(x), csv: String(format: "%.0f", x)) }
    package static func changeCell(_ x: Double) -> DataTable.Cell { .init(text: change(x), csv: String(format: "%.4f", x * 100)) }
    package static func poundsCell(_ x: Double) -> DataTable.Cell { .init(text: pounds(x), csv: String(format: "%.2f", x)) }
    package static func chanceCell(_ x: Double) -> DataTable.Cell { .init(text: chance(x), csv: String(format: "%.4f", x * 100)) }

    package static func tabs(_ current: String) -> Node {
        H.nav(.class("sub-nav"), .aria("label", "Finance")) {
            H.ul {
                for (key, href, title) in [("allocation", FinanceURL.allocation.path, "Allocation"), ("risk", FinanceURL.risk.path, "Risk by size and group"),
                                           ("models", FinanceURL.models.path, "The four models"), ("cost-model", SiteURL.costModel.path, "Cost model and sources")] {
                    H.li { key == current ? H.a(href, .aria("current", "page")) { title } : H.link(href, title) }
                }
            }
        }
    }

    /// A choice of area: England (when allowed), regions, STPs/ICBs and CCGs at the date.
    package static func areaSelect(_ view: RegistryView, selected: String?, england: Bool) -> Node {
        H.select(.id("area"), .name("area")) {
            H.option("", england ? "England" : "Choose an area", selected: selected == nil)
            if let selected, let g = view.groups[selected], ![.region, .icb, .consortium].contains(g.kind) {
                H.option(selected, "\(g.name) (\(selected))", selected: true)
            }
            for kind in [GroupKind.region, .icb, .consortium] {
                H.el("optgroup", [.attr("label", kind.plural)]) {
                    for code in (view.active[kind] ?? []).sorted(by: { (view.groups[$0]?.name ?? $0) < (view.groups[$1]?.name ?? $1) }) {
                        H.option(code, "\(view.groups[code]?.name ?? code) (\(code))", selected: code == selected)
                    }
                }
            }
        }
    }

    package static func kindSelect(_ kinds: [GroupKind], selected: GroupKind) -> Node {
        H.select(.id("by"), .name("by")) {
            for kind in kinds { H.option(kind.rawValue, kind.plural, selected: kind == selected) }
        }
    }

    package static func dateField(_ ctx: PageContext) -> Node {
        Layout.field("as-at", "As at", H.input(.type("date"), .id("as-at"), .name("date"), .value(ctx.date.iso)))
    }

    package static func crumbs(_ ctx: PageContext) -> [Layout.Crumb] { [.init(title: "England", href: ctx.link(SiteURL.home.path))] }

    // MARK: Allocation

    package enum PracticeSort: String, CaseIterable, Sendable { case code, patients, budget, difference }

    package static func groupShares(_ r: Finance.AllocationResult, _ ctx: PageContext) -> DataTable {
        DataTable(
            id: "groups", caption: "Fair shares by \(r.by.abbreviation)",
            columns: [.init(title: "Code"), .init(title: "Name"), .init(title: "Practices", numeric: true), .init(title: "Patients", numeric: true),
                      .init(title: "Weighted", numeric: true), .init(title: "Fair share (£)", numeric: true),
                      .init(title: "£ a patient", numeric: true), .init(title: "Against raw capitation", numeric: true),
                      .init(title: "Management (£)", numeric: true)],
            rows: r.groups.map { g in
                [g.code.map { DataTable.Cell.link($0, ctx.link(SiteURL.group($0))) } ?? .text("–"), .text(g.name), .number(g.practices), .number(g.patients),
                 .number(Int(g.weight.rounded())), moneyCell(g.budget), poundsCell(g.patients > 0 ? g.budget / Double(g.patients) : 0),
                 changeCell(g.difference), moneyCell(g.management)]
            },
            fileName: "allocation-\(r.area ?? "england")-by-\(r.by.rawValue)-\(r.basis.rawValue)-\(r.date.iso).csv",
            emptyText: "No practice in this area has a registered list size at this date.")
    }

    package static func sortedPractices(_ r: Finance.AllocationResult, sort: PracticeSort, ascending: Bool) -> [Finance.AllocationResult.PracticeShare] {
        let key: (Finance.AllocationResult.PracticeShare) -> Double
        switch sort {
        case .code: return ascending ? r.practices : r.practices.reversed()
        case .patients: key = { Double($0.patients) }
        case .budget: key = \.budget
        case .difference: key = \.difference
        }
        return r.practices.sorted { ascending ? (key($0), $0.code) < (key($1), $1.code) : (key($0), $1.code) > (key($1), $0.code) }
    }

    /// The practices' fair shares: one page, or all of them (for CSV) when `page` is nil.
    package static func practiceShares(_ r: Finance.AllocationResult, _ ctx: PageContext, sort: PracticeSort, ascending: Bool, page: Int?) -> DataTable {
        let all = sortedPractices(r, sort: sort, ascending: ascending)
        let rows = page.map { all.page($0, size: perPage) } ?? all[...]
        return DataTable(
            id: "practices", caption: "Fair shares by practice",
            columns: [.init(title: "Code", sortKey: "code"), .init(title: "Practice"), .init(title: r.by.abbreviation), .init(title: "IMD decile", numeric: true),
                      .init(title: "Patients", numeric: true, sortKey: "patients"), .init(title: "Weighted list", numeric: true),
                      .init(title: "Need weight", numeric: true), .init(title: "Fair share (£)", numeric: true, sortKey: "budget"),
                      .init(title: "£ a patient", numeric: true), .init(title: "Against raw capitation", numeric: true, sortKey: "difference")],
            rows: rows.map { p in
                [.link(p.code, ctx.link(SiteURL.practice(p.code))), .text(p.name), p.group.map { DataTable.Cell.link($0, ctx.link(SiteURL.group($0))) } ?? .text(nil),
                 .number(p.imdDecile), .number(p.patients),
                 p.weightedList.map { .number(Int($0.rounded())) } ?? .init(text: p.estimated ? "– (average used)" : "–", csv: ""),
                 .decimal(p.need, digits: 4), moneyCell(p.budget), poundsCell(p.patients > 0 ? p.budget / Double(p.patients) : 0),
                 changeCell(p.difference)]
            },
            fileName: "allocation-practices-\(r.area ?? "england")-\(r.basis.rawValue)-\(r.date.iso).csv",
            emptyText: "No practice in this area has a registered list size at this date.", total: all.count)
    }

    package static func differenceBins(_ r: Finance.AllocationResult) -> [Histogram.Bin] {
        Histogram.bins(r.practices.map { $0.difference * 100 }, target: 20) { "\(Finance.signed($0))%" }
    }

    package static func differenceTable(_ r: Finance.AllocationResult, _ ctx: PageContext) -> DataTable {
        DataTable(id: "difference", caption: "Practices by how far their fair share is from raw capitation",
                  columns: [.init(title: "Against raw capitation"), .init(title: "Practices", numeric: true)],
                  rows: differenceBins(r).map { [.text($0.label), .number($0.count)] },
                  fileName: "allocation-difference-\(r.area ?? "england")-\(r.basis.rawValue)-\(r.date.iso).csv")
    }

    package static func allocation(_ r: Finance.AllocationResult, params: Finance.AllocationParams, model: CostModel, view: RegistryView,
                           sort: PracticeSort, ascending: Bool, page: Int, _ ctx: PageContext) -> HTMLPage {
        var query: [(String, String)] = [("area", params.area ?? ""), ("by", params.by.rawValue), ("basis", params.basis.rawValue)]
        if params.perHead != model.budgetPerHead { query.append(("per_head", svgNumber(params.perHead, digits: 2))) }
        if params.managementPerHead != model.managementPerHead { query.append(("management", svgNumber(params.managementPerHead, digits: 2))) }
        let pageQuery = query + [("sort", sort.rawValue), ("dir", ascending ? "asc" : "desc")]
        return Layout.page("Allocation: \(r.areaName)", ctx, crumbs: crumbs(ctx), section: "finance") {
            tabs("allocation")
            H.h1 { "Fair shares of a commissioning budget" }
            H.p(.class("lede")) {
                "A budget shared among practices by capitation, and summed for their groups: on the registered list, on the weighted list NHS Payments publishes, or on the registered list weighted by need. "
                H.link(SiteURL.help.path + "#finance", "How the shares are worked out")
                "."
            }
            H.form(.attr("method", "get"), .attr("action", FinanceURL.allocation.path), .class("filters"), .aria("label", "Allocation")) {
                Layout.field("area", "Area", areaSelect(view, selected: params.area, england: true))
                Layout.field("by", "Sum by", kindSelect(Finance.allocationKinds, selected: params.by))
                Layout.field("basis", "Basis", H.select(.id("basis"), .name("basis")) {
                    for b in Allocation.Basis.allCases { H.option(b.rawValue, b.title, selected: b == params.basis) }
                })
                Layout.field("per_head", "Budget £ per patient", H.input(.type("number"), .id("per_head"), .name("per_head"), .class("short"),
                                                                             .attr("min", "1"), .attr("step", "any"), .value(svgNumber(params.perHead, digits: 2))))
                Layout.field("management", "Management £ per patient", H.input(.type("number"), .id("management"), .name("management"), .class("short"),
                                                                                  .attr("min", "0"), .attr("step", "any"), .value(svgNumber(params.managementPerHead, digits: 2))))
                dateField(ctx)
                H.button(.type("submit"), .class("button")) { "Allocate" }
            }
            H.ul(.class("stats")) {
                H.li { H.span(.class("figure")) { millions(r.total) }; "budget for \(grouped(r.patients)) registered patients at \(money(r.perHead)) each" }
                H.li { H.span(.class("figure")) { millions(r.management) }; "management allowance at \(money(r.managementPerHead)) a patient" }
                H.li { H.span(.class("figure")) { chance(r.shareAway10) }; "of practices' fair shares are 10% or more from raw capitation" }
                H.li { H.span(.class("figure")) { grouped(r.practices.count) }; "practices in \(grouped(r.groups.filter { $0.code != nil }.count)) \(r.by.plural.lowercased())" }
            }
            if r.withoutListSize > 0 || r.estimated > 0 {
                H.div(.class("callout warning")) {
                    if r.withoutListSize > 0 { H.p { "\(grouped(r.withoutListSize)) practice\(r.withoutListSize == 1 ? " has" : "s have") no registered list size at this date and \(r.withoutListSize == 1 ? "is" : "are") left out." } }
                    if r.estimated > 0 { H.p { "\(grouped(r.estimated)) practice\(r.estimated == 1 ? " publishes" : "s publish") no weighted list; \(r.estimated == 1 ? "it is" : "they are") weighted at the average of the others in the area." } }
                }
            }
            H.p(.class("hint")) {
                switch r.basis {
                case .raw: "Every registered patient counts the same."
                case .weighted: "Each practice's Carr-Hill weighted list (age, sex, morbidity, list turnover, rurality and staff costs) from NHS Payments to General Practice 2021-22, as the registry holds it."
                case .need: "Each practice's registered list times the need weight of its IMD 2019 decile, from the cost model (\(model.citation(model.needSource) ?? model.needSource))."
                }
                " Budget per patient: \(model.citation(model.budgetSource) ?? model.budgetSource) Management allowance: \(model.citation(model.managementSource) ?? model.managementSource)"
            }
            H.h2 { "By \(r.by.singular.lowercased())" }
            groupShares(r, ctx).html(ctx, query: query, captionHidden: true)
            H.h2 { "How far fair shares move from raw capitation" }
            H.div(.class("figure-box")) {
                Node.raw(Histogram(id: "difference-chart", title: "Practices by how far their fair share is from raw capitation, \(r.areaName)",
                                   description: "Number of practices whose fair share on this basis is the given percentage above or below an equal amount per registered patient.",
                                   bins: differenceBins(r), xLabel: "Fair share against raw capitation", yLabel: "Practices").svg())
                H.p(.class("hint")) {
                    "Dixon et al. (BMJ 2011;343:d6608) found about a third of practices 10% or more from a person-based budget. Here \(chance(r.shareAway10)) of practices are 10% or more from raw capitation on this basis."
                }
            }
            H.details {
                H.summary { "Show the figures as a table" }
                differenceTable(r, ctx).html(ctx, query: query, captionHidden: false)
            }
            H.h2(.id("practices")) { "By practice" }
            practiceShares(r, ctx, sort: sort, ascending: ascending, page: page)
                .html(ctx, query: query, sort: (sort.rawValue, ascending), captionHidden: true)
            Layout.pagination(ctx, page: page, pageSize: perPage, total: r.practices.count, query: pageQuery)
            H.p(.class("downloads")) {
                H.link(FinanceURL.API.allocation.path(query + [("date", ctx.date.iso)]), "This allocation as JSON")
            }
        }
    }

    // MARK: Risk

    package enum RiskSort: String, CaseIterable, Sendable { case code, name, patients, risk }

    package static func summaryColumns(first: [DataTable.Column]) -> [DataTable.Column] {
        first + [.init(title: "Mean (£)", numeric: true), .init(title: "SD (£)", numeric: true), .init(title: "SD (% of mean)", numeric: true),
                 .init(title: "Over >1%", numeric: true), .init(title: "Over >3%", numeric: true),
                 .init(title: "Over >5%", numeric: true, sortKey: first.count > 1 ? "risk" : nil), .init(title: "Over >10%", numeric: true),
                 .init(title: "VaR 1 in 20 (£)", numeric: true), .init(title: "ES 1 in 20 (£)", numeric: true),
                 .init(title: "VaR 1 in 100 (£)", numeric: true)]
    }

    package static let summaryKey = "Mean and SD: the mean and standard deviation of a year's spend. Over >5%: the chance spend exceeds budget by more than 5% in a year. VaR 1 in 20: the overspend exceeded in one year in twenty (value at risk); ES 1 in 20: the mean overspend in those worst years (expected shortfall)."

    package static func summaryCells(_ s: RiskSummary) -> [DataTable.Cell] {
        [moneyCell(s.mean), moneyCell(s.sd), .init(text: svgNumber(s.relativeSD * 100, digits: 2) + "%", csv: String(format: "%.4f", s.relativeSD * 100)),
         chanceCell(s.probability(over: 0.01)), chanceCell(s.probability(over: 0.03)), chanceCell(s.probability(over: 0.05)),
         chanceCell(s.probability(over: 0.10)), moneyCell(s.valueAtRisk95), moneyCell(s.expectedShortfall95), moneyCell(s.valueAtRisk99)]
    }

    package static func sizeTable(_ r: Finance.RiskResult, _ ctx: PageContext) -> DataTable {
        DataTable(id: "sizes", caption: "Financial risk by population size",
                  columns: summaryColumns(first: [.init(title: "Patients", numeric: true)]),
                  rows: r.populations.map { [.number($0.patients)] + summaryCells($0) },
                  fileName: "risk-by-size-seed\(r.seed).csv")
    }

    package static func distributionTable(_ r: Finance.RiskResult, _ ctx: PageContext) -> DataTable {
        DataTable(id: "distribution", caption: "Simulated years by spend against budget, \(grouped(r.distribution.population)) patients",
                  columns: [.init(title: "Spend against budget"), .init(title: "Simulated years", numeric: true)],
                  rows: r.distribution.bins.map { [.text($0.label), .number($0.years)] },
                  fileName: "spend-distribution-\(r.distribution.population)-seed\(r.seed).csv")
    }

    package static func sortedGroups(_ groups: [Finance.GroupRisk], sort: RiskSort, ascending: Bool) -> [Finance.GroupRisk] {
        func ordered<T: Comparable>(_ key: (Finance.GroupRisk) -> T) -> [Finance.GroupRisk] {
            groups.sorted { ascending ? (key($0), $0.code) < (key($1), $1.code) : (key($0), $1.code) > (key($1), $0.code) }
        }
        switch sort {
        case .code: return ordered { $0.code }
        case .name: return ordered { $0.name }
        case .patients: return ordered { $0.summary.patients }
        case .risk: return ordered { $0.summary.probability(over: 0.05) }
        }
    }

    package static func groupRiskTable(_ groups: [Finance.GroupRisk], _ params: Finance.GroupRiskParams, _ view: RegistryView, _ ctx: PageContext,
                               sort: RiskSort, ascending: Bool, page: Int?) -> DataTable {
        let all = sortedGroups(groups, sort: sort, ascending: ascending)
        let rows = page.map { all.page($0, size: perPage) } ?? all[...]
        return DataTable(
            id: "groups", caption: "Financial risk of each \(params.by.singular.lowercased())",
            columns: summaryColumns(first: [.init(title: "Code", sortKey: "code"), .init(title: "Name", sortKey: "name"),
                                            .init(title: "Patients", numeric: true, sortKey: "patients")]),
            rows: rows.map { g in
                [.link(g.code, ctx.link(SiteURL.group(g.code))), .text(g.name), .number(g.summary.patients)] + summaryCells(g.summary)
            },
            fileName: "risk-\(params.by.slug)-\(params.area ?? "england")-\(view.date.iso)-seed\(params.seed).csv",
            emptyText: "No \(params.by.plural.lowercased()) have member practices in this area at this date.", total: all.count)
    }

    package static func risk(_ r: Finance.RiskResult, params: Finance.RiskParams, groups: [Finance.GroupRisk], groupParams: Finance.GroupRiskParams,
                     model: CostModel, view: RegistryView, sort: RiskSort, ascending: Bool, page: Int, _ ctx: PageContext) -> HTMLPage {
        let sizeQuery: [(String, String)] = [("populations", params.populations.map(String.init).joined(separator: ",")), ("trials", String(params.trials)),
                                             ("seed", String(params.seed)), ("show", String(params.show))]
        let groupQuery: [(String, String)] = [("area", groupParams.area ?? ""), ("by", groupParams.by.rawValue)]
        let query = sizeQuery + groupQuery
        let over5 = r.populations.map { ($0.patients, $0.probability(over: 0.05)) }
        return Layout.page("Financial risk by size", ctx, crumbs: crumbs(ctx), section: "finance") {
            tabs("risk")
            H.h1 { "How financial risk falls with the population covered" }
            H.p(.class("lede")) {
                "A year's spend simulated \(grouped(r.trials)) times against a budget equal to its expected cost. A few patients cost a great deal, so small budgets swing widely from year to year; a large population averages them out. "
                H.link(SiteURL.help.path + "#finance", "How the simulation works")
                "."
            }
            H.form(.attr("method", "get"), .attr("action", FinanceURL.risk.path), .class("filters"), .aria("label", "Population sizes")) {
                Layout.field("populations", "Population sizes", H.input(.type("text"), .id("populations"), .name("populations"), .class("wide"),
                                                                                  .aria("describedby", "populations-hint"), .value(sizeQuery[0].1)),
                                    hint: ("populations-hint", "Up to 20 sizes, separated by commas."))
                Layout.field("trials", "Simulated years", H.input(.type("number"), .id("trials"), .name("trials"), .class("short"),
                                                                       .attr("min", "1000"), .attr("max", "100000"), .value(String(params.trials))))
                Layout.field("seed", "Seed", H.input(.type("number"), .id("seed"), .name("seed"), .class("short"), .attr("min", "0"), .value(String(params.seed))))
                Layout.field("show", "Distribution for", H.select(.id("show"), .name("show")) {
                    for n in params.populations { H.option(String(n), grouped(n) + " patients", selected: n == params.show) }
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
                    "Cost model \(r.model): \(money(r.meanPerHead)) a patient on average, coefficient of variation \(svgNumber(r.cvPerHead, digits: 2)) a patient. \(grouped(r.trials)) simulated years, seed \(r.seed): the same seed gives the same figures."
                }
            }
            H.div(.class("figure-box")) {
                Node.raw(LineChart(
                    id: "overspend-chart", title: "Chance of overspending a budget, by population size",
                    description: "Share of \(grouped(r.trials)) simulated years in which spend exceeds budget by more than 1, 3, 5 and 10%, for populations from \(grouped(params.populations.first!)) to \(grouped(params.populations.last!)).",
                    series: RiskSummary.thresholds.map { t in
                        .init(label: "over by >\(RiskSummary.key(t))", points: r.populations.map { (Double($0.patients), $0.probability(over: t)) })
                    },
                    xLabel: "Registered patients (log scale)", yLabel: "Chance in a year", logX: params.populations.count > 1 && params.populations.last! >= 10 * params.populations.first!,
                    yFormat: { svgNumber($0 * 100, digits: 1) + "%" }, width: 760, height: 360).svg())
                H.p(.class("hint")) {
                    "Bachmann and Bevan (BMJ 1996) found variation rising sharply below about 30,000 person-years; Jones (2009) judged fixed budgets too risky under about 100,000 people. "
                    H.link(SiteURL.costModel.path, "The calibration and its sources")
                    "."
                }
            }
            sizeTable(r, ctx).html(ctx, query: query, captionHidden: false)
            H.p(.class("hint")) { summaryKey }
            H.h2 { "A year's spend for \(grouped(r.distribution.population)) patients" }
            H.div(.class("figure-box")) {
                Node.raw(Histogram(id: "distribution-chart", title: "Simulated years by spend against budget, \(grouped(r.distribution.population)) patients",
                                   description: "Number of the \(grouped(r.trials)) simulated years whose spend fell in each band, as a percentage above or below the budget of \(money(r.distribution.budget)). The long right tail is the rare very costly patients.",
                                   bins: r.distribution.bins.map { .init(label: $0.label, count: $0.years) },
                                   xLabel: "Spend against budget", yLabel: "Simulated years").svg())
            }
            H.details {
                H.summary { "Show the figures as a table" }
                distributionTable(r, ctx).html(ctx, query: query, captionHidden: false)
            }
            H.h2(.id("groups")) { "The risk each group carries" }
            H.p { "Each group of practices as a budget holder: its registered patients, weighted by need, and a budget equal to their expected cost." }
            H.form(.attr("method", "get"), .attr("action", FinanceURL.risk.path + "#groups"), .class("filters"), .aria("label", "Groups")) {
                Layout.field("area", "Area", areaSelect(view, selected: groupParams.area, england: true))
                Layout.field("by", "Groups", kindSelect(GroupKind.allCases, selected: groupParams.by))
                for (k, v) in sizeQuery { H.input(.type("hidden"), .name(k), .value(v)) }
                dateField(ctx)
                H.button(.type("submit"), .class("button secondary")) { "Show" }
            }
            H.p(.attr("role", "status")) {
                let risky = groups.filter { $0.summary.probability(over: 0.05) > 0.05 }.count
                "\(grouped(groups.count)) \(groupParams.by.plural.lowercased()) in \(Finance.areaName(groupParams.area, view)); \(grouped(risky)) of them overspend by more than 5% in more than one year in twenty. Expected number overspending by more than 5% in a year: \(svgNumber(groups.reduce(0) { $0 + $1.summary.probability(over: 0.05) }, digits: 1))."
            }
            groupRiskTable(groups, groupParams, view, ctx, sort: sort, ascending: ascending, page: page)
                .html(ctx, query: query, sort: (sort.rawValue, ascending), captionHidden: true)
            H.p(.class("hint")) { summaryKey }
            Layout.pagination(ctx, page: page, pageSize: perPage, total: groups.count, query: query + [("sort", sort.rawValue), ("dir", ascending ? "asc" : "desc")])
            H.p(.class("downloads")) {
                H.link(FinanceURL.API.risk.path(sizeQuery), "Risk by size as JSON")
                " · "
                H.link(FinanceURL.API.groups.path(groupQuery + [("trials", String(params.trials)), ("seed", String(params.seed)), ("date", ctx.date.iso)]), "Each group's risk as JSON")
            }
        }
    }

    // MARK: The four models

    package static func modelTables(_ r: Finance.ModelsResult, _ ctx: PageContext) -> [DataTable] {
        let file = "models-\(r.area)-\(r.date.iso)-seed\(r.seed)"
        let comparison = DataTable(
            id: "models", caption: "The four models compared on \(r.name)'s practices",
            columns: [.init(title: "Model"), .init(title: "Budget holders", numeric: true), .init(title: "Localities", numeric: true),
                      .init(title: "Any over >5%", numeric: true), .init(title: "Expected number over >5%", numeric: true),
                      .init(title: "Reserve 1 in 20 (£)", numeric: true), .init(title: "Reserve 1 in 100 (£)", numeric: true),
                      .init(title: "Management allowance (£)", numeric: true), .init(title: "Management tiers (£)", numeric: true),
                      .init(title: "Tiers' share", numeric: true)],
            rows: r.models.map { m in
                [.text(m.title), .number(m.consortia), .number(m.localities), chanceCell(m.probabilityAnyOver5), .decimal(m.expectedOver5, digits: 2),
                 moneyCell(m.reserve20), moneyCell(m.reserve100), moneyCell(m.managementAllowance), moneyCell(m.managementTiers), chanceCell(m.managementShare)]
            },
            fileName: "\(file).csv")
        let byKind = Dictionary(uniqueKeysWithValues: r.models.map { ($0.kind, $0) })
        let small = byKind[.small]?.bodies ?? [], federated = byKind[.federated]?.bodies ?? [], agency = byKind[.agency]?.bodies ?? []
        let consortia = DataTable(
            id: "consortia", caption: "The consortia of about \(grouped(r.assumptions.smallConsortium)) patients",
            columns: [.init(title: "Consortium"), .init(title: "CCGs"), .init(title: "Practices", numeric: true), .init(title: "Patients", numeric: true),
                      .init(title: "Budget (£)", numeric: true), .init(title: "Over by >5%: alone", numeric: true),
                      .init(title: "Under by >5%: alone", numeric: true), .init(title: "Over by >5%: federated", numeric: true),
                      .init(title: "Over by >5%: with the agency's pool", numeric: true)],
            rows: small.indices.map { i in
                let b = small[i]
                return [.text(b.name), .text(b.consortia.joined(separator: " ")), .number(b.practices.count), .number(b.patients), moneyCell(b.budget),
                        chanceCell(b.probabilityOver5), chanceCell(b.probabilityUnder5),
                        i < federated.count ? chanceCell(federated[i].probabilityOver5) : .text(nil),
                        i < agency.count ? chanceCell(agency[i].probabilityOver5) : .text(nil)]
            },
            fileName: "\(file)-consortia.csv")
        let localities = DataTable(
            id: "localities", caption: "The large consortium's localities and their devolved budgets",
            columns: [.init(title: "Locality"), .init(title: "CCGs"), .init(title: "Practices", numeric: true), .init(title: "Patients", numeric: true),
                      .init(title: "Devolved budget (£)", numeric: true), .init(title: "Over by >5%", numeric: true), .init(title: "Under by >5%", numeric: true)],
            rows: (byKind[.large]?.bodies ?? []).map { b in
                [.text(b.name), .text(b.consortia.joined(separator: " ")), .number(b.practices.count), .number(b.patients), moneyCell(b.budget),
                 chanceCell(b.probabilityOver5), chanceCell(b.probabilityUnder5)]
            },
            fileName: "\(file)-localities.csv")
        let reserves = r.models.map { m in
            DataTable(id: "reserve-\(m.kind.rawValue)", caption: "\(m.title): simulated years by reserve needed",
                      columns: [.init(title: "Reserve needed"), .init(title: "Simulated years", numeric: true)],
                      rows: reserveBins(m).map { [.text($0.label), .number($0.count)] },
                      fileName: "\(file)-reserve-\(m.kind.rawValue).csv")
        }
        return [comparison, consortia, localities] + reserves
    }

    package static func reserveBins(_ m: ModelComparison.Result) -> [Histogram.Bin] {
        Histogram.bins(m.reserveNeeded.map { $0 / 1e6 }, target: 16) { "£" + svgNumber($0, digits: 2) + "m" }
    }

    package static func models(_ r: Finance.ModelsResult?, params: Finance.ModelsParams?, model: CostModel, view: RegistryView, _ ctx: PageContext) -> HTMLPage {
        let a = model.assumptions
        var query: [(String, String)] = []
        if let params {
            query = [("area", params.area), ("trials", String(params.trials)), ("seed", String(params.seed))]
            if let c = params.contribution { query.append(("contribution", svgNumber(c * 100, digits: 3))) }
            if let t = params.threshold { query.append(("threshold", svgNumber(t * 100, digits: 3))) }
            if let s = params.small { query.append(("small", String(s))) }
            if let l = params.locality { query.append(("locality", String(l))) }
        }
        return Layout.page(r.map { "The four models: \($0.name)" } ?? "The four models", ctx, crumbs: crumbs(ctx), section: "finance") {
            tabs("models")
            H.h1 { "Four ways to organise consortia, compared on the same practices" }
            H.p(.class("lede")) {
                "The GPC guide (November 2010) set out four models and judged them largely on their ability to manage financial risk. Here each is simulated on the real practices of an area, over the same years. "
                H.link(SiteURL.help.path + "#finance", "About the models and their assumptions")
                "."
            }
            H.form(.attr("method", "get"), .attr("action", FinanceURL.models.path), .class("filters"), .aria("label", "Area and assumptions")) {
                Layout.field("area", "Area", areaSelect(view, selected: params?.area, england: false))
                Layout.field("small", "Consortium size (patients)", H.input(.type("number"), .id("small"), .name("small"), .class("short"),
                                                                                  .attr("min", "10000"), .value(String(a.smallConsortium))))
                Layout.field("locality", "Locality size (patients)", H.input(.type("number"), .id("locality"), .name("locality"), .class("short"),
                                                                                   .attr("min", "5000"), .value(String(a.locality))))
                Layout.field("contribution", "Pool contribution (% of budget)", H.input(.type("number"), .id("contribution"), .name("contribution"), .class("short"),
                                                                                               .attr("min", "0"), .attr("max", "100"), .attr("step", "any"), .value(svgNumber(a.poolContribution * 100, digits: 3))))
                Layout.field("threshold", "Pool pays beyond (% of budget)", H.input(.type("number"), .id("threshold"), .name("threshold"), .class("short"),
                                                                                          .attr("min", "0"), .attr("max", "100"), .attr("step", "any"), .value(svgNumber(a.poolThreshold * 100, digits: 3))))
                Layout.field("trials", "Simulated years", H.input(.type("number"), .id("trials"), .name("trials"), .class("short"),
                                                                       .attr("min", "1000"), .attr("max", "100000"), .value(String(params?.trials ?? 10_000))))
                Layout.field("seed", "Seed", H.input(.type("number"), .id("seed"), .name("seed"), .class("short"), .attr("min", "0"), .value(String(params?.seed ?? 1))))
                dateField(ctx)
                H.button(.type("submit"), .class("button")) { "Compare" }
            }
            if let r {
                modelResults(r, query: query, ctx)
            } else {
                H.div(.class("callout")) {
                    H.p { H.strong { "Choose an area to compare the models on its practices." }; " An STP or ICB of one to two million patients is the scale the GPC guide had in mind; a region or a single CCG works too." }
                }
                H.ul {
                    for kind in ModelComparison.Kind.allCases { H.li { H.strong { kind.title }; ": "; modelDescription(kind, a) } }
                }
            }
        }
    }

    package static func modelDescription(_ kind: ModelComparison.Kind, _ a: CostModel.ModelAssumptions) -> String {
        switch kind {
        case .small: return "consortia of about \(grouped(a.smallConsortium)) patients, each holding its whole budget and carrying its own risk."
        case .large: return "one consortium for the whole area holds the budget centrally; localities of about \(grouped(a.locality)) patients report devolved budgets but carry no risk."
        case .federated: return "the small consortia keep their budgets, but a lead consortium commissions the low-volume, high-cost services for all of them and holds that budget."
        case .agency: return "the small consortia each pay \(svgNumber(a.poolContribution * 100, digits: 2))% of budget into a service agency's risk pool, which pays any overspend beyond \(svgNumber(a.poolThreshold * 100, digits: 2))% of budget; their management support is bought from the agency."
        }
    }

    package static func modelResults(_ r: Finance.ModelsResult, query: [(String, String)], _ ctx: PageContext) -> Node {
        let tables = modelTables(r, ctx)
        let best = r.models.min { $0.reserve100 < $1.reserve100 }
        return .fragment([
            H.div(.class("result"), .attr("role", "status")) {
                H.p {
                    H.strong { "\(r.name): \(grouped(r.practices)) practices, \(grouped(r.patients)) patients. " }
                    "Over \(grouped(r.trials)) simulated years (seed \(r.seed)), small consortia see at least one of them overspend by more than 5% in \(chance(r.models[0].probabilityAnyOver5)) of years."
                    if let best { " The smallest 1-in-100-year reserve is needed by: \(best.title.lowercased()) (\(money(best.reserve100)))." }
                }
            },
            tables[0].html(ctx, query: query, captionHidden: false),
            H.p(.class("hint")) {
                "Any over >5%: the chance that at least one budget holder overspends by more than 5% in a year. Reserve 1 in 20 and 1 in 100: the overspends of all budget holders in the year (plus any shortfall of the risk pool), exceeded in one year in twenty and one in a hundred. Tiers' share: the cost of the management tiers as a share of the management allowance."
            },
            H.div(.class("columns")) {
                H.div(.class("figure-box")) {
                    Node.raw(BarChart(id: "models-over5", title: "Chance that any budget holder overspends by more than 5% in a year",
                                      description: "For each model, the share of \(grouped(r.trials)) simulated years in which at least one consortium overspends its budget by more than 5%.",
                                      bars: r.models.map { ($0.kind.shortTitle, $0.probabilityAnyOver5) }, valueFormat: { chance($0) }, width: 520).svg())
                }
                H.div(.class("figure-box")) {
                    Node.raw(BarChart(id: "models-reserve", title: "Reserve needed for a 1-in-100 year",
                                      description: "For each model, the overspend (summed over budget holders, plus any shortfall of the risk pool) exceeded in one simulated year in a hundred.",
                                      bars: r.models.map { ($0.kind.shortTitle, $0.reserve100) }, valueFormat: { millions($0) }, width: 520).svg())
                }
            },
            H.p(.class("hint")) {
                "The management allowance is \(money(r.models[0].managementAllowance)) (the running-cost allowance per patient times the patients). Management tiers: each consortium's core team, plus each locality's tier in the large model, the lead consortium's added function in the federated model, less what buying support from the agency saves; illustrative figures from the cost model, to change for a real area."
            },
            H.h2 { "How much reserve each model needs, year by year" },
            H.div(.class("columns two")) {
                for m in r.models {
                    H.div(.class("figure-box")) {
                        Node.raw(Histogram(id: "reserve-\(m.kind.rawValue)-chart", title: m.title,
                                           description: "Simulated years by the reserve needed to cover the year's overspends (£ million); 1 in 20: \(millions(m.reserve20)); 1 in 100: \(millions(m.reserve100)).",
                                           bins: reserveBins(m), xLabel: "Reserve needed in the year", yLabel: "Simulated years", width: 420, height: 220).svg())
                        H.p(.class("hint")) { m.notes.joined(separator: " ") }
                    }
                }
            },
            H.details {
                H.summary { "Show the figures as tables" }
                for t in tables.dropFirst(3) { t.html(ctx, query: query, captionHidden: false) }
            },
            H.h2 { "The consortia" },
            H.p { "Practices are kept together by CCG, then by network, and cut into consortia of about \(grouped(r.assumptions.smallConsortium)) patients; a remainder under half that size joins the last. The same consortia hold budgets in the small, federated and agency models." },
            tables[1].html(ctx, query: query, captionHidden: true),
            H.h2 { "The large consortium's localities" },
            tables[2].html(ctx, query: query, captionHidden: true),
            H.p(.class("downloads")) {
                H.link(FinanceURL.API.models.path(query + [("date", ctx.date.iso)]), "This comparison as JSON")
            },
        ])
    }

    // MARK: Cost model

    package static func costModel(_ model: CostModel, _ ctx: PageContext) -> HTMLPage {
        let a = model.assumptions
        return Layout.page("Cost model", ctx, crumbs: crumbs(ctx), section: "finance") {
            tabs("cost-model")
            H.h1 { model.title }
            H.p(.class("lede")) {
                "A year's cost of care for one patient, as independent classes of events: each class has a number of events a year (Poisson) and a cost for each (Gamma). From these follow the mean and spread per patient, and the simulations on the other finance pages."
            }
            Layout.summaryList([
                ("Name and version", .text("\(model.name), version \(model.version)")),
                ("Mean cost a patient", .text(money(model.meanPerHead) + " a year")),
                ("Standard deviation a patient", .text(money(model.variancePerHead.squareRoot()) + " (coefficient of variation \(svgNumber(model.cvPerHead, digits: 2)))")),
                ("Patients with no costly event", .text(chance(model.shareWithNoCost) + " in a year")),
                ("Budget per patient", .text("\(money(model.budgetPerHead)). \(model.citation(model.budgetSource) ?? "")")),
                ("Management allowance", .text("\(money(model.managementPerHead)) a patient. \(model.citation(model.managementSource) ?? "")")),
            ])
            H.div(.class("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .aria("label", "Classes of care")) {
                H.table {
                    H.caption { "Classes of care" }
                    H.thead { H.tr {
                        for (title, numeric) in [("Class", false), ("Events a patient a year", true), ("Mean cost an event", true), ("Cost variation (CV)", true),
                                                 ("Mean a patient", true), ("Pooled", false), ("Source", false)] {
                            H.th(.attr("scope", "col"), .class(numeric ? "num" : "")) { title }
                        }
                    } }
                    H.tbody {
                        for c in model.classes {
                            H.tr {
                                H.th(.attr("scope", "row")) { c.label }
                                H.td(.class("num")) { svgNumber(c.rate, digits: 4) }
                                H.td(.class("num")) { money(c.meanCost) }
                                H.td(.class("num")) { svgNumber(c.cv, digits: 2) }
                                H.td(.class("num")) { money(c.meanPerHead) }
                                H.td { c.pooled ? "Yes: the lead consortium commissions it in the federated model" : "No" }
                                H.td { c.source }
                            }
                        }
                    }
                }
            }
            H.h2 { "Need weights" }
            H.p { model.citation(model.needSource) ?? model.needSource }
            H.div(.class("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .aria("label", "Need weights")) {
                H.table {
                    H.caption(.class("visually-hidden")) { "Need weight by IMD 2019 decile" }
                    H.thead { H.tr {
                        H.th(.attr("scope", "col")) { "IMD 2019 decile" }
                        H.th(.attr("scope", "col"), .class("num")) { "Relative need" }
                    } }
                    H.tbody {
                        for d in 1...10 {
                            H.tr {
                                H.th(.attr("scope", "row")) { d == 1 ? "1 (most deprived)" : d == 10 ? "10 (least deprived)" : String(d) }
                                H.td(.class("num")) { svgNumber(model.needWeights[d] ?? 1, digits: 4) }
                            }
                        }
                    }
                }
            }
            H.h2 { "Assumptions of the four-model comparison" }
            Layout.summaryList([
                ("Consortium size", .text(grouped(a.smallConsortium) + " patients")),
                ("Locality size", .text(grouped(a.locality) + " patients")),
                ("Core management team", .text(money(a.coreManagementCost) + " a consortium a year")),
                ("Locality tier", .text(money(a.localityTierCost) + " a locality a year")),
                ("Lead consortium's added function", .text(svgNumber(a.leadFunctionShare * 100, digits: 2) + "% of the pooled budget")),
                ("Saving from a service agency", .text(svgNumber(a.agencySaving * 100, digits: 1) + "% of the core team's cost")),
                ("Risk pool", .text("each consortium pays \(svgNumber(a.poolContribution * 100, digits: 2))% of budget; the pool pays overspends beyond \(svgNumber(a.poolThreshold * 100, digits: 2))% of budget")),
                ("Sources", .text("Sizes: \(model.citation(a.sizesSource) ?? a.sizesSource) Money: \(model.citation(a.source) ?? a.source)")),
            ])
            H.h2 { "Sources" }
            H.dl(.class("summary-list")) {
                for s in model.sources {
                    H.dt { s.id }
                    H.dd { s.citation }
                }
            }
            H.p(.class("hint")) {
                "The model is the file the server reads (CONSORT_COST_MODEL; finance/cost-model.toml in the repository). Change a copy to test your own calibration; docs/finance.md compares this one with the published findings."
            }
            H.p(.class("downloads")) { H.link(FinanceURL.API.costModel.path, "The cost model as JSON") }
        }
    }
}
