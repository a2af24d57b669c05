import Charts
import ConsortCore
import ConsortWeb
import Foundation
import NIOConcurrencyHelpers
import RiskSim
import Vapor

extension Finance {
    // MARK: Risk by population size

    package struct RiskParams: Sendable {
        package static let defaultPopulations = [
            5_000, 10_000, 20_000, 30_000, 50_000, 100_000, 250_000, 500_000, 1_000_000,
        ]
        package var populations = RiskParams.defaultPopulations
        package var trials = 10_000
        package var seed: UInt64 = 1
        /// The population whose spend distribution is drawn.
        package var show = 30_000

        package init(
            populations: [Int] = RiskParams.defaultPopulations, trials: Int = 10_000, seed: UInt64 = 1,
            show: Int = 30_000
        ) {
            self.populations = populations
            self.trials = trials
            self.seed = seed
            self.show = show
        }

        package var key: String {
            "risk|\(populations.map(String.init).joined(separator: ","))|\(trials)|\(seed)|\(show)"
        }
    }

    package struct Distribution: Sendable, Encodable {
        package struct Bin: Sendable, Encodable {
            package let label: String
            package let years: Int

            package init(label: String, years: Int) {
                self.label = label
                self.years = years
            }
        }
        package let population: Int
        package let budget: Double
        /// Simulated years by spend over (or under) budget, in % of budget.
        package let bins: [Bin]

        package init(population: Int, budget: Double, bins: [Bin]) {
            self.population = population
            self.budget = budget
            self.bins = bins
        }
    }

    package struct RiskResult: Sendable, Encodable {
        package let model: String
        package let meanPerHead: Double
        package let cvPerHead: Double
        package let trials: Int
        package let seed: UInt64
        package let populations: [RiskSummary]
        package let distribution: Distribution
        package let seconds: Double

        package init(
            model: String, meanPerHead: Double, cvPerHead: Double, trials: Int, seed: UInt64,
            populations: [RiskSummary], distribution: Distribution, seconds: Double
        ) {
            self.model = model
            self.meanPerHead = meanPerHead
            self.cvPerHead = cvPerHead
            self.trials = trials
            self.seed = seed
            self.populations = populations
            self.distribution = distribution
            self.seconds = seconds
        }
    }

    package static func risk(_ params: RiskParams, model: CostModel) -> RiskResult {
        let started = Date()
        let sizes = params.populations
        let (summaries, spend) = Simulator.risk(
            model: model, groups: sizes.map(Simulator.Group.init(size:)), trials: params.trials, seed: params.seed)
        let shown = sizes.firstIndex(of: params.show) ?? 0
        let budget = summaries[shown].budget
        let bins = Histogram.bins(spend[shown].map { ($0 / budget - 1) * 100 }, target: 24) { "\(signed($0))%" }
        return RiskResult(
            model: "\(model.name) v\(model.version)", meanPerHead: model.meanPerHead, cvPerHead: model.cvPerHead,
            trials: params.trials, seed: params.seed, populations: summaries,
            distribution: Distribution(
                population: sizes[shown], budget: budget, bins: bins.map { .init(label: $0.label, years: $0.count) }),
            seconds: Date().timeIntervalSince(started))
    }

    /// A number with a true minus sign, as a percentage label reads best.
    package static func signed(_ value: Double) -> String {
        let text = svgNumber(value, digits: 1)
        return text.hasPrefix("-") ? "−" + text.dropFirst() : text
    }

    // MARK: Risk of each group

    package struct GroupRiskParams: Sendable {
        package var area: String?
        package var by: GroupKind = .consortium
        package var trials = 10_000
        package var seed: UInt64 = 1

        package init(area: String? = nil, by: GroupKind = .consortium, trials: Int = 10_000, seed: UInt64 = 1) {
            self.area = area
            self.by = by
            self.trials = trials
            self.seed = seed
        }
    }

    package struct GroupRisk: Sendable, Encodable {
        package let code: String
        package let name: String
        package let weightedPatients: Double
        package let summary: RiskSummary

        package init(code: String, name: String, weightedPatients: Double, summary: RiskSummary) {
            self.code = code
            self.name = name
            self.weightedPatients = weightedPatients
            self.summary = summary
        }
    }

    /// The simulation groups of a kind within an area, need-weighted.
    package static func simulationGroups(_ params: GroupRiskParams, model: CostModel, view: RegistryView) throws
        -> [Simulator.Group]
    {
        _ = try practices(in: params.area, view)
        return ModelComparison.groups(of: params.by, within: params.area, in: view.configuration, model: model)
    }

    package static func groupRisk(_ groups: [Simulator.Group], _ params: GroupRiskParams, model: CostModel)
        -> [GroupRisk]
    {
        let summaries = Simulator.risk(model: model, groups: groups, trials: params.trials, seed: params.seed).summaries
        return groups.indices.map { i in
            GroupRisk(
                code: groups[i].code, name: groups[i].name, weightedPatients: groups[i].weightedPatients,
                summary: summaries[i])
        }
    }
}
