import ConsortCore
import Foundation

/// The publication and timeliness rules of the register of interests, from NHS England's
/// *Managing Conflicts of Interest: Revised Statutory Guidance for CCGs* (June 2017): interests
/// are declared within 28 days of a change (taking up a role, or an interest starting); the
/// register published is that of decision-making staff; an interest stays on the published
/// register for at least six months after it expires.
public enum InterestRegister {
    public static let source =
        "NHS England, Managing Conflicts of Interest: Revised Statutory Guidance for CCGs (June 2017)"
    public static let dueWithinDays = 28
    public static let publishedMonthsAfterExpiry = 6

    /// Whether a declaration appears on the public register on `day`: its holder makes decisions
    /// (holds a seat on one of the body's boards) that day, and it is current, started, or ended
    /// no more than six months before.
    public static func isPublished(_ d: Declaration, decisionMaker: Bool, on day: Day) -> Bool {
        guard decisionMaker, d.from <= day else { return false }
        guard let end = d.to else { return true }
        return day <= end.addingMonths(publishedMonthsAfterExpiry)
    }

    /// Whether a declaration was made late: more than 28 days after the change that made it
    /// due — the interest beginning or, for an interest held before, the person taking up their
    /// role (`roleFrom`).
    public static func isLate(_ d: Declaration, declaredOn: Day, roleFrom: Day? = nil) -> Bool {
        declaredOn.ordinal - max(d.from, roleFrom ?? d.from).ordinal > dueWithinDays
    }

    /// A decision-maker whose declaration is overdue: they took up their seat more than 28 days
    /// before `day` and have declared nothing (not even a nil return) since, or in the 28 days
    /// before, taking it up.
    public struct Overdue: Sendable, Equatable {
        public let person: String
        public let seatFrom: Day
        public let dueBy: Day
        public let daysOverdue: Int

        public init(person: String, seatFrom: Day, dueBy: Day, daysOverdue: Int) {
            self.person = person
            self.seatFrom = seatFrom
            self.dueBy = dueBy
            self.daysOverdue = daysOverdue
        }
    }

    /// A decision-maker with a current seat who has declared nothing (not even a nil return)
    /// since, or in the 28 days before, taking it up: their declaration is due by `dueBy`.
    public struct Due: Sendable, Equatable {
        public let person: String
        public let seatFrom: Day
        public let dueBy: Day

        public func isOverdue(on day: Day) -> Bool { day > dueBy }
    }

    /// Every declaration due on `day`, overdue or not (one per person, from their earliest current seat).
    public static func due(seats: [Seat], declaredOn: [String: [Day]], on day: Day) -> [Due] {
        var out: [Due] = []
        let current = Dictionary(grouping: seats.filter { $0.isActive(on: day) }, by: \.person)
        for (person, list) in current.sorted(by: { $0.key < $1.key }) {
            let start = list.map(\.from).min()!
            let declared = (declaredOn[person] ?? []).contains { $0 >= start.adding(days: -dueWithinDays) }
            if !declared { out.append(Due(person: person, seatFrom: start, dueBy: start.adding(days: dueWithinDays))) }
        }
        return out
    }

    public static func overdue(seats: [Seat], declaredOn: [String: [Day]], on day: Day) -> [Overdue] {
        due(seats: seats, declaredOn: declaredOn, on: day).filter { $0.isOverdue(on: day) }.map {
            Overdue(
                person: $0.person, seatFrom: $0.seatFrom, dueBy: $0.dueBy, daysOverdue: day.ordinal - $0.dueBy.ordinal)
        }
    }
}
