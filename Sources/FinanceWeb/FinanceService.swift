import ConsortWeb
import Charts
import ConsortCore
import Foundation
import NIOConcurrencyHelpers
import RiskSim
import Vapor

/// The cost model (read again only when its file changes), and simulation results cached by
/// what they were computed from. Simulations run on the application's thread pool, never on an
/// event loop.
package final class FinanceService: Sendable {
    private struct State {
        package var model: (modified: Date, model: CostModel)?
        package var results: [String: any Sendable] = [:]
        package var order: [String] = []
    }

    private let state = NIOLockedValueBox(State())
    package let url: URL?

    package init(costModel url: URL?) { self.url = url }

    /// The cost model, or a clear error when none is installed or the file is wrong.
    package func model() throws -> CostModel {
        guard let url else {
            throw Abort(.serviceUnavailable, reason: "No cost model is installed. Set CONSORT_COST_MODEL to a file like the repository's finance/cost-model.toml.")
        }
        let modified = (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? .distantPast
        if let cached = state.withLockedValue({ $0.model }), cached.modified == modified { return cached.model }
        do {
            let model = try CostModelReader.read(contentsOf: url)
            // Results computed from an older version of the file are dropped with it.
            state.withLockedValue { $0 = State(model: (modified, model)) }
            return model
        } catch {
            throw Abort(.internalServerError, reason: "The cost model file cannot be used: \(error). Correct it, or ask your system administrator.")
        }
    }

    /// A result computed once per key (the last 24 are kept), on the thread pool.
    package func cached<T: Sendable>(_ key: String, pool: NIOThreadPool, _ make: @escaping @Sendable () throws -> T) async throws -> T {
        if let hit = state.withLockedValue({ $0.results[key] }) as? T { return hit }
        let value = try await pool.runIfActive(make)
        state.withLockedValue { s in
            if s.results[key] == nil { s.order.append(key) }
            s.results[key] = value
            if s.order.count > 24 { s.results[s.order.removeFirst()] = nil }
        }
        return value
    }
}

package struct FinanceServiceKey: StorageKey { package typealias Value = FinanceService }

extension Application {
    package var finance: FinanceService { storage[FinanceServiceKey.self]! }
}

/// The computations behind the finance pages and API, on a registry view.
package enum Finance {
    /// The kinds a budget can be summed by: each practice belongs to at most one group of each.
    package static let allocationKinds: [GroupKind] = [.region, .icb, .consortium, .locality, .network]

    /// The practices of an area (a group's members at the date, or all of England), in code order.
    package static func practices(in area: String?, _ view: RegistryView) throws -> [Int] {
        guard let area else { return Array(view.practices.indices) }
        guard let group = view.groups[area], !group.members.isEmpty else {
            throw BadParameter(name: "area", value: area, expected: "use the code of a region, STP/ICB, CCG, locality, network or federation with member practices on \(view.date.long), or leave it out for England")
        }
        return group.members.sorted()
    }

    package static func areaName(_ area: String?, _ view: RegistryView) -> String {
        area.flatMap { view.groups[$0]?.name } ?? "England"
    }

    // MARK: Allocation

    package struct AllocationParams: Sendable {
        package var area: String?
        package var by: GroupKind = .consortium
        package var basis: Allocation.Basis = .weighted
        package var perHead: Double
        package var managementPerHead: Double

        package init(area: String? = nil, by: GroupKind = .consortium, basis: Allocation.Basis = .weighted, perHead: Double, managementPerHead: Double) {
            self.area = area
            self.by = by
            self.basis = basis
            self.perHead = perHead
            self.managementPerHead = managementPerHead
        }
    }

    package struct AllocationResult: Sendable, Encodable {
        package struct GroupShare: Sendable, Encodable {
            /// Nil for the practices in no group of the kind.
            package let code: String?
            package let name: String
            package let practices: Int
            package let patients: Int
            package let weight: Double
            package let budget: Double
            package let rawBudget: Double
            package let difference: Double
            package let management: Double

            package init(code: String?, name: String, practices: Int, patients: Int, weight: Double, budget: Double, rawBudget: Double, difference: Double, management: Double) {
                self.code = code
                self.name = name
                self.practices = practices
                self.patients = patients
                self.weight = weight
                self.budget = budget
                self.rawBudget = rawBudget
                self.difference = difference
                self.management = management
            }
        }

        package struct PracticeShare: Sendable, Encodable {
            package let code: String
            package let name: String
            package let group: String?
            package let imdDecile: Int?
            package let patients: Int
            package let weightedList: Double?
            package let need: Double
            package let weight: Double
            package let budget: Double
            package let rawBudget: Double
            package let difference: Double
            package let estimated: Bool

            package init(code: String, name: String, group: String?, imdDecile: Int?, patients: Int, weightedList: Double?, need: Double, weight: Double, budget: Double, rawBudget: Double, difference: Double, estimated: Bool) {
                self.code = code
                self.name = name
                self.group = group
                self.imdDecile = imdDecile
                self.patients = patients
                self.weightedList = weightedList
                self.need = need
                self.weight = weight
                self.budget = budget
                self.rawBudget = rawBudget
                self.difference = difference
                self.estimated = estimated
            }
        }

        package let date: Day
        package let area: String?
        package let areaName: String
        package let by: GroupKind
        package let basis: Allocation.Basis
        package let perHead: Double
        package let total: Double
        package let managementPerHead: Double
        package let management: Double
        package let patients: Int
        /// Practices left out for want of a registered list size.
        package let withoutListSize: Int
        /// Practices weighted at the average because they publish no weighted list.
        package let estimated: Int
        /// The share of practices 10% or more from raw capitation (Dixon et al. 2011).
        package let shareAway10: Double
        package let groups: [GroupShare]
        package let practices: [PracticeShare]

        package init(date: Day, area: String?, areaName: String, by: GroupKind, basis: Allocation.Basis, perHead: Double, total: Double, managementPerHead: Double, management: Double, patients: Int, withoutListSize: Int, estimated: Int, shareAway10: Double, groups: [GroupShare], practices: [PracticeShare]) {
            self.date = date
            self.area = area
            self.areaName = areaName
            self.by = by
            self.basis = basis
            self.perHead = perHead
            self.total = total
            self.managementPerHead = managementPerHead
            self.management = management
            self.patients = patients
            self.withoutListSize = withoutListSize
            self.estimated = estimated
            self.shareAway10 = shareAway10
            self.groups = groups
            self.practices = practices
        }
    }

    package static func allocation(_ params: AllocationParams, model: CostModel, view: RegistryView) throws -> AllocationResult {
        let indices = try practices(in: params.area, view)
        let counted = indices.filter { (view.practices[$0].listSize ?? 0) > 0 }
        let inputs = counted.map { i in
            let p = view.practices[i]
            return Allocation.Practice(code: p.code, patients: p.listSize!, weightedList: p.weightedListSize, need: model.need(decile: p.imdDecile))
        }
        let patients = inputs.reduce(0) { $0 + $1.patients }
        let total = params.perHead * Double(patients)
        let shares = Allocation.allocate(inputs, basis: params.basis, total: total)
        let practiceShares = counted.indices.map { j in
            let p = view.practices[counted[j]], s = shares[j]
            return AllocationResult.PracticeShare(
                code: p.code, name: p.name, group: p.groups[params.by], imdDecile: p.imdDecile, patients: s.patients,
                weightedList: p.weightedListSize, need: inputs[j].need, weight: s.weight, budget: s.budget,
                rawBudget: s.rawBudget, difference: s.difference, estimated: s.estimated)
        }
        var byGroup: [String: [AllocationResult.PracticeShare]] = [:]
        for s in practiceShares { byGroup[s.group ?? "", default: []].append(s) }
        let groups = byGroup.keys.sorted { ($0.isEmpty ? 1 : 0, $0) < ($1.isEmpty ? 1 : 0, $1) }.map { code in
            let members = byGroup[code]!
            let budget = members.reduce(0) { $0 + $1.budget }, raw = members.reduce(0) { $0 + $1.rawBudget }
            let groupPatients = members.reduce(0) { $0 + $1.patients }
            return AllocationResult.GroupShare(
                code: code.isEmpty ? nil : code, name: code.isEmpty ? "In no \(params.by.abbreviation)" : view.groups[code]?.name ?? code,
                practices: members.count, patients: groupPatients, weight: members.reduce(0) { $0 + $1.weight }, budget: budget, rawBudget: raw,
                difference: raw > 0 ? budget / raw - 1 : 0, management: Double(groupPatients) * params.managementPerHead)
        }
        return AllocationResult(
            date: view.date, area: params.area, areaName: areaName(params.area, view), by: params.by, basis: params.basis,
            perHead: params.perHead, total: total, managementPerHead: params.managementPerHead,
            management: Double(patients) * params.managementPerHead, patients: patients, withoutListSize: indices.count - counted.count,
            estimated: params.basis == .weighted ? shares.filter(\.estimated).count : 0,
            shareAway10: Allocation.shareAway(shares, by: 0.10), groups: groups, practices: practiceShares)
    }

    // MARK: Risk by population size

    package struct RiskParams: Sendable {
        package static let defaultPopulations = [5_000, 10_000, 20_000, 30_000, 50_000, 100_000, 250_000, 500_000, 1_000_000]
        package var populations = RiskParams.defaultPopulations
        package var trials = 10_000
        package var seed: UInt64 = 1
        /// The population whose spend distribution is drawn.
        package var show = 30_000

        package var key: String { "risk|\(populations.map(String.init).joined(separator: ","))|\(trials)|\(seed)|\(show)" }
    }

    package struct Distribution: Sendable, Encodable {
        package struct Bin: Sendable, Encodable { package let label: String; package let years: Int 

package init(label: String, years: Int) {
    self.label = label
    self.years = years
}}
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

        package init(model: String, meanPerHead: Double, cvPerHead: Double, trials: Int, seed: UInt64, populations: [RiskSummary], distribution: Distribution, seconds: Double) {
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
        let (summaries, spend) = Simulator.risk(model: model, groups: sizes.map(Simulator.Group.init(size:)), trials: params.trials, seed: params.seed)
        let shown = sizes.firstIndex(of: params.show) ?? 0
        let budget = summaries[shown].budget
        let bins = Histogram.bins(spend[shown].map { ($0 / budget - 1) * 100 }, target: 24) { "\(signed($0))%" }
        return RiskResult(model: "\(model.name) v\(model.version)", meanPerHead: model.meanPerHead, cvPerHead: model.cvPerHead,
                          trials: params.trials, seed: params.seed, populations: summaries,
                          distribution: Distribution(population: sizes[shown], budget: budget, bins: bins.map { .init(label: $0.label, years: $0.count) }),
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
    package static func simulationGroups(_ params: GroupRiskParams, model: CostModel, view: RegistryView) throws -> [Simulator.Group] {
        _ = try practices(in: params.area, view)
        return ModelComparison.groups(of: params.by, within: params.area, in: view.configuration, model: model)
    }

    package static func groupRisk(_ groups: [Simulator.Group], _ params: GroupRiskParams, model: CostModel) -> [GroupRisk] {
        let summaries = Simulator.risk(model: model, groups: groups, trials: params.trials, seed: params.seed).summaries
        return groups.indices.map { i in
            GroupRisk(code: groups[i].code, name: groups[i].name, weightedPatients: groups[i].weightedPatients, summary: summaries[i])
        }
    }

    // MARK: The four models

    package struct ModelsParams: Sendable {
        package var area: String
        package var trials = 10_000
        package var seed: UInt64 = 1
        /// Overrides of the cost model's assumptions, as fractions and patients.
        package var contribution: Double?
        package var threshold: Double?
        package var small: Int?
        package var locality: Int?

        package func apply(to model: CostModel) -> CostModel {
            var m = model
            if let contribution { m.assumptions.poolContribution = contribution }
            if let threshold { m.assumptions.poolThreshold = threshold }
            if let small { m.assumptions.smallConsortium = small }
            if let locality { m.assumptions.locality = locality }
            return m
        }

        package init(area: String, trials: Int = 10_000, seed: UInt64 = 1, contribution: Double? = nil, threshold: Double? = nil, small: Int? = nil, locality: Int? = nil) {
            self.area = area
            self.trials = trials
            self.seed = seed
            self.contribution = contribution
            self.threshold = threshold
            self.small = small
            self.locality = locality
        }
    }

    package struct ModelsResult: Sendable, Encodable {
        package let date: Day
        package let area: String
        package let name: String
        package let practices: Int
        package let patients: Int
        package let trials: Int
        package let seed: UInt64
        package let assumptions: CostModel.ModelAssumptions
        package let models: [ModelComparison.Result]

        package init(date: Day, area: String, name: String, practices: Int, patients: Int, trials: Int, seed: UInt64, assumptions: CostModel.ModelAssumptions, models: [ModelComparison.Result]) {
            self.date = date
            self.area = area
            self.name = name
            self.practices = practices
            self.patients = patients
            self.trials = trials
            self.seed = seed
            self.assumptions = assumptions
            self.models = models
        }
    }

    package static func models(_ params: ModelsParams, model: CostModel, practices: [ModelComparison.Practice], name: String, date: Day) -> ModelsResult {
        let results = ModelComparison.compare(practices, model: model, trials: params.trials, seed: params.seed)
        return ModelsResult(date: date, area: params.area, name: name, practices: practices.count, patients: practices.reduce(0) { $0 + $1.patients },
                            trials: params.trials, seed: params.seed, assumptions: model.assumptions, models: results)
    }
}
