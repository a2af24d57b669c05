import ConsortCore
import Foundation

/// Who can staff a session.
public enum StaffRole: String, Sendable, Codable, CaseIterable {
    case gp, nurse, other

    public var label: String {
        switch self {
        case .gp: return "GP"
        case .nurse: return "Nurse"
        case .other: return "Other clinician"
        }
    }
}

/// One session a hub could run: a room at a time on a day, for a role.
public struct RotaSession: Sendable, Codable, Equatable {
    public let id: String
    public let hub: String
    public let room: String
    public let day: Day
    /// Minutes after midnight.
    public let start: Int
    public let end: Int
    public let role: StaffRole

    public init(id: String, hub: String, room: String, day: Day, start: Int, end: Int, role: StaffRole) {
        self.id = id
        self.hub = hub
        self.room = room
        self.day = day
        self.start = start
        self.end = end
        self.role = role
    }

    public var minutes: Int { end - start }

    func overlaps(_ other: RotaSession) -> Bool { day == other.day && start < other.end && other.start < end }

    /// "Sat 4 Mar 2023 09:00–17:00".
    public var when: String {
        "\(AccessWindow.dayNames[day.weekday]) \(day.short) \(AccessWindow.clock(start))–\(AccessWindow.clock(end))"
    }
}

/// A time a clinician can work.
public struct Availability: Sendable, Codable, Equatable {
    public let day: Day
    public let start: Int
    public let end: Int
    public init(day: Day, start: Int, end: Int) {
        self.day = day
        self.start = start
        self.end = end
    }

    func covers(_ s: RotaSession) -> Bool { day == s.day && start <= s.start && s.end <= end }
}

/// A rota: who staffs which session, the minutes planned each week against the requirement,
/// and why any week falls short.
public struct Rota: Sendable, Codable, Equatable {
    public struct Week: Sendable, Codable, Equatable {
        public let start: Day
        public let requiredMinutes: Int
        public let plannedMinutes: Int
        /// Every open time block has a GP on duty (always true when the policy does not ask).
        public let gpCovered: Bool
    }

    public struct Gap: Sendable, Codable, Equatable {
        public let week: Day
        public let session: String?
        public let message: String
    }

    /// Session id → clinician id.
    public var assignments: [String: String]
    public var weeks: [Week]
    public var gaps: [Gap]
    /// Minutes staffed by each member practice's clinicians (sessional clinicians under "").
    public var practiceMinutes: [String: Int]
    public var personSessions: [String: Int]

    public init(
        assignments: [String: String], weeks: [Week], gaps: [Gap], practiceMinutes: [String: Int],
        personSessions: [String: Int]
    ) {
        self.assignments = assignments
        self.weeks = weeks
        self.gaps = gaps
        self.practiceMinutes = practiceMinutes
        self.personSessions = personSessions
    }
}

/// A problem with a rota edited by hand.
public struct RotaConflict: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case personDoubleBooked = "person-double-booked"
        case roomDoubleBooked = "room-double-booked"
        case outsideAvailability = "outside-availability"
        case overLimit = "over-limit"
        case hubOutOfReach = "hub-out-of-reach"
        case wrongRole = "wrong-role"
        case outsideHours = "outside-hours"
        case tooShort = "too-short"
        case credentialLapsed = "credential-lapsed"
    }
    public let kind: Kind
    public let sessions: [String]
    public let message: String

    public init(kind: Kind, sessions: [String], message: String) {
        self.kind = kind
        self.sessions = sessions
        self.message = message
    }
}

/// Builds and checks rotas. Deterministic: the same sessions, clinicians and shares give the
/// same rota.
public enum RotaBuilder {
    /// Builds a rota week by week. In each week it first puts a GP on every open time block when
    /// the policy asks for GP cover, then staffs sessions in time order until the week's
    /// required minutes are covered. Each session goes to the eligible clinician (right role,
    /// hub in reach, available for the whole session, not already working then, under their
    /// limit for the session's month) whose practice has so far staffed the fewest minutes for its share of the
    /// patients, then the one with the most of their limit left; sessional clinicians only
    /// when no member practice's clinician can.
    ///
    /// - Parameter shares: member practice code → registered patients.
    public static func build(
        sessions: [RotaSession], clinicians: [Clinician], shares: [String: Int],
        requiredMinutesPerWeek: Int, gpCover: Bool
    ) -> Rota {
        let ordered = sessions.sorted {
            ($0.day, $0.start, $0.hub, $0.room, $0.id) < ($1.day, $1.start, $1.hub, $1.room, $1.id)
        }
        let totalShare = Double(max(shares.values.reduce(0, +), 1))
        var assignments: [String: String] = [:]
        var booked: [String: [RotaSession]] = [:]
        var practiceMinutes: [String: Int] = [:]
        var personSessions: [String: Int] = [:]
        var monthSessions: [String: Int] = [:]  // "person|yyyy-mm" → sessions
        func monthKey(_ c: Clinician, _ s: RotaSession) -> String { "\(c.id)|\(s.day.year)-\(s.day.month)" }
        var weeks: [Rota.Week] = []
        var gaps: [Rota.Gap] = []

        func eligible(_ c: Clinician, _ s: RotaSession) -> Bool {
            c.role == s.role && c.hubs.contains(s.hub) && c.availability.contains { $0.covers(s) }
                && monthSessions[monthKey(c, s), default: 0] < c.maxSessionsPerMonth
                && !(booked[c.id] ?? []).contains { $0.overlaps(s) }
                && c.lapse(on: s.day) == nil && !c.worksElsewhere(during: s)
                && !c.overOverallLimit(monthSessions[monthKey(c, s), default: 0], in: s.day)
        }
        func load(_ c: Clinician) -> Double {
            guard let p = c.practice, let share = shares[p], share > 0 else { return .infinity }
            return Double(practiceMinutes[p, default: 0]) / (Double(share) / totalShare)
        }
        func used(_ c: Clinician, _ s: RotaSession) -> Double {
            Double(monthSessions[monthKey(c, s), default: 0]) / Double(max(c.maxSessionsPerMonth, 1))
        }
        func choose(_ s: RotaSession) -> Clinician? {
            clinicians.filter { eligible($0, s) }.min { a, b in
                let ka = (a.practice == nil ? 1 : 0, load(a), used(a, s), a.id)
                let kb = (b.practice == nil ? 1 : 0, load(b), used(b, s), b.id)
                return ka < kb
            }
        }
        func assign(_ s: RotaSession, _ c: Clinician) {
            assignments[s.id] = c.id
            booked[c.id, default: []].append(s)
            practiceMinutes[c.practice ?? "", default: 0] += s.minutes
            personSessions[c.id, default: 0] += 1
            monthSessions[monthKey(c, s), default: 0] += 1
        }
        /// Why nobody of the right role could take a session.
        func reason(_ s: RotaSession) -> String {
            let sameRole = clinicians.filter { $0.role == s.role }
            if sameRole.isEmpty { return "no \(s.role.label.lowercased()) is on the rota's list" }
            var counts: [String: Int] = [:]
            for c in sameRole {
                if !c.hubs.contains(s.hub) {
                    counts["cannot reach \(s.hub)", default: 0] += 1
                } else if !c.availability.contains(where: { $0.covers(s) }) {
                    counts["not available", default: 0] += 1
                } else if let lapse = c.lapse(on: s.day) {
                    counts["not able to practise: \(lapse.what) lapsed", default: 0] += 1
                } else if monthSessions[monthKey(c, s), default: 0] >= c.maxSessionsPerMonth {
                    counts["at their limit of sessions", default: 0] += 1
                } else if c.overOverallLimit(monthSessions[monthKey(c, s), default: 0], in: s.day) {
                    counts["at their limit across federations", default: 0] += 1
                } else if c.worksElsewhere(during: s) {
                    counts["working for another federation then", default: 0] += 1
                } else {
                    counts["already working then", default: 0] += 1
                }
            }
            return counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        }

        let byWeek = Dictionary(grouping: ordered, by: { $0.day.weekStart })
        for week in byWeek.keys.sorted() {
            let list = byWeek[week]!
            var planned = 0
            var covered = true
            if gpCover {
                // Every time block with a session needs a GP on duty somewhere in the network: a
                // staffed GP session covering the whole block. Longest blocks first, so that a
                // Saturday 09:00–17:00 GP also covers a 09:00–13:00 nurse block.
                let blocks = Dictionary(grouping: list, by: { "\($0.day.ordinal)-\($0.start)-\($0.end)" })
                let keys = blocks.keys.sorted { a, b in
                    let x = blocks[a]![0]
                    let y = blocks[b]![0]
                    return (x.day, -(x.minutes), x.start) < (y.day, -(y.minutes), y.start)
                }
                for key in keys {
                    let block = blocks[key]!
                    let first = block[0]
                    let onDuty = list.contains { s in
                        s.day == first.day && s.start <= first.start && first.end <= s.end
                            && assignments[s.id].map { id in clinicians.first { $0.id == id }?.role == .gp } ?? false
                    }
                    guard !onDuty else { continue }
                    var done = false
                    for s in block where s.role == .gp && assignments[s.id] == nil {
                        if let c = choose(s) {
                            assign(s, c)
                            planned += s.minutes
                            done = true
                            break
                        }
                    }
                    if !done {
                        covered = false
                        let s = block[0]
                        let gpSession = block.first { $0.role == .gp }
                        gaps.append(
                            .init(
                                week: week, session: gpSession?.id,
                                message:
                                    "\(s.when): no GP on duty at \(s.hub) — "
                                    + "\(gpSession.map(reason) ?? "no GP session is set up at that time")."
                            ))
                    }
                }
            }
            // Sessions nobody could take matter only when the week falls short.
            var unstaffed: [Rota.Gap] = []
            for s in list where planned < requiredMinutesPerWeek && assignments[s.id] == nil {
                if let c = choose(s) {
                    assign(s, c)
                    planned += s.minutes
                } else {
                    unstaffed.append(
                        .init(
                            week: week, session: s.id,
                            message:
                                "\(s.when) at \(s.hub), room \(s.room) (\(s.role.label)): unstaffed — \(reason(s))."))
                }
            }
            if planned < requiredMinutesPerWeek {
                gaps.append(
                    .init(
                        week: week, session: nil,
                        message:
                            "Week of \(week.long): \(grouped(planned)) of the \(grouped(requiredMinutesPerWeek)) "
                            + "minutes required are staffed; \(grouped(requiredMinutesPerWeek - planned)) short."
                    ))
                gaps += unstaffed
            }
            weeks.append(
                .init(
                    start: week, requiredMinutes: requiredMinutesPerWeek, plannedMinutes: planned,
                    gpCovered: !gpCover || covered))
        }
        return Rota(
            assignments: assignments, weeks: weeks, gaps: gaps, practiceMinutes: practiceMinutes,
            personSessions: personSessions)
    }

    /// Everything wrong with a rota edited by hand: people or rooms double-booked, clinicians
    /// outside their availability, over their limit, at a hub they cannot reach or in a session
    /// for another role, and sessions outside the policy's hours or shorter than its shortest
    /// block.
    public static func conflicts(
        sessions: [RotaSession], clinicians: [Clinician], assignments: [String: String],
        windows: [AccessWindow] = [], minBlockMinutes: Int? = nil
    ) -> [RotaConflict] {
        var out: [RotaConflict] = []
        let byID = Dictionary(sessions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let people = Dictionary(clinicians.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let sorted = sessions.sorted { ($0.day, $0.start, $0.id) < ($1.day, $1.start, $1.id) }
        // Rooms.
        for (i, a) in sorted.enumerated() {
            for b in sorted[(i + 1)...] where b.day == a.day && b.start < a.end {
                if a.hub == b.hub && a.room == b.room {
                    out.append(
                        .init(
                            kind: .roomDoubleBooked, sessions: [a.id, b.id],
                            message: "Room \(a.room) at \(a.hub) has two sessions at once: \(a.when) and \(b.when)."))
                }
            }
        }
        // People.
        let byPerson = Dictionary(
            grouping: assignments.compactMap { sid, pid in byID[sid].map { (pid, $0) } }, by: { $0.0 })
        for pid in byPerson.keys.sorted() {
            let mine = byPerson[pid]!.map(\.1).sorted { ($0.day, $0.start, $0.id) < ($1.day, $1.start, $1.id) }
            let name = people[pid]?.name ?? pid
            for (i, a) in mine.enumerated() {
                for b in mine[(i + 1)...] where a.overlaps(b) {
                    out.append(
                        .init(
                            kind: .personDoubleBooked, sessions: [a.id, b.id],
                            message: "\(name) is booked twice at once: \(a.when) at \(a.hub) and \(b.when) at \(b.hub)."
                        ))
                }
            }
            guard let c = people[pid] else { continue }
            out += c.personConflicts(mine)
            for (month, list) in Dictionary(grouping: mine, by: { $0.day.year * 100 + $0.day.month }).sorted(by: {
                $0.key < $1.key
            })
            where list.count > c.maxSessionsPerMonth {
                let label = "\(Day.monthNames[month % 100 - 1]) \(month / 100)"
                out.append(
                    .init(
                        kind: .overLimit, sessions: list.map(\.id),
                        message:
                            "\(name) has \(list.count) sessions in \(label), more than their limit of "
                            + "\(c.maxSessionsPerMonth) a month."
                    ))
            }
            for s in mine {
                if !c.availability.contains(where: { $0.covers(s) }) {
                    out.append(
                        .init(
                            kind: .outsideAvailability, sessions: [s.id],
                            message: "\(name) is not available for \(s.when)."))
                }
                if !c.hubs.contains(s.hub) {
                    out.append(
                        .init(
                            kind: .hubOutOfReach, sessions: [s.id],
                            message: "\(name) cannot reach \(s.hub) (\(s.when))."))
                }
                if c.role != s.role {
                    out.append(
                        .init(
                            kind: .wrongRole, sessions: [s.id],
                            message:
                                "\(name) is a \(c.role.label.lowercased()), but \(s.when) at \(s.hub) is a "
                                + "\(s.role.label.lowercased()) session."
                        ))
                }
            }
        }
        // Policy hours.
        for s in sorted {
            if !windows.isEmpty,
                !windows.contains(where: { $0.days.contains(s.day.weekday) && $0.start <= s.start && s.end <= $0.end })
            {
                out.append(
                    .init(
                        kind: .outsideHours, sessions: [s.id],
                        message: "\(s.when) at \(s.hub) is outside the policy's hours."))
            }
            if let block = minBlockMinutes, s.minutes < block {
                out.append(
                    .init(
                        kind: .tooShort, sessions: [s.id],
                        message: "\(s.when) at \(s.hub) lasts \(s.minutes) minutes, shorter than the policy's \(block)."
                    ))
            }
        }
        return out
    }
}
