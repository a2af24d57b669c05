import Charts
import ConsortCore
import ConsortWeb
import Quality
import Vapor

/// Benchmarking an indicator across the practices of a group (or England) in a period: each
/// practice's value with 95% and 99.8% intervals, compared with England and with the chosen
/// comparator, a funnel plot around it, the practices outside its outer limits flagged, and the
/// last CQC rating.
package struct QualityPage: Sendable {
    package enum Comparator: String, Sendable, CaseIterable { case england, group }

    package struct Params: Sendable {
        package var indicator: String?
        package var period: String?
        package var group: String?
        /// A hand-made peer group: practice codes separated by commas.
        package var practices: String?
        package var comparator: Comparator = .england
        package var adjustment: Funnel.Adjustment = .none
        /// The funnel's control limits, as confidence levels in percent (FunnelPlotR's users ask to
        /// set them; the profiles' 95% and 99.8% by default). Practices outside the outer limit on
        /// the worse side are flagged.
        package var inner = 95.0
        package var outer = 99.8
        package var page = 1

        package var query: [(String, String)] {
            var q: [(String, String)] = []
            if let indicator { q.append(("indicator", indicator)) }
            if let period { q.append(("period", period)) }
            if let group { q.append(("group", group)) }
            if let practices { q.append(("practices", practices)) }
            if comparator != .england { q.append(("comparator", comparator.rawValue)) }
            if adjustment != .none { q.append(("adjust", adjustment.rawValue)) }
            if inner != 95 { q.append(("inner", QualityPage.percent(inner))) }
            if outer != 99.8 { q.append(("outer", QualityPage.percent(outer))) }
            return q
        }
    }

    package let params: Params
    package let indicators: [Indicator]
    package let indicator: Indicator?
    package let periods: [String]
    package let benchmark: Benchmark?
    package let groupName: String?
    /// The group's own value: Σ numerators ÷ Σ denominators of its practices, with its interval.
    package let groupValue: (value: Double, ci95: Interval?)?
    package let funnel: Funnel?
    /// Every period of the indicator for the same practices, oldest first.
    package let trend: [TrendRow]
    package let ratings: [String: QualityStore.Rating]
    package static let pageSize = 50

    package struct TrendRow: Sendable {
        package let period: String
        package let england: Double?
        package let practices: Int
        package let value: Double?
        package let ci95: Interval?
        package let better: Int
        package let worse: Int
    }

    package var target: Double? {
        params.comparator == .group ? groupValue?.value : benchmark?.england
    }

    /// A practice's comparison with the comparator (England's or the group's value).
    package func compared(_ row: Benchmark.Row) -> Comparison {
        guard let indicator, params.comparator == .group, let g = groupValue?.value else {
            return row.comparedToEngland
        }
        let proportion = row.ci95?.scaled(by: 1 / indicator.multiplier)
        return Comparison.of(proportion, to: g / indicator.multiplier, polarity: indicator.polarity)
    }

    /// Where a practice lies against the funnel's inner limits as drawn (widened for
    /// overdispersion when asked): what the funnel's dots are coloured by, so that a dot inside
    /// the drawn limits is never marked better or worse.
    package func againstFunnel(_ row: Benchmark.Row) -> Comparison {
        guard let indicator, let funnel, let value = row.value,
            let limits = funnel.limits(
                denominator: row.denominator, z: Confidence.z(level: params.inner) ?? Confidence.z95)
        else { return .notCompared }
        let p = value / indicator.multiplier
        guard p > limits.upper || p < limits.lower else { return .similar }
        switch indicator.polarity {
        case .higherIsBetter: return p > limits.upper ? .better : .worse
        case .lowerIsBetter: return p > limits.upper ? .worse : .better
        case .none: return p > limits.upper ? .higher : .lower
        }
    }

    /// A level as written: "95", "99.8".
    package static func percent(_ level: Double) -> String { svgNumber(level, digits: 3) }

    /// Outside the outer funnel limits around the comparator, on the worse side: flagged for support.
    package func flagged(_ row: Benchmark.Row) -> Bool {
        guard let indicator, let funnel, let value = row.value,
            let limits = funnel.limits(
                denominator: row.denominator, z: Confidence.z(level: params.outer) ?? Confidence.z998)
        else { return false }
        let p = value / indicator.multiplier
        switch indicator.polarity {
        case .lowerIsBetter: return p > limits.upper
        case .higherIsBetter: return p < limits.lower
        case .none: return p > limits.upper || p < limits.lower
        }
    }
}
