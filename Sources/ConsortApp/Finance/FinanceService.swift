import Charts
import ConsortCore
import Foundation
import NIOConcurrencyHelpers
import RiskSim
import Vapor

/// The cost model (read again only when its file changes), and simulation results cached by
/// what they were computed from. Simulations run on the application's thread pool, never on an
/// event loop.
final class FinanceService: Sendable {
    private struct State {
        var model: (modified: Date, model: CostModel)?
        var results: [String: any Sendable] = [:]
        var order: [String] = []
    }

    private let state = NIOLockedValueBox(State())
    let url: URL?

    init(costModel url: URL?) { self.url = url }

    /// The cost model, or a clear error when none is installed or the file is wrong.
    func model() throws -> CostModel {
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
    func cached<T: Sendable>(_ key: String, pool: NIOThreadPool, _ make: @escaping @Sendable () throws -> T) async throws -> T {
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

struct FinanceServiceKey: StorageKey { typealias Value = FinanceService }

extension Application {
    var finance: FinanceService { storage[FinanceServiceKey.self]! }
}

/// The computations behind the finance pages and API, on a registry view.
enum Finance {
    /// The kinds a budget can be summed by: each practice belongs to at most one group of each.
    static let allocationKinds: [GroupKind] = [.region, .icb, .consortium, .locality, .network]

    /// The practices of an area (a group's members at the date, or all of England), in code order.
    static func practices(in area: String?, _ view: RegistryView) throws -> [Int] {
        guard let area else { return Array(view.practices.indices) }
        guard let group = view.groups[area], !group.members.isEmpty else {
            throw BadParameter(name: "area", value: area, expected: "use the code of a region, STP/ICB, CCG, locality, network or federation with member practices on \(view.date.long), or leave it out for England")
        }
        return group.members.sorted()
    }

    static func areaName(_ area: String?, _ view: RegistryView) -> String {
        area.flatMap { view.groups[$0]?.name } ?? "England"
    }

    // MARK: Allocation

    struct AllocationParams: Sendable {
        var area: String?
        var by: GroupKind = .consortium
        var basis: Allocation.Basis = .weighted
        var perHead: Double
        var managementPerHead: Double
    }

    struct AllocationResult: Sendable, Encodable {
        struct GroupShare: Sendable, Encodable {
            /// Nil for the practices in no group of the kind.
            let code: String?
            let name: String
            let practices: Int
            let patients: Int
            let weight: Double
            let budget: Double
            let rawBudget: Double
            let difference: Double
            let management: Double
        }

        struct PracticeShare: Sendable, Encodable {
            let code: String
            let name: String
            let group: String?
            let imdDecile: Int?
            let patients: Int
            let weightedList: Double?
            let need: Double
            let weight: Double
            let budget: Double
            let rawBudget: Double
            let difference: Double
            let estimated: Bool
        }

        let date: Day
        let area: String?
        let areaName: String
        let by: GroupKind
        let basis: Allocation.Basis
        let perHead: Double
        let total: Double
        let managementPerHead: Double
        let management: Double
        let patients: Int
        /// Practices left out for want of a registered list size.
        let withoutListSize: Int
        /// Practices weighted at the average because they publish no weighted list.
        let estimated: Int
        /// The share of practices 10% or more from raw capitation (Dixon et al. 2011).
        let shareAway10: Double
        let groups: [GroupShare]
        let practices: [PracticeShare]
    }

    static func allocation(_ params: AllocationParams, model: CostModel, view: RegistryView) throws -> AllocationResult {
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

    struct RiskParams: Sendable {
        static let defaultPopulations = [5_000, 10_000, 20_000, 30_000, 50_000, 100_000, 250_000, 500_000, 1_000_000]
        var populations = RiskParams.defaultPopulations
        var trials = 10_000
        var seed: UInt64 = 1
        /// The population whose spend distribution is drawn.
        var show = 30_000

        var key: String { "risk|\(populations.map(String.init).joined(separator: ","))|\(trials)|\(seed)|\(show)" }
    }

    struct Distribution: Sendable, Encodable {
        struct Bin: Sendable, Encodable { let label: String; let years: Int }
        let population: Int
        let budget: Double
        /// Simulated years by spend over (or under) budget, in % of budget.
        let bins: [Bin]
    }

    struct RiskResult: Sendable, Encodable {
        let model: String
        let meanPerHead: Double
        let cvPerHead: Double
        let trials: Int
        let seed: UInt64
        let populations: [RiskSummary]
        let distribution: Distribution
        let seconds: Double
    }

    static func risk(_ params: RiskParams, model: CostModel) -> RiskResult {
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
    static func signed(_ value: Double) -> String {
        let text = svgNumber(value, digits: 1)
        return text.hasPrefix("-") ? "−" + text.dropFirst() : text
    }

    // MARK: Risk of each group

    struct GroupRiskParams: Sendable {
        var area: String?
        var by: GroupKind = .consortium
        var trials = 10_000
        var seed: UInt64 = 1
    }

    struct GroupRisk: Sendable, Encodable {
        let code: String
        let name: String
        let weightedPatients: Double
        let summary: RiskSummary
    }

    /// The simulation groups of a kind within an area, need-weighted.
    static func simulationGroups(_ params: GroupRiskParams, model: CostModel, view: RegistryView) throws -> [Simulator.Group] {
        _ = try practices(in: params.area, view)
        return ModelComparison.groups(of: params.by, within: params.area, in: view.configuration, model: model)
    }

    static func groupRisk(_ groups: [Simulator.Group], _ params: GroupRiskParams, model: CostModel) -> [GroupRisk] {
        let summaries = Simulator.risk(model: model, groups: groups, trials: params.trials, seed: params.seed).summaries
        return groups.indices.map { i in
            GroupRisk(code: groups[i].code, name: groups[i].name, weightedPatients: groups[i].weightedPatients, summary: summaries[i])
        }
    }

    // MARK: The four models

    struct ModelsParams: Sendable {
        var area: String
        var trials = 10_000
        var seed: UInt64 = 1
        /// Overrides of the cost model's assumptions, as fractions and patients.
        var contribution: Double?
        var threshold: Double?
        var small: Int?
        var locality: Int?

        func apply(to model: CostModel) -> CostModel {
            var m = model
            if let contribution { m.assumptions.poolContribution = contribution }
            if let threshold { m.assumptions.poolThreshold = threshold }
            if let small { m.assumptions.smallConsortium = small }
            if let locality { m.assumptions.locality = locality }
            return m
        }
    }

    struct ModelsResult: Sendable, Encodable {
        let date: Day
        let area: String
        let name: String
        let practices: Int
        let patients: Int
        let trials: Int
        let seed: UInt64
        let assumptions: CostModel.ModelAssumptions
        let models: [ModelComparison.Result]
    }

    static func models(_ params: ModelsParams, model: CostModel, practices: [ModelComparison.Practice], name: String, date: Day) -> ModelsResult {
        let results = ModelComparison.compare(practices, model: model, trials: params.trials, seed: params.seed)
        return ModelsResult(date: date, area: params.area, name: name, practices: practices.count, patients: practices.reduce(0) { $0 + $1.patients },
                            trials: params.trials, seed: params.seed, assumptions: model.assumptions, models: results)
    }
}
