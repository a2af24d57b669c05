import ConsortCore
import Foundation

/// The Data Security and Protection Toolkit: every GP practice publishes an assessment each
/// year against the National Data Guardian's 10 data security standards, by 30 June.
///
/// Sources: National Data Guardian for Health and Care, "Review of Data Security, Consent and
/// Opt-Outs" (July 2016), the 10 data security standards; CQC, "GP mythbuster 85: Data security
/// and protection – expectations for general practice" (all practices use the toolkit); NHS
/// England, the toolkit's annual deadline of 30 June (for 2025-26: Tuesday 30 June 2026).
public enum DSPT {
    public static let source =
        "National Data Guardian, Review of Data Security, Consent and Opt-Outs (2016): the 10 data security "
        + "standards; NHS England, Data Security and Protection Toolkit: annual publication by 30 June"

    /// The 10 data security standards, numbered as the toolkit numbers them.
    public static let standards: [(number: Int, title: String)] = [
        (1, "Personal confidential data"), (2, "Staff responsibilities"), (3, "Training"),
        (4, "Managing data access"), (5, "Process reviews"), (6, "Responding to incidents"),
        (7, "Continuity planning"), (8, "Unsupported systems"), (9, "IT protection"),
        (10, "Accountable suppliers"),
    ]

    /// A published assessment's outcome, as the toolkit names them.
    public enum Status: String, Sendable, Codable, CaseIterable {
        case standardsExceeded = "standards-exceeded"
        case standardsMet = "standards-met"
        case approachingStandards = "approaching-standards"
        case standardsNotMet = "standards-not-met"

        public var label: String {
            switch self {
            case .standardsExceeded: return "Standards Exceeded"
            case .standardsMet: return "Standards Met"
            case .approachingStandards: return "Approaching Standards"
            case .standardsNotMet: return "Standards Not Met"
            }
        }

        /// Whether the practice meets the standards (what every practice must achieve).
        public var meets: Bool { self == .standardsExceeded || self == .standardsMet }
    }

    /// A toolkit year, e.g. 2025-26 (its assessment is published by 30 June 2026).
    public struct Year: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
        /// The year the assessment year begins (2025 for 2025-26).
        public let start: Int

        public init(start: Int) { self.start = start }

        /// Reads `2025-26` (or `2025/26`); nil for anything else.
        public init?(_ text: String) {
            let parts = text.trimmingCharacters(in: .whitespaces).split(whereSeparator: { $0 == "-" || $0 == "/" })
            guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let first = Int(parts[0]),
                let second = Int(parts[1]), (1900...2999).contains(first), second == (first + 1) % 100
            else { return nil }
            start = first
        }

        public var description: String { String(format: "%d-%02d", start, (start + 1) % 100) }
        /// The publication deadline: 30 June after the year begins.
        public var deadline: Day { Day(year: start + 1, month: 6, day: 30)! }
        /// A publication for this year stands until the next year's deadline.
        public var expiry: Day { next.deadline }
        public var next: Year { Year(start: start + 1) }
        public var previous: Year { Year(start: start - 1) }

        /// The year whose deadline is the first 30 June on or after `day`.
        public static func due(on day: Day) -> Year {
            Year(start: day.month > 6 ? day.year : day.year - 1)
        }

        public static func < (a: Year, b: Year) -> Bool { a.start < b.start }
    }

    /// One practice's published assessment for a year.
    public struct Publication: Sendable, Equatable, Codable {
        public let year: Year
        public let status: Status
        public let publishedOn: Day
        /// The standards (1–10) the assessment met.
        public let standardsMet: Set<Int>

        public init(year: Year, status: Status, publishedOn: Day, standardsMet: Set<Int>) {
            self.year = year
            self.status = status
            self.publishedOn = publishedOn
            self.standardsMet = standardsMet
        }
    }

    /// Where a practice stands on a day.
    public enum Standing: Sendable, Equatable {
        /// This year's assessment is published and meets the standards, valid until `until`.
        case met(Publication, until: Day)
        /// Last year's assessment meets the standards (valid until `deadline`); this year's is due by `deadline`.
        case due(Year, deadline: Day, previous: Publication)
        /// The latest assessment in force does not meet the standards.
        case notMet(Publication)
        /// No assessment in force: the year's deadline has passed without one.
        case overdue(Year, deadline: Day)

        /// Whether the practice meets the standards on the day.
        public var meets: Bool {
            switch self {
            case .met, .due: return true
            case .notMet, .overdue: return false
            }
        }

        public var label: String {
            switch self {
            case .met(let p, let until): return "\(p.status.label) \(p.year), valid until \(until.long)"
            case .due(let y, let deadline, let p):
                return "\(p.status.label) \(p.year); \(y) due by \(deadline.long)"
            case .notMet(let p): return "\(p.status.label) \(p.year)"
            case .overdue(let y, let deadline): return "Not published: \(y) was due by \(deadline.long)"
            }
        }
    }

    /// A practice's standing on `day` from its publications (any order; a later publication
    /// for the same year replaces an earlier one).
    ///
    /// The year due is the one whose deadline is the next 30 June. If its assessment is
    /// published, it decides; otherwise last year's, which stands until this year's deadline,
    /// decides; with neither, last year's deadline has passed unpublished.
    public static func standing(_ publications: [Publication], on day: Day) -> Standing {
        let due = Year.due(on: day)
        var latest: [Year: Publication] = [:]
        for p in publications where p.publishedOn <= day {
            if let seen = latest[p.year], seen.publishedOn > p.publishedOn { continue }
            latest[p.year] = p
        }
        if let current = latest[due] {
            return current.status.meets ? .met(current, until: due.expiry) : .notMet(current)
        }
        if let previous = latest[due.previous] {
            return previous.status.meets
                ? .due(due, deadline: due.deadline, previous: previous) : .notMet(previous)
        }
        return .overdue(due.previous, deadline: due.previous.deadline)
    }

    /// Checks a publication's outcome against the standards it met: Standards Met or Exceeded
    /// needs all 10; the others need at least one unmet. Returns what is wrong, or nil.
    public static func inconsistency(status: Status, standardsMet: Set<Int>) -> String? {
        if let bad = standardsMet.first(where: { !(1...10).contains($0) }) {
            return "there is no data security standard \(bad); they are numbered 1 to 10"
        }
        if status.meets, standardsMet.count < 10 {
            return "\(status.label) means all 10 standards were met; tick every standard or choose another status"
        }
        if !status.meets, standardsMet.count == 10 {
            return "\(status.label) means at least one standard was not met; untick it or choose another status"
        }
        return nil
    }
}

extension DSPT {
    /// A reminder the practice's managers should have on `day`, if any: 60, 30 and 7 days before
    /// the deadline while this year's assessment is unpublished, then once it is overdue or does
    /// not meet the standards. `stage` keys the reminder, so each is sent once per year.
    public static func reminder(_ standing: Standing, on day: Day) -> (stage: String, year: Year, text: String)? {
        switch standing {
        case .met: return nil
        case .due(let year, let deadline, _):
            let days = deadline.ordinal - day.ordinal
            guard let stage = [7, 30, 60].first(where: { days <= $0 }) else { return nil }
            return (
                "\(stage)-days", year,
                "The \(year) Data Security and Protection Toolkit assessment is due by \(deadline.long), in \(days) "
                    + "day\(days == 1 ? "" : "s")."
            )
        case .overdue(let year, let deadline):
            return (
                "overdue", year,
                "The \(year) Data Security and Protection Toolkit assessment was due by \(deadline.long) and is not "
                    + "recorded as published."
            )
        case .notMet(let p):
            return (
                "not-met", p.year,
                "The \(p.year) Data Security and Protection Toolkit assessment is \(p.status.label): every practice "
                    + "must achieve Standards Met."
            )
        }
    }
}
