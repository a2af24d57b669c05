import Charts
import ConsortCore
import ConsortWeb
import Foundation
import RiskSim

extension FinanceView {
    // MARK: Allocation

    package enum PracticeSort: String, CaseIterable, Sendable { case code, patients, budget, difference }

    package static func groupShares(_ r: Finance.AllocationResult, _ ctx: PageContext) -> DataTable {
        DataTable(
            id: "groups", caption: "Fair shares by \(r.by.abbreviation)",
            columns: [
                .init(title: "Code"), .init(title: "Name"), .init(title: "Practices", numeric: true),
                .init(title: "Patients", numeric: true),
                .init(title: "Weighted", numeric: true), .init(title: "Fair share (£)", numeric: true),
                .init(title: "£ a patient", numeric: true), .init(title: "Against raw capitation", numeric: true),
                .init(title: "Management (£)", numeric: true),
            ],
            rows: r.groups.map { g in
                [
                    g.code.map { DataTable.Cell.link($0, ctx.link(SiteURL.group($0))) } ?? .text("–"), .text(g.name),
                    .number(g.practices), .number(g.patients),
                    .number(Int(g.weight.rounded())), moneyCell(g.budget),
                    poundsCell(g.patients > 0 ? g.budget / Double(g.patients) : 0),
                    changeCell(g.difference), moneyCell(g.management),
                ]
            },
            fileName: "allocation-\(r.area ?? "england")-by-\(r.by.rawValue)-\(r.basis.rawValue)-\(r.date.iso).csv",
            emptyText: "No practice in this area has a registered list size at this date.")
    }

    package static func sortedPractices(_ r: Finance.AllocationResult, sort: PracticeSort, ascending: Bool) -> [Finance
        .AllocationResult.PracticeShare]
    {
        let key: (Finance.AllocationResult.PracticeShare) -> Double
        switch sort {
        case .code: return ascending ? r.practices : r.practices.reversed()
        case .patients: key = { Double($0.patients) }
        case .budget: key = \.budget
        case .difference: key = \.difference
        }
        return r.practices.sorted {
            ascending ? (key($0), $0.code) < (key($1), $1.code) : (key($0), $1.code) > (key($1), $0.code)
        }
    }

    /// The practices' fair shares: one page, or all of them (for CSV) when `page` is nil.
    package static func practiceShares(
        _ r: Finance.AllocationResult, _ ctx: PageContext, sort: PracticeSort, ascending: Bool, page: Int?
    ) -> DataTable {
        let all = sortedPractices(r, sort: sort, ascending: ascending)
        let rows = page.map { all.page($0, size: perPage) } ?? all[...]
        return DataTable(
            id: "practices", caption: "Fair shares by practice",
            columns: [
                .init(title: "Code", sortKey: "code"), .init(title: "Practice"), .init(title: r.by.abbreviation),
                .init(title: "IMD decile", numeric: true),
                .init(title: "Patients", numeric: true, sortKey: "patients"),
                .init(title: "Weighted list", numeric: true),
                .init(title: "Need weight", numeric: true),
                .init(title: "Fair share (£)", numeric: true, sortKey: "budget"),
                .init(title: "£ a patient", numeric: true),
                .init(title: "Against raw capitation", numeric: true, sortKey: "difference"),
            ],
            rows: rows.map { p in
                [
                    .link(p.code, ctx.link(SiteURL.practice(p.code))), .text(p.name),
                    p.group.map { DataTable.Cell.link($0, ctx.link(SiteURL.group($0))) } ?? .text(nil),
                    .number(p.imdDecile), .number(p.patients),
                    p.weightedList.map { .number(Int($0.rounded())) }
                        ?? .init(text: p.estimated ? "– (average used)" : "–", csv: ""),
                    .decimal(p.need, digits: 4), moneyCell(p.budget),
                    poundsCell(p.patients > 0 ? p.budget / Double(p.patients) : 0),
                    changeCell(p.difference),
                ]
            },
            fileName: "allocation-practices-\(r.area ?? "england")-\(r.basis.rawValue)-\(r.date.iso).csv",
            emptyText: "No practice in this area has a registered list size at this date.", total: all.count)
    }

    package static func differenceBins(_ r: Finance.AllocationResult) -> [Histogram.Bin] {
        Histogram.bins(r.practices.map { $0.difference * 100 }, target: 20) { "\(Finance.signed($0))%" }
    }

    package static func differenceTable(_ r: Finance.AllocationResult, _ ctx: PageContext) -> DataTable {
        DataTable(
            id: "difference", caption: "Practices by how far their fair share is from raw capitation",
            columns: [.init(title: "Against raw capitation"), .init(title: "Practices", numeric: true)],
            rows: differenceBins(r).map { [.text($0.label), .number($0.count)] },
            fileName: "allocation-difference-\(r.area ?? "england")-\(r.basis.rawValue)-\(r.date.iso).csv")
    }

    package static func allocation(_ m: AllocationPage, _ ctx: PageContext) -> HTMLPage {
        let (r, params, model, view) = (m.result, m.params, m.model, m.view)
        let (sort, ascending, page) = (m.sort, m.ascending, m.page)
        var query: [(String, String)] = [
            ("area", params.area ?? ""), ("by", params.by.rawValue), ("basis", params.basis.rawValue),
        ]
        if params.perHead != model.budgetPerHead { query.append(("per_head", svgNumber(params.perHead, digits: 2))) }
        if params.managementPerHead != model.managementPerHead {
            query.append(("management", svgNumber(params.managementPerHead, digits: 2)))
        }
        let pageQuery = query + [("sort", sort.rawValue), ("dir", ascending ? "asc" : "desc")]
        return Layout.page("Allocation: \(r.areaName)", ctx, crumbs: crumbs(ctx), section: "finance") {
            tabs("allocation")
            H.h1 { "Fair shares of a commissioning budget" }
            Layout.sizeNotice(view.sizeStatus())
            H.p(.class("lede")) {
                "A budget shared among practices by capitation, and summed for their groups: on the registered list, "
                    + "on the weighted list NHS Payments publishes, or on the registered list weighted by need. "
                H.link(SiteURL.help.path + "#finance", "How the shares are worked out")
                "."
            }
            H.form(
                .attr("method", "get"), .attr("action", FinanceURL.allocation.path), .class("filters"),
                .aria("label", "Allocation")
            ) {
                Layout.field("area", "Area", areaSelect(view, selected: params.area, england: true))
                Layout.field("by", "Sum by", kindSelect(Finance.allocationKinds, selected: params.by))
                Layout.field(
                    "basis", "Basis",
                    H.select(.id("basis"), .name("basis")) {
                        for b in Allocation.Basis.allCases {
                            H.option(b.rawValue, b.title, selected: b == params.basis)
                        }
                    })
                Layout.field(
                    "per_head", "Budget £ per patient",
                    H.input(
                        .type("number"), .id("per_head"), .name("per_head"), .class("short"),
                        .attr("min", "1"), .attr("step", "any"), .value(svgNumber(params.perHead, digits: 2))))
                Layout.field(
                    "management", "Management £ per patient",
                    H.input(
                        .type("number"), .id("management"), .name("management"), .class("short"),
                        .attr("min", "0"), .attr("step", "any"), .value(svgNumber(params.managementPerHead, digits: 2)))
                )
                dateField(ctx)
                H.button(.type("submit"), .class("button")) { "Allocate" }
            }
            H.ul(.class("stats")) {
                H.li {
                    H.span(.class("figure")) { millions(r.total) }
                    "budget for \(grouped(r.patients)) registered patients at \(money(r.perHead)) each"
                }
                H.li {
                    H.span(.class("figure")) { millions(r.management) }
                    "management allowance at \(money(r.managementPerHead)) a patient"
                }
                H.li {
                    H.span(.class("figure")) { chance(r.shareAway10) }
                    "of practices' fair shares are 10% or more from raw capitation"
                }
                H.li {
                    H.span(.class("figure")) { grouped(r.practices.count) }
                    "practices in \(grouped(r.groups.filter { $0.code != nil }.count)) \(r.by.plural.lowercased())"
                }
            }
            if r.withoutListSize > 0 || r.estimated > 0 {
                H.div(.class("callout warning")) {
                    if r.withoutListSize > 0 {
                        H.p {
                            "\(grouped(r.withoutListSize)) practice\(r.withoutListSize == 1 ? " has" : "s have") no "
                                + "registered list size at this date and \(r.withoutListSize == 1 ? "is" : "are") left "
                                + "out."
                        }
                    }
                    if r.estimated > 0 {
                        H.p {
                            "\(grouped(r.estimated)) practice\(r.estimated == 1 ? " publishes" : "s publish") no "
                                + "weighted list; \(r.estimated == 1 ? "it is" : "they are") weighted at the average "
                                + "of the others in the area."
                        }
                    }
                }
            }
            H.p(.class("hint")) {
                switch r.basis {
                case .raw: "Every registered patient counts the same."
                case .weighted:
                    "Each practice's Carr-Hill weighted list (age, sex, morbidity, list turnover, rurality and staff "
                        + "costs) from NHS Payments to General Practice 2021-22, as the registry holds it."
                case .need:
                    "Each practice's registered list times the need weight of its IMD 2019 decile, from the cost model "
                        + "(\(model.citation(model.needSource) ?? model.needSource))."
                }
                " Budget per patient: \(model.citation(model.budgetSource) ?? model.budgetSource) Management "
                    + "allowance: \(model.citation(model.managementSource) ?? model.managementSource)"
            }
            H.h2 { "By \(r.by.singular.lowercased())" }
            groupShares(r, ctx).html(ctx, query: query, captionHidden: true)
            H.h2 { "How far fair shares move from raw capitation" }
            H.div(.class("figure-box")) {
                Node.raw(
                    Histogram(
                        id: "difference-chart",
                        title: "Practices by how far their fair share is from raw capitation, \(r.areaName)",
                        description:
                            "Number of practices whose fair share on this basis is the given percentage above or below "
                            + "an equal amount per registered patient.",
                        bins: differenceBins(r), xLabel: "Fair share against raw capitation", yLabel: "Practices"
                    ).titled)
                H.p(.class("hint")) {
                    "Dixon et al. (BMJ 2011;343:d6608) found about a third of practices 10% or more from a "
                        + "person-based budget. Here \(chance(r.shareAway10)) of practices are 10% or more from raw "
                        + "capitation on this basis."
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
}
