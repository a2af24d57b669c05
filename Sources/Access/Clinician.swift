import ConsortCore
import Foundation

/// A clinician of a member practice, or a sessional clinician (no practice).
public struct Clinician: Sendable, Codable, Equatable {
    public let id: String
    public let name: String
    public let role: StaffRole
    public let practice: String?
    /// The most sessions they will work in any one calendar month for this federation.
    public let maxSessionsPerMonth: Int
    /// The hubs they can reach.
    public let hubs: Set<String>
    public let availability: [Availability]
    /// The most sessions the person works in a month across every federation; nil: no limit
    /// beyond each federation's own.
    public var overallLimit: Int? = nil
    /// Sessions the person already works for other federations' rotas: they count against
    /// `overallLimit`, and the person cannot be in two places at once.
    public var elsewhere: [RotaSession] = []
    /// Periods the person may not practise, and why (a lapsed registration, Performers List
    /// inclusion or indemnity).
    public var lapses: [Lapse] = []

    public init(
        id: String, name: String, role: StaffRole, practice: String?, maxSessionsPerMonth: Int, hubs: Set<String>,
        availability: [Availability]
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.practice = practice
        self.maxSessionsPerMonth = maxSessionsPerMonth
        self.hubs = hubs
        self.availability = availability
    }
}

/// A period a clinician may not practise: a credential they need had lapsed.
public struct Lapse: Sendable, Codable, Equatable {
    /// The credential, e.g. "GMC registration with a licence to practise".
    public let what: String
    public let from: Day
    /// The last day of the lapse; nil while it lasts.
    public let to: Day?

    public init(what: String, from: Day, to: Day?) {
        self.what = what
        self.from = from
        self.to = to
    }

    public func covers(_ day: Day) -> Bool { from <= day && (to.map { day <= $0 } ?? true) }

    /// The days from `first` through `last` not covered by any of `held` (each a first day and
    /// an optional last day): when a credential of this kind was not held. Nothing when none is
    /// recorded, since Consort then does not know.
    public static func gaps(
        _ what: String, held: [(from: Day, to: Day?)], from first: Day, through last: Day
    ) -> [Lapse] {
        guard !held.isEmpty else { return [] }
        var out: [Lapse] = []
        var cursor = first
        for period in held.sorted(by: { $0.from < $1.from }) {
            if cursor > last { break }
            if period.from > cursor {
                out.append(Lapse(what: what, from: cursor, to: min(period.from.adding(days: -1), last)))
            }
            guard let end = period.to else { return out }
            if end >= cursor { cursor = end.adding(days: 1) }
        }
        if cursor <= last { out.append(Lapse(what: what, from: cursor, to: last)) }
        return out
    }
}

extension Clinician {
    /// The lapse that stops them practising on a day, if any.
    public func lapse(on day: Day) -> Lapse? { lapses.first { $0.covers(day) } }

    func worksElsewhere(during s: RotaSession) -> Bool { elsewhere.contains { $0.overlaps(s) } }

    /// Whether one more session in `day`'s month, with `here` already planned in this rota, would
    /// take the person over their limit across federations.
    func overOverallLimit(_ here: Int, in day: Day) -> Bool {
        guard let limit = overallLimit else { return false }
        let there = elsewhere.filter { $0.day.year == day.year && $0.day.month == day.month }.count
        return here + there >= limit
    }

    /// A hand-edited rota's problems that come from the person rather than this federation: a
    /// lapsed credential, a session at the same time for another federation, more sessions a
    /// month across federations than their overall limit.
    func personConflicts(_ mine: [RotaSession]) -> [RotaConflict] {
        var out: [RotaConflict] = []
        for s in mine {
            if let lapse = lapse(on: s.day) {
                out.append(
                    RotaConflict(
                        kind: .credentialLapsed, sessions: [s.id],
                        message: "\(name) may not practise on \(s.day.long): their \(lapse.what) had lapsed."))
            }
            if let other = elsewhere.first(where: { $0.overlaps(s) }) {
                out.append(
                    RotaConflict(
                        kind: .personDoubleBooked, sessions: [s.id],
                        message: "\(name) already works then for another federation: \(other.when) at \(other.hub)."))
            }
        }
        if let limit = overallLimit {
            let months = Dictionary(grouping: mine, by: { $0.day.year * 100 + $0.day.month })
            for (month, list) in months.sorted(by: { $0.key < $1.key }) {
                let there = elsewhere.filter { $0.day.year * 100 + $0.day.month == month }.count
                guard list.count + there > limit else { continue }
                out.append(
                    RotaConflict(
                        kind: .overLimit, sessions: list.map(\.id),
                        message:
                            "\(name) has \(list.count + there) sessions in \(Day.monthNames[month % 100 - 1]) "
                            + "\(month / 100) across every federation (\(there) elsewhere), more than their limit of "
                            + "\(limit)."))
            }
        }
        return out
    }
}
