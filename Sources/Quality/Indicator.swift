import ConsortCore
import Foundation

/// What an indicator is: its name, where it comes from, which way is better, how it is
/// computed, and its target if any. Read from a definition file (`indicators.toml`), one table
/// per indicator id.
public struct Indicator: Sendable, Codable, Equatable {
    /// A proportion (events among a denominator that contains them: Wilson intervals) or a rate
    /// (events per unit of a denominator such as a population: Byar's and exact Poisson intervals).
    public enum Kind: String, Sendable, Codable { case proportion, rate }

    public let id: String
    public let name: String
    public let source: String
    public let polarity: Polarity
    public let kind: Kind
    /// The scale values are shown on: 100 for a percentage.
    public let multiplier: Double
    /// A target value on the shown scale (e.g. 90 for 90%), if the indicator has one.
    public let target: Double?

    public init(
        id: String, name: String, source: String, polarity: Polarity, kind: Kind = .proportion,
        multiplier: Double = 100, target: Double? = nil
    ) {
        self.id = id
        self.name = name
        self.source = source
        self.polarity = polarity
        self.kind = kind
        self.multiplier = multiplier
        self.target = target
    }

    /// The definitions in a TOML file: `[ID]` tables with `name`, `source`, `polarity`
    /// (`higher`, `lower` or `none`), `type` (`proportion` or `rate`), optional `multiplier`
    /// (default 100 for a proportion, a percentage; 100,000 for a rate, as the profiles' rates) and
    /// `target`. Errors name the file, the line and what is wrong.
    public static func definitions(_ text: String, file: String) throws -> [String: Indicator] {
        let root: TOML.Table
        do { root = try TOML.parse(text) } catch {
            throw QualityError(file: file, line: error.line, column: nil, error.reason)
        }
        var out: [String: Indicator] = [:]
        for entry in root.entries {
            guard case .table(let t) = entry.value else {
                throw QualityError(file: file, line: entry.line, column: nil, "\(entry.key) must be an [id] table")
            }
            func string(_ key: String) throws -> String {
                guard case .string(let s)? = t[key]?.value, !s.isEmpty else {
                    throw QualityError(
                        file: file, line: t[key]?.line ?? t.line, column: nil, "[\(entry.key)] needs \(key)")
                }
                return s
            }
            func number(_ key: String) throws -> Double? {
                switch t[key]?.value {
                case nil: return nil
                case .integer(let i)?: return Double(i)
                case .float(let d)? where d.isFinite: return d
                default:
                    throw QualityError(file: file, line: t[key]?.line ?? t.line, column: nil, "\(key) must be a number")
                }
            }
            guard let polarity = Polarity(rawValue: try string("polarity")) else {
                throw QualityError(
                    file: file, line: t["polarity"]?.line ?? t.line, column: nil,
                    "polarity must be higher, lower or none")
            }
            guard let kind = Kind(rawValue: try string("type")) else {
                throw QualityError(
                    file: file, line: t["type"]?.line ?? t.line, column: nil,
                    "type must be proportion or rate")
            }
            let multiplier = try number("multiplier") ?? (kind == .rate ? 100_000 : 100)
            guard multiplier > 0 else {
                throw QualityError(
                    file: file, line: t["multiplier"]?.line ?? t.line, column: nil, "multiplier must be above 0")
            }
            out[entry.key] = Indicator(
                id: entry.key, name: try string("name"), source: try string("source"), polarity: polarity, kind: kind,
                multiplier: multiplier, target: try number("target"))
        }
        return out
    }
}

extension Indicator {
    /// The interval of `numerator` events in `denominator` by the profiles' method for the
    /// indicator's type, per unit (not yet multiplied).
    public func interval(numerator: Double, denominator: Double, z: Double) -> Interval? {
        switch kind {
        case .proportion: return Wilson.interval(numerator: numerator, denominator: denominator, z: z)
        case .rate: return Byar.interval(count: numerator, denominator: denominator, z: z)
        }
    }

    /// How values are written after the number: "%" for a percentage, " per 1,000" for a rate.
    public var unit: String {
        if kind == .proportion, multiplier == 100 { return "%" }
        return " per \(grouped(Int(multiplier.rounded())))"
    }
}

/// A value of an indicator for one area (a practice, or England) in one period.
public struct IndicatorValue: Sendable, Codable, Equatable {
    public let indicatorID: String
    public let period: String
    public let areaCode: String
    public let areaName: String
    /// `practice` or `england` (other area types are kept as written).
    public let areaType: String
    public let numerator: Double
    public let denominator: Double
    /// The line of the file it was read from.
    public let line: Int

    public init(
        indicatorID: String, period: String, areaCode: String, areaName: String, areaType: String, numerator: Double,
        denominator: Double, line: Int = 0
    ) {
        self.indicatorID = indicatorID
        self.period = period
        self.areaCode = areaCode
        self.areaName = areaName
        self.areaType = areaType
        self.numerator = numerator
        self.denominator = denominator
        self.line = line
    }
}

/// A file that cannot be used, with where and why.
public struct QualityError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: String?
    public let reason: String

    public init(file: String, line: Int, column: String?, _ reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String {
        "\(file), line \(line)\(column.map { ", column \($0)" } ?? ""): \(reason)"
    }
}
