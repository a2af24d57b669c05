import Charts
import ConsortCore
import ConsortWeb
import Foundation
import RiskSim

extension FinanceView {
    // MARK: Cost model

    package static func costModel(_ model: CostModel, _ ctx: PageContext) -> HTMLPage {
        let a = model.assumptions
        return Layout.page("Cost model", ctx, crumbs: crumbs(ctx), section: "finance") {
            tabs("cost-model")
            H.h1 { model.title }
            H.p(.class("lede")) {
                "A year's cost of care for one patient, as independent classes of events: each class has a number of "
                    + "events a year (Poisson) and a cost for each (Gamma). From these follow the mean and spread per "
                    + "patient, and the simulations on the other finance pages."
            }
            Layout.summaryList([
                ("Name and version", .text("\(model.name), version \(model.version)")),
                ("Mean cost a patient", .text(money(model.meanPerHead) + " a year")),
                (
                    "Standard deviation a patient",
                    .text(
                        money(model.variancePerHead.squareRoot())
                            + " (coefficient of variation \(svgNumber(model.cvPerHead, digits: 2)))")
                ),
                ("Patients with no costly event", .text(chance(model.shareWithNoCost) + " in a year")),
                (
                    "Budget per patient",
                    .text("\(money(model.budgetPerHead)). \(model.citation(model.budgetSource) ?? "")")
                ),
                (
                    "Management allowance",
                    .text(
                        "\(money(model.managementPerHead)) a patient. \(model.citation(model.managementSource) ?? "")")
                ),
            ])
            H.div(
                .class("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .aria("label", "Classes of care")
            ) {
                H.table {
                    H.caption { "Classes of care" }
                    H.thead {
                        H.tr {
                            for (title, numeric) in [
                                ("Class", false), ("Events a patient a year", true), ("Mean cost an event", true),
                                ("Cost variation (CV)", true),
                                ("Mean a patient", true), ("Pooled", false), ("Source", false),
                            ] {
                                H.th(.attr("scope", "col"), .class(numeric ? "num" : "")) { title }
                            }
                        }
                    }
                    H.tbody {
                        for c in model.classes {
                            H.tr {
                                H.th(.attr("scope", "row")) { c.label }
                                H.td(.class("num")) { svgNumber(c.rate, digits: 4) }
                                H.td(.class("num")) { money(c.meanCost) }
                                H.td(.class("num")) { svgNumber(c.cv, digits: 2) }
                                H.td(.class("num")) { money(c.meanPerHead) }
                                H.td {
                                    c.pooled ? "Yes: the lead consortium commissions it in the federated model" : "No"
                                }
                                H.td { c.source }
                            }
                        }
                    }
                }
            }
            H.h2 { "Need weights" }
            H.p { model.citation(model.needSource) ?? model.needSource }
            H.div(.class("table-wrap"), .attr("tabindex", "0"), .attr("role", "region"), .aria("label", "Need weights"))
            {
                H.table {
                    H.caption(.class("visually-hidden")) { "Need weight by IMD 2019 decile" }
                    H.thead {
                        H.tr {
                            H.th(.attr("scope", "col")) { "IMD 2019 decile" }
                            H.th(.attr("scope", "col"), .class("num")) { "Relative need" }
                        }
                    }
                    H.tbody {
                        for d in 1...10 {
                            H.tr {
                                H.th(.attr("scope", "row")) {
                                    d == 1 ? "1 (most deprived)" : d == 10 ? "10 (least deprived)" : String(d)
                                }
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
                (
                    "Lead consortium's added function",
                    .text(svgNumber(a.leadFunctionShare * 100, digits: 2) + "% of the pooled budget")
                ),
                (
                    "Saving from a service agency",
                    .text(svgNumber(a.agencySaving * 100, digits: 1) + "% of the core team's cost")
                ),
                (
                    "Risk pool",
                    .text(
                        "each consortium pays \(svgNumber(a.poolContribution * 100, digits: 2))% of budget; the pool "
                            + "pays overspends beyond \(svgNumber(a.poolThreshold * 100, digits: 2))% of budget"
                    )
                ),
                (
                    "Sources",
                    .text(
                        "Sizes: \(model.citation(a.sizesSource) ?? a.sizesSource) Money: "
                            + "\(model.citation(a.source) ?? a.source)"
                    )
                ),
            ])
            H.h2 { "Sources" }
            H.dl(.class("summary-list")) {
                for s in model.sources {
                    H.dt { s.id }
                    H.dd { s.citation }
                }
            }
            H.p(.class("hint")) {
                "The model is the file the server reads (CONSORT_COST_MODEL; finance/cost-model.toml in the "
                    + "repository). Change a copy to test your own calibration; docs/finance.md compares this one with "
                    + "the published findings."
            }
            H.p(.class("downloads")) { H.link(FinanceURL.API.costModel.path, "The cost model as JSON") }
        }
    }
}
