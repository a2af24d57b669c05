import ConsortCore
import Foundation

/// Monte Carlo simulation of a year's spend for groups of patients under a cost model.
///
/// The spend of N patients is drawn in aggregate, exactly: the events of class c among N
/// patients number Poisson(N·λ_c) (a sum of independent Poisson counts is Poisson), and the sum
/// of K independent Gamma(k, θ) event costs is Gamma(K·k, θ). So a group of any size costs
/// two draws per class per trial, and the result has exactly the distribution of summing every
/// patient's spend (tested against patient-by-patient sampling).
public enum Simulator {
    /// One group to simulate: its need-weighted population (patients × relative need) drives
    /// both the expected events and its fair budget.
    public struct Group: Sendable {
        public let code: String
        public let name: String
        public let patients: Int
        public let weightedPatients: Double

        public init(code: String, name: String, patients: Int, weightedPatients: Double? = nil) {
            self.code = code
            self.name = name
            self.patients = patients
            self.weightedPatients = weightedPatients ?? Double(patients)
        }

        /// A population of `patients` of average need, named by its size.
        public init(size patients: Int) { self.init(code: "\(patients)", name: "\(patients)", patients: patients) }
    }

    /// Trials are simulated in blocks of this many, each with its own generator, so that a run
    /// gives the same numbers however many threads share the work.
    public static let block = 2_500

    /// Every group's spend in each trial, £: `result[group][trial]`. `classes` selects the
    /// classes of care included (all by default).
    public static func spend(
        model: CostModel, groups: [Group], trials: Int, seed: UInt64,
        classes: (CostModel.EventClass) -> Bool = { _ in true }
    ) -> [[Double]] {
        // Plain numbers only inside the loop: an event class also holds strings, and copying
        // one costs reference counting on every draw.
        let selected = model.classes.filter(classes).map { (rate: $0.rate, shape: $0.shape, scale: $0.scale) }
        let blocks = (trials + block - 1) / block
        let jobs = groups.count * blocks
        let out = UnsafeMutableBufferPointer<Double>.allocate(capacity: groups.count * trials)
        defer { out.deallocate() }
        let base = UncheckedSendable(out)
        DispatchQueue.concurrentPerform(iterations: jobs) { job in
            let g = job / blocks
            let b = job % blocks
            var sampler = Sampler(Xoshiro256(seed: seed, stream: g * 1_000_003 + b))
            let population = groups[g].weightedPatients
            let counts = selected.map { PoissonDraw(mean: population * $0.rate) }
            let start = b * block
            let end = min(trials, start + block)
            for t in start..<end {
                var total = 0.0
                for i in selected.indices {
                    let events = sampler.poisson(counts[i])
                    if events > 0 {
                        total += sampler.gamma(shape: Double(events) * selected[i].shape) * selected[i].scale
                    }
                }
                base.value[g * trials + t] = total
            }
        }
        return (0..<groups.count).map { g in Array(out[(g * trials)..<((g + 1) * trials)]) }
    }

    /// Each group's simulated spend and its summary against a budget of its expected cost
    /// (need-weighted patients times the model's mean a head).
    public static func risk(model: CostModel, groups: [Group], trials: Int, seed: UInt64) -> (
        summaries: [RiskSummary], spend: [[Double]]
    ) {
        let spend = Self.spend(model: model, groups: groups, trials: trials, seed: seed)
        let summaries = groups.indices.map {
            RiskSummary(
                spend: spend[$0], budget: groups[$0].weightedPatients * model.meanPerHead, patients: groups[$0].patients
            )
        }
        return (summaries, spend)
    }

    /// One trial's spend for `patients` patients, drawn patient by patient and event by event:
    /// the slow, obviously correct reference the aggregate sampling is tested against.
    public static func spendPatientByPatient(model: CostModel, patients: Int, sampler: inout Sampler) -> Double {
        var total = 0.0
        for _ in 0..<patients {
            for c in model.classes {
                let events = sampler.poisson(mean: c.rate)
                for _ in 0..<events { total += sampler.gamma(shape: c.shape) * c.scale }
            }
        }
        return total
    }
}

/// A buffer shared by the worker threads, each writing its own disjoint slice.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// What the simulated spends say about a group's financial risk against its budget.
public struct RiskSummary: Sendable, Codable, Equatable {
    public let patients: Int
    public let budget: Double
    public let mean: Double
    public let sd: Double
    /// Probability of spending more than the budget by more than 1, 3, 5 and 10%.
    public let overspend: [String: Double]
    /// Overspend (spend − budget, £) exceeded in 5% and 1% of years: value at risk.
    public let valueAtRisk95: Double
    public let valueAtRisk99: Double
    /// Mean overspend in the worst 5% and 1% of years: expected shortfall.
    public let expectedShortfall95: Double
    public let expectedShortfall99: Double

    public static let thresholds: [Double] = [0.01, 0.03, 0.05, 0.10]

    public init(spend: [Double], budget: Double, patients: Int) {
        let n = Double(spend.count)
        let mean = spend.reduce(0, +) / n
        let variance = spend.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / max(n - 1, 1)
        var over: [String: Double] = [:]
        for t in RiskSummary.thresholds {
            over[RiskSummary.key(t)] = Double(spend.filter { $0 > budget * (1 + t) }.count) / n
        }
        let sorted = spend.sorted()
        func quantile(_ q: Double) -> Double {
            let i = min(sorted.count - 1, max(0, Int((q * n).rounded(.up)) - 1))
            return sorted[i]
        }
        func shortfall(_ q: Double) -> Double {
            let start = min(sorted.count - 1, Int((q * n).rounded(.down)))
            let tail = sorted[start...]
            return tail.reduce(0, +) / Double(tail.count) - budget
        }
        self.patients = patients
        self.budget = budget
        self.mean = mean
        self.sd = variance.squareRoot()
        self.overspend = over
        self.valueAtRisk95 = quantile(0.95) - budget
        self.valueAtRisk99 = quantile(0.99) - budget
        self.expectedShortfall95 = shortfall(0.95)
        self.expectedShortfall99 = shortfall(0.99)
    }

    public static func key(_ threshold: Double) -> String { "\(Int((threshold * 100).rounded()))%" }

    public func probability(over threshold: Double) -> Double { overspend[RiskSummary.key(threshold)] ?? 0 }

    /// The standard deviation as a share of the mean.
    public var relativeSD: Double { mean > 0 ? sd / mean : 0 }
}
