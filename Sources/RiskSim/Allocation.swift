import Foundation

/// Capitation: a commissioning budget shared among practices in proportion to a weight per
/// practice, and summed by group.
///
/// Three bases: the registered list (raw capitation); the Carr-Hill weighted list the registry
/// holds from NHS Payments to General Practice (age, sex, morbidity, list turnover, rurality and
/// staff costs); or the registered list times a relative need by IMD decile read from the cost
/// model file. docs/finance.md cites each source.
public enum Allocation {
    public enum Basis: String, Sendable, Codable, CaseIterable {
        case raw, weighted, need

        public var title: String {
            switch self {
            case .raw: return "Registered list (raw capitation)"
            case .weighted: return "Weighted list (Carr-Hill, NHS Payments)"
            case .need: return "Registered list × need by IMD decile"
            }
        }
    }

    public struct Practice: Sendable {
        public let code: String
        public let patients: Int
        /// The Carr-Hill weighted list, when published for the practice.
        public let weightedList: Double?
        /// Relative need (1 = average).
        public let need: Double

        public init(code: String, patients: Int, weightedList: Double?, need: Double) {
            self.code = code
            self.patients = patients
            self.weightedList = weightedList
            self.need = need
        }
    }

    /// One practice's fair share.
    public struct Share: Sendable, Codable, Equatable {
        public let code: String
        public let patients: Int
        /// The practice's population on the chosen basis.
        public let weight: Double
        /// Its fair share of the budget, £, and what raw capitation would give it.
        public let budget: Double
        public let rawBudget: Double
        /// True when the basis is the weighted list and the practice has none published: its
        /// weight is then its registered list times the average weighting of the others.
        public let estimated: Bool

        /// How far the fair share is from raw capitation, as a share of raw capitation.
        public var difference: Double { rawBudget > 0 ? budget / rawBudget - 1 : 0 }
    }

    /// Shares `total` (£) among the practices in proportion to their weight on `basis`. The
    /// shares add up to `total` (to rounding), and raw capitation gives every patient the same.
    public static func allocate(_ practices: [Practice], basis: Basis, total: Double) -> [Share] {
        let patients = practices.reduce(0) { $0 + $1.patients }
        // Practices with no published weighted list are weighted at the average of the rest.
        let published = practices.filter { $0.weightedList != nil }
        let publishedPatients = published.reduce(0) { $0 + $1.patients }
        let averageWeighting =
            publishedPatients > 0 ? published.reduce(0) { $0 + $1.weightedList! } / Double(publishedPatients) : 1
        let weights: [(Double, Bool)] = practices.map { p in
            switch basis {
            case .raw: return (Double(p.patients), false)
            case .need: return (Double(p.patients) * p.need, false)
            case .weighted: return p.weightedList.map { ($0, false) } ?? (Double(p.patients) * averageWeighting, true)
            }
        }
        let totalWeight = weights.reduce(0) { $0 + $1.0 }
        return practices.indices.map { i in
            let p = practices[i]
            return Share(
                code: p.code, patients: p.patients, weight: weights[i].0,
                budget: totalWeight > 0 ? total * weights[i].0 / totalWeight : 0,
                rawBudget: patients > 0 ? total * Double(p.patients) / Double(patients) : 0,
                estimated: weights[i].1)
        }
    }

    /// The share of practices whose fair share is `threshold` (e.g. 10%) or more away from raw
    /// capitation: Dixon et al. (BMJ 2011) found about a third of practices 10% or more away
    /// from a person-based budget.
    public static func shareAway(_ shares: [Share], by threshold: Double) -> Double {
        let counted = shares.filter { $0.patients > 0 }
        guard !counted.isEmpty else { return 0 }
        return Double(counted.filter { abs($0.difference) >= threshold }.count) / Double(counted.count)
    }
}
