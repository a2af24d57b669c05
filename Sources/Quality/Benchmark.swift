import ConsortCore
import Foundation

/// Every practice's value of an indicator in a period with its 95% and 99.8% intervals and its
/// comparison with England, as the national profiles compute them.
public struct Benchmark: Sendable, Codable {
    public struct Row: Sendable, Codable, Equatable {
        public let practiceCode: String
        public let practiceName: String
        public let numerator: Double
        public let denominator: Double
        /// The value on the indicator's scale (a percentage for a proportion), or nil without
        /// a usable denominator.
        public let value: Double?
        public let ci95: Interval?
        public let ci998: Interval?
        public let comparedToEngland: Comparison
        /// Outside the 99.8% limits around England's value (the same test as the 99.8% interval
        /// excluding it): flagged for support when on the worse side.
        public let outside998: Bool
    }

    public let indicator: Indicator
    public let period: String
    /// England's value on the indicator's scale, and where it comes from.
    public let england: Double?
    public let englandSource: String
    public let rows: [Row]

    /// The rows of the practices in `scope` (every practice when nil) for `period`, in code order.
    /// England's value is the file's England row for the period, else the sum of all its
    /// practices' numerators over the sum of their denominators.
    public init(values: [IndicatorValue], indicator: Indicator, period: String, scope: Set<String>? = nil) {
        self.indicator = indicator
        self.period = period
        let inPeriod = values.filter { $0.indicatorID == indicator.id && $0.period == period }
        let practices = inPeriod.filter { $0.areaType == "practice" }
        let proportion: Double?
        if let row = inPeriod.first(where: { $0.areaType == "england" }), row.denominator > 0 {
            proportion = row.numerator / row.denominator
            englandSource =
                "the England value published with the data (\(grouped(Int(row.numerator.rounded()))) of "
                + "\(grouped(Int(row.denominator.rounded()))))"
        } else {
            let n = practices.reduce(0) { $0 + $1.numerator }
            let d = practices.reduce(0) { $0 + $1.denominator }
            proportion = d > 0 ? n / d : nil
            englandSource = "the sum of the \(grouped(practices.count)) practices' counts in the file"
        }
        england = proportion.map { $0 * indicator.multiplier }
        let m = indicator.multiplier
        rows = practices.filter { scope?.contains($0.areaCode) ?? true }.sorted { $0.areaCode < $1.areaCode }.map { v in
            let ci95 = indicator.interval(numerator: v.numerator, denominator: v.denominator, z: Confidence.z95)
            let ci998 = indicator.interval(numerator: v.numerator, denominator: v.denominator, z: Confidence.z998)
            return Row(
                practiceCode: v.areaCode, practiceName: v.areaName, numerator: v.numerator, denominator: v.denominator,
                value: v.denominator > 0 ? v.numerator / v.denominator * m : nil, ci95: ci95?.scaled(by: m),
                ci998: ci998?.scaled(by: m),
                comparedToEngland: Comparison.of(ci95, to: proportion, polarity: indicator.polarity),
                outside998: proportion.map { p in ci998.map { !$0.contains(p) } ?? false } ?? false)
        }
    }

    /// The periods a file holds for an indicator, in order.
    public static func periods(_ values: [IndicatorValue], indicator: String) -> [String] {
        Array(Set(values.filter { $0.indicatorID == indicator }.map(\.period))).sorted()
    }
}
