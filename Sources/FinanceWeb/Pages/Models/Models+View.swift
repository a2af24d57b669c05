import Charts
import ConsortCore
import ConsortWeb
import Foundation
import RiskSim

extension FinanceView {
    // MARK: The four models

    package static func modelTables(_ r: Finance.ModelsResult, _ ctx: PageContext) -> [DataTable] {
        let file = "models-\(r.area)-\(r.date.iso)-seed\(r.seed)"
        let comparison = DataTable(
            id: "models", caption: "The four models compared on \(r.name)'s practices",
            columns: [
                .init(title: "Model"), .init(title: "Budget holders", numeric: true),
                .init(title: "Localities", numeric: true),
                .init(title: "Any over >5%", numeric: true), .init(title: "Expected number over >5%", numeric: true),
                .init(title: "Reserve 1 in 20 (£)", numeric: true),
                .init(title: "Reserve 1 in 100 (£)", numeric: true),
                .init(title: "Management allowance (£)", numeric: true),
                .init(title: "Management tiers (£)", numeric: true),
                .init(title: "Tiers' share", numeric: true),
            ],
            rows: r.models.map { m in
                [
                    .text(m.title), .number(m.consortia), .number(m.localities), chanceCell(m.probabilityAnyOver5),
                    .decimal(m.expectedOver5, digits: 2),
                    moneyCell(m.reserve20), moneyCell(m.reserve100), moneyCell(m.managementAllowance),
                    moneyCell(m.managementTiers), chanceCell(m.managementShare),
                ]
            },
            fileName: "\(file).csv")
        let byKind = Dictionary(uniqueKeysWithValues: r.models.map { ($0.kind, $0) })
        let small = byKind[.small]?.bodies ?? []
        let federated = byKind[.federated]?.bodies ?? []
        let agency = byKind[.agency]?.bodies ?? []
        let consortia = DataTable(
            id: "consortia", caption: "The consortia of about \(grouped(r.assumptions.smallConsortium)) patients",
            columns: [
                .init(title: "Consortium"), .init(title: "CCGs"), .init(title: "Practices", numeric: true),
                .init(title: "Patients", numeric: true),
                .init(title: "Budget (£)", numeric: true), .init(title: "Over by >5%: alone", numeric: true),
                .init(title: "Under by >5%: alone", numeric: true),
                .init(title: "Over by >5%: federated", numeric: true),
                .init(title: "Over by >5%: with the agency's pool", numeric: true),
            ],
            rows: small.indices.map { i in
                let b = small[i]
                return [
                    .text(b.name), .text(b.consortia.joined(separator: " ")), .number(b.practices.count),
                    .number(b.patients), moneyCell(b.budget),
                    chanceCell(b.probabilityOver5), chanceCell(b.probabilityUnder5),
                    i < federated.count ? chanceCell(federated[i].probabilityOver5) : .text(nil),
                    i < agency.count ? chanceCell(agency[i].probabilityOver5) : .text(nil),
                ]
            },
            fileName: "\(file)-consortia.csv")
        let localities = DataTable(
            id: "localities", caption: "The large consortium's localities and their devolved budgets",
            columns: [
                .init(title: "Locality"), .init(title: "CCGs"), .init(title: "Practices", numeric: true),
                .init(title: "Patients", numeric: true),
                .init(title: "Devolved budget (£)", numeric: true), .init(title: "Over by >5%", numeric: true),
                .init(title: "Under by >5%", numeric: true),
            ],
            rows: (byKind[.large]?.bodies ?? []).map { b in
                [
                    .text(b.name), .text(b.consortia.joined(separator: " ")), .number(b.practices.count),
                    .number(b.patients), moneyCell(b.budget),
                    chanceCell(b.probabilityOver5), chanceCell(b.probabilityUnder5),
                ]
            },
            fileName: "\(file)-localities.csv")
        let reserves = r.models.map { m in
            DataTable(
                id: "reserve-\(m.kind.rawValue)", caption: "\(m.title): simulated years by reserve needed",
                columns: [.init(title: "Reserve needed"), .init(title: "Simulated years", numeric: true)],
                rows: reserveBins(m).map { [.text($0.label), .number($0.count)] },
                fileName: "\(file)-reserve-\(m.kind.rawValue).csv")
        }
        return [comparison, consortia, localities] + reserves
    }

    package static func reserveBins(_ m: ModelComparison.Result) -> [Histogram.Bin] {
        Histogram.bins(m.reserveNeeded.map { $0 / 1e6 }, target: 16) { "£" + svgNumber($0, digits: 2) + "m" }
    }

    package static func models(_ m: ModelsPage, _ ctx: PageContext) -> HTMLPage {
        let (r, params, model, view) = (m.result, m.params, m.model, m.view)
        let a = model.assumptions
        var query: [(String, String)] = []
        if let params {
            query = [("area", params.area), ("trials", String(params.trials)), ("seed", String(params.seed))]
            if let c = params.contribution { query.append(("contribution", svgNumber(c * 100, digits: 3))) }
            if let t = params.threshold { query.append(("threshold", svgNumber(t * 100, digits: 3))) }
            if let s = params.small { query.append(("small", String(s))) }
            if let l = params.locality { query.append(("locality", String(l))) }
        }
        return Layout.page(
            r.map { "The four models: \($0.name)" } ?? "The four models", ctx, crumbs: crumbs(ctx), section: "finance"
        ) {
            tabs("models")
            H.h1 { "Four ways to organise consortia, compared on the same practices" }
            Layout.sizeNotice(view.sizeStatus())
            H.p(.class("lede")) {
                "The GPC guide (November 2010) set out four models and judged them largely on their ability to manage "
                    + "financial risk. Here each is simulated on the real practices of an area, over the same years. "
                H.link(SiteURL.help.path + "#finance", "About the models and their assumptions")
                "."
            }
            H.form(
                .attr("method", "get"), .attr("action", FinanceURL.models.path), .class("filters"),
                .aria("label", "Area and assumptions")
            ) {
                Layout.field("area", "Area", areaSelect(view, selected: params?.area, england: false))
                Layout.field(
                    "small", "Consortium size (patients)",
                    H.input(
                        .type("number"), .id("small"), .name("small"), .class("short"),
                        .attr("min", "10000"), .value(String(a.smallConsortium))))
                Layout.field(
                    "locality", "Locality size (patients)",
                    H.input(
                        .type("number"), .id("locality"), .name("locality"), .class("short"),
                        .attr("min", "5000"), .value(String(a.locality))))
                Layout.field(
                    "contribution", "Pool contribution (% of budget)",
                    H.input(
                        .type("number"), .id("contribution"), .name("contribution"), .class("short"),
                        .attr("min", "0"), .attr("max", "100"), .attr("step", "any"),
                        .value(svgNumber(a.poolContribution * 100, digits: 3))))
                Layout.field(
                    "threshold", "Pool pays beyond (% of budget)",
                    H.input(
                        .type("number"), .id("threshold"), .name("threshold"), .class("short"),
                        .attr("min", "0"), .attr("max", "100"), .attr("step", "any"),
                        .value(svgNumber(a.poolThreshold * 100, digits: 3))))
                Layout.field(
                    "trials", "Simulated years",
                    H.input(
                        .type("number"), .id("trials"), .name("trials"), .class("short"),
                        .attr("min", "1000"), .attr("max", "100000"), .value(String(params?.trials ?? 10_000))))
                Layout.field(
                    "seed", "Seed",
                    H.input(
                        .type("number"), .id("seed"), .name("seed"), .class("short"), .attr("min", "0"),
                        .value(String(params?.seed ?? 1))))
                dateField(ctx)
                H.button(.type("submit"), .class("button")) { "Compare" }
            }
            if let r {
                modelResults(r, query: query, ctx)
            } else {
                H.div(.class("callout")) {
                    H.p {
                        H.strong { "Choose an area to compare the models on its practices." }
                        " An STP or ICB of one to two million patients is the scale the GPC guide had in mind; a "
                            + "region or a single CCG works too."
                    }
                }
                H.ul {
                    for kind in ModelComparison.Kind.allCases {
                        H.li {
                            H.strong { kind.title }
                            ": "
                            modelDescription(kind, a)
                        }
                    }
                }
            }
        }
    }

    package static func modelDescription(_ kind: ModelComparison.Kind, _ a: CostModel.ModelAssumptions) -> String {
        switch kind {
        case .small:
            return
                "consortia of about \(grouped(a.smallConsortium)) patients, each holding its whole budget and carrying "
                + "its own risk."
        case .large:
            return
                "one consortium for the whole area holds the budget centrally; localities of about "
                + "\(grouped(a.locality)) patients report devolved budgets but carry no risk."
        case .federated:
            return
                "the small consortia keep their budgets, but a lead consortium commissions the low-volume, high-cost "
                + "services for all of them and holds that budget."
        case .agency:
            return
                "the small consortia each pay \(svgNumber(a.poolContribution * 100, digits: 2))% of budget into a "
                + "service agency's risk pool, which pays any overspend beyond "
                + "\(svgNumber(a.poolThreshold * 100, digits: 2))% of budget; their management support is "
                + "bought from the agency."
        }
    }

    package static func modelResults(_ r: Finance.ModelsResult, query: [(String, String)], _ ctx: PageContext) -> Node {
        let tables = modelTables(r, ctx)
        let best = r.models.min { $0.reserve100 < $1.reserve100 }
        return .fragment([
            H.div(.class("result"), .attr("role", "status")) {
                H.p {
                    H.strong { "\(r.name): \(grouped(r.practices)) practices, \(grouped(r.patients)) patients. " }
                    "Over \(grouped(r.trials)) simulated years (seed \(r.seed)), small consortia see at least one of "
                        + "them overspend by more than 5% in \(chance(r.models[0].probabilityAnyOver5)) of years."
                    if let best {
                        " The smallest 1-in-100-year reserve is needed by: \(best.title.lowercased()) "
                            + "(\(money(best.reserve100)))."
                    }
                }
            },
            tables[0].html(ctx, query: query, captionHidden: false),
            H.p(.class("hint")) {
                "Any over >5%: the chance that at least one budget holder overspends by more than 5% in a year. "
                    + "Reserve 1 in 20 and 1 in 100: the overspends of all budget holders in the year (plus any "
                    + "shortfall of the risk pool), exceeded in one year in twenty and one in a hundred. Tiers' "
                    + "share: the cost of the management tiers as a share of the management allowance."
            },
            H.div(.class("columns")) {
                H.div(.class("figure-box")) {
                    Node.raw(
                        BarChart(
                            id: "models-over5",
                            title: "Chance that any budget holder overspends by more than 5% in a year",
                            description:
                                "For each model, the share of \(grouped(r.trials)) simulated years in which at least "
                                + "one consortium overspends its budget by more than 5%.",
                            bars: r.models.map { ($0.kind.shortTitle, $0.probabilityAnyOver5) },
                            valueFormat: { chance($0) }, width: 520
                        ).titled)
                }
                H.div(.class("figure-box")) {
                    Node.raw(
                        BarChart(
                            id: "models-reserve", title: "Reserve needed for a 1-in-100 year",
                            description:
                                "For each model, the overspend (summed over budget holders, plus any shortfall of the "
                                + "risk pool) exceeded in one simulated year in a hundred.",
                            bars: r.models.map { ($0.kind.shortTitle, $0.reserve100) }, valueFormat: { millions($0) },
                            width: 520
                        ).titled)
                }
            },
            H.p(.class("hint")) {
                "The management allowance is \(money(r.models[0].managementAllowance)) (the running-cost allowance per "
                    + "patient times the patients). Management tiers: each consortium's core team, plus each "
                    + "locality's tier in the large model, the lead consortium's added function in the federated "
                    + "model, less what buying support from the agency saves; illustrative figures from the "
                    + "cost model, to change for a real area."
            },
            H.h2 { "How much reserve each model needs, year by year" },
            H.div(.class("columns two")) {
                for m in r.models {
                    H.div(.class("figure-box")) {
                        Node.raw(
                            Histogram(
                                id: "reserve-\(m.kind.rawValue)-chart", title: m.title,
                                description:
                                    "Simulated years by the reserve needed to cover the year's overspends "
                                    + "(£ million); "
                                    + "1 in 20: \(millions(m.reserve20)); 1 in 100: \(millions(m.reserve100)).",
                                bins: reserveBins(m), xLabel: "Reserve needed in the year", yLabel: "Simulated years",
                                width: 420, height: 220
                            ).titled)
                        H.p(.class("hint")) { m.notes.joined(separator: " ") }
                    }
                }
            },
            H.details {
                H.summary { "Show the figures as tables" }
                for t in tables.dropFirst(3) { t.html(ctx, query: query, captionHidden: false) }
            },
            H.h2 { "The consortia" },
            H.p {
                "Practices are kept together by CCG, then by network, and cut into consortia of about "
                    + "\(grouped(r.assumptions.smallConsortium)) patients; a remainder under half that size joins the "
                    + "last. The same consortia hold budgets in the small, federated and agency models."
            },
            tables[1].html(ctx, query: query, captionHidden: true),
            H.h2 { "The large consortium's localities" },
            tables[2].html(ctx, query: query, captionHidden: true),
            H.p(.class("downloads")) {
                H.link(FinanceURL.API.models.path(query + [("date", ctx.date.iso)]), "This comparison as JSON")
            },
        ])
    }
}
