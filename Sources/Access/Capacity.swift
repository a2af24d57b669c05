import ConsortCore
import Foundation

/// What a network must offer outside core hours each week under a policy's access rule, and
/// how that compares with what it planned and delivered.
public struct AccessRequirement: Sendable, Equatable, Codable {
    /// The population the requirement is computed on: registered, or adjusted (Consort uses the
    /// Carr-Hill weighted list, the published adjustment closest to the DES's adjusted
    /// population).
    public let population: Double
    public let basis: String
    /// The requirement before rounding, in minutes a week: population ÷ 1,000 × minutes per 1,000.
    public let exactMinutes: Double
    /// The requirement the network must meet, in whole minutes a week, rounded as the policy
    /// says (to the nearest `roundToMinutes`), otherwise up to the next whole minute.
    public let minutesPerWeek: Int
    /// The policy's opening windows, minutes per week in each.
    public let windows: [String]
    public let windowMinutesPerWeek: Int
    /// The shortest continuous session the policy allows.
    public let minBlockMinutes: Int?
    /// Whether a GP must be on duty whenever the service is open.
    public let gpCover: Bool
    public let bookAheadDays: Int?
    public let sameDay: Bool
    public let source: String

    public var hoursPerWeek: Double { Double(minutesPerWeek) / 60 }
}

public enum AccessError: Error, Equatable, Sendable, CustomStringConvertible {
    case noAccessRule(policy: String)
    case badWindow(String)
    case badPopulation(Double)

    public var description: String {
        switch self {
        case .noAccessRule(let policy):
            return "policy \(policy) sets no access rule for networks; use pcn-2019 or enhanced-access-2022"
        case .badWindow(let text): return "the access window '\(text)' is not like \"Mon-Fri 18:30-20:00\""
        case .badPopulation(let value): return "a population must be zero or more, not \(value)"
        }
    }
}

public enum Capacity {
    /// The weekly requirement for a network of the given registered and weighted (adjusted)
    /// populations under the policy's network access rule.
    ///
    /// `pcn-2019` (Network Contract DES 2019/20): 30 minutes per 1,000 registered patients,
    /// rounded to the nearest quarter hour, so 50,000 patients need 1,500 minutes (25 hours).
    /// `enhanced-access-2022` (Network Contract DES 2022/23): 60 minutes per 1,000 adjusted
    /// population within Mon–Fri 18:30–20:00 and Sat 09:00–17:00, with GP cover.
    public static func requirement(policy: Policy, registered: Double, adjusted: Double) throws(AccessError)
        -> AccessRequirement
    {
        guard let rule = policy.rules(for: .network)?.access else { throw .noAccessRule(policy: policy.name) }
        return try requirement(rule: rule, registered: registered, adjusted: adjusted)
    }

    public static func requirement(rule: Policy.AccessRule, registered: Double, adjusted: Double) throws(AccessError)
        -> AccessRequirement
    {
        guard registered >= 0 else { throw .badPopulation(registered) }
        guard adjusted >= 0 else { throw .badPopulation(adjusted) }
        let population = rule.population == "adjusted" ? adjusted : registered
        let exact = population / 1000 * Double(rule.minutesPer1000)
        let minutes: Int
        if let step = rule.roundToMinutes, step > 0 {
            minutes = Int((exact / Double(step)).rounded(.toNearestOrAwayFromZero)) * step
        } else {
            minutes = Int((exact - 1e-9).rounded(.up))  // up to a whole minute, ignoring float noise
        }
        var windowMinutes = 0
        for text in rule.hours {
            guard let window = AccessWindow(text) else { throw .badWindow(text) }
            windowMinutes += window.weeklyMinutes
        }
        return AccessRequirement(
            population: population, basis: rule.population, exactMinutes: exact, minutesPerWeek: minutes,
            windows: rule.hours, windowMinutesPerWeek: windowMinutes, minBlockMinutes: rule.minBlockMinutes,
            gpCover: rule.gpCover, bookAheadDays: rule.bookAheadDays, sameDay: rule.sameDay, source: rule.source)
    }
}
