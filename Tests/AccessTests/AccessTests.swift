import Access
import ConsortCore
import Foundation
import Testing

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let library = PolicyLibrary(directory: root.appendingPathComponent("policies"))

@Suite("Extended access capacity")
struct CapacityTests {
    @Test(
        """
        pcn-2019: 30 minutes per 1,000 registered patients, to the nearest quarter hour (50,000 patients → 25 hours)
        """)
    func pcn2019() throws {
        let policy = try library.load("pcn-2019")
        let fifty = try Capacity.requirement(policy: policy, registered: 50_000, adjusted: 61_000)
        #expect(fifty.minutesPerWeek == 1_500 && fifty.hoursPerWeek == 25)
        #expect(fifty.basis == "registered" && fifty.population == 50_000)
        #expect(fifty.minBlockMinutes == 30 && !fifty.gpCover)
        // 37,777 × 30 / 1,000 = 1,133.31 minutes → 75.55 quarter hours → 76 → 1,140 minutes.
        #expect(try Capacity.requirement(policy: policy, registered: 37_777, adjusted: 0).minutesPerWeek == 1_140)
        // 12,345 → 370.35 → 24.69 quarter hours → 25 → 375.
        #expect(try Capacity.requirement(policy: policy, registered: 12_345, adjusted: 0).minutesPerWeek == 375)
        // Exactly halfway rounds up: 12,250 → 367.5 → 24.5 quarter hours → 25.
        #expect(try Capacity.requirement(policy: policy, registered: 12_250, adjusted: 0).minutesPerWeek == 375)
    }

    @Test(
        """
        enhanced-access-2022: 60 minutes per 1,000 adjusted population in Mon–Fri 18:30–20:00 and \
        Sat 09:00–17:00, with GP cover
        """
    )
    func enhanced2022() throws {
        let policy = try library.load("enhanced-access-2022")
        let r = try Capacity.requirement(policy: policy, registered: 40_000, adjusted: 50_000)
        #expect(r.basis == "adjusted" && r.minutesPerWeek == 3_000 && r.gpCover)
        #expect(r.windowMinutesPerWeek == 5 * 90 + 480)
        #expect(r.bookAheadDays == 14 && r.sameDay)
        // 41,234.56 × 60 / 1,000 = 2,474.07 minutes: up to 2,475.
        #expect(try Capacity.requirement(policy: policy, registered: 0, adjusted: 41_234.56).minutesPerWeek == 2_475)
        #expect(try Capacity.requirement(policy: policy, registered: 0, adjusted: 1_000).minutesPerWeek == 60)
    }

    @Test("A policy without an access rule, or a negative population, is refused with a reason")
    func refusals() throws {
        let policy = try library.load("gp-consortia-2010")
        #expect(throws: AccessError.noAccessRule(policy: "gp-consortia-2010")) {
            try Capacity.requirement(policy: policy, registered: 50_000, adjusted: 50_000)
        }
        #expect(throws: AccessError.badPopulation(-1)) {
            try Capacity.requirement(policy: try library.load("pcn-2019"), registered: -1, adjusted: 0)
        }
    }
}

@Suite("NHS numbers")
struct NHSNumberTests {
    @Test(
        """
        The modulus 11 check digit: valid, mistyped, wrong length, not digits, and numbers that can have no check \
        digit
        """
    )
    func checkDigit() throws {
        #expect(try NHSNumber("9434765919").digits == "9434765919")
        #expect(try NHSNumber("943 476 5919").description == "943 476 5919")
        #expect(try NHSNumber("943-476-5919").digits == "9434765919")
        #expect(throws: NHSNumber.Problem.checkDigit) { try NHSNumber("9434765918") }
        #expect(throws: NHSNumber.Problem.checkDigit) { try NHSNumber("4934765919") }  // two digits swapped
        #expect(throws: NHSNumber.Problem.length(9)) { try NHSNumber("943476591") }
        #expect(throws: NHSNumber.Problem.length(11)) { try NHSNumber("94347659190") }
        #expect(throws: NHSNumber.Problem.notDigits) { try NHSNumber("94347659A9") }
        // 9×10 + 4×9 + 3×8 + 4×7 + 7×6 + 6×5 + 5×4 + 9×3 + 1×2 = 299; 299 mod 11 = 2; 11 − 2 = 9.
        #expect(NHSNumber.checkDigit([9, 4, 3, 4, 7, 6, 5, 9, 1]) == 9)
        // A remainder of 0 gives 11, written 0.
        #expect(NHSNumber.checkDigit([0, 0, 0, 0, 0, 0, 0, 0, 0]) == 0)
        // A remainder of 1 gives 10: such nine digits have no valid check digit, so no number starting with them is
        // valid.
        let nine = (0..<1000).lazy.map { n in [n / 100, n / 10 % 10, n % 10, 1, 2, 3, 4, 5, 6] }.first {
            NHSNumber.checkDigit($0) == nil
        }!
        for last in 0...9 {
            #expect(throws: NHSNumber.Problem.checkDigit) {
                try NHSNumber(nine.map(String.init).joined() + String(last))
            }
        }
    }
}

@Suite("Days of the week")
struct WeekdayTests {
    @Test("Weekdays and the Monday of the week")
    func weekdays() {
        #expect(Day(year: 1970, month: 1, day: 1)!.weekday == 3)  // Thursday
        #expect(Day(year: 2022, month: 1, day: 1)!.weekday == 5)  // Saturday
        #expect(Day(year: 1969, month: 12, day: 29)!.weekday == 0)  // Monday, before the epoch
        #expect(Day(year: 2022, month: 1, day: 1)!.weekStart == Day(year: 2021, month: 12, day: 27)!)
        #expect(Day(year: 2026, month: 11, day: 25)!.weekday == 2)  // Wednesday
    }
}

/// Four weeks from Monday 6 March 2023 at two hubs: Mon–Fri 18:30–20:00 in a GP room and a
/// nurse room, Saturday 09:00–17:00 in the GP room.
func sessions(weeks: Int = 4) -> [RotaSession] {
    var out: [RotaSession] = []
    let monday = Day(year: 2023, month: 3, day: 6)!
    for w in 0..<weeks {
        for d in 0..<6 {
            let day = monday.adding(days: 7 * w + d)
            for hub in ["North hub", "South hub"] {
                if d < 5 {
                    out.append(
                        RotaSession(
                            id: "\(hub)-\(day.iso)-gp", hub: hub, room: "1", day: day, start: 18 * 60 + 30,
                            end: 20 * 60, role: .gp))
                    out.append(
                        RotaSession(
                            id: "\(hub)-\(day.iso)-nurse", hub: hub, room: "2", day: day, start: 18 * 60 + 30,
                            end: 20 * 60, role: .nurse))
                } else {
                    out.append(
                        RotaSession(
                            id: "\(hub)-\(day.iso)-sat", hub: hub, room: "1", day: day, start: 9 * 60, end: 17 * 60,
                            role: .gp))
                }
            }
        }
    }
    return out
}

/// Demo clinicians available every evening and Saturday of the period.
func clinicians(
    gps: [(String, String?)], nurses: [(String, String?)], limit: Int = 12, days: Int = 28, saturdays: Bool = true
) -> [Clinician] {
    let monday = Day(year: 2023, month: 3, day: 6)!
    var windows: [Availability] = []
    for d in 0..<days {
        let day = monday.adding(days: d)
        if day.weekday < 5 { windows.append(Availability(day: day, start: 18 * 60, end: 21 * 60)) }
        if day.weekday == 5 && saturdays { windows.append(Availability(day: day, start: 8 * 60, end: 18 * 60)) }
    }
    let hubs: Set<String> = ["North hub", "South hub"]
    return gps.map {
        Clinician(
            id: $0.0, name: "Demo GP \($0.0)", role: .gp, practice: $0.1, maxSessionsPerMonth: limit, hubs: hubs,
            availability: windows)
    }
        + nurses.map {
            Clinician(
                id: $0.0, name: "Demo nurse \($0.0)", role: .nurse, practice: $0.1, maxSessionsPerMonth: limit,
                hubs: hubs, availability: windows)
        }
}

@Suite("Rota")
struct RotaTests {
    let shares = ["P1": 20_000, "P2": 10_000, "P3": 10_000]

    @Test(
        """
        With enough availability: every week covered with GP cover, nobody double-booked, limits kept, fair between \
        practices, and no conflicts
        """
    )
    func covered() {
        let list = sessions()
        let staff = clinicians(
            gps: [("g1", "P1"), ("g2", "P1"), ("g3", "P2"), ("g4", "P3"), ("g5", nil)],
            nurses: [("n1", "P1"), ("n2", "P2"), ("n3", "P3")])
        // 40,000 patients under pcn-2019: 1,200 minutes a week.
        let rota = RotaBuilder.build(
            sessions: list, clinicians: staff, shares: shares, requiredMinutesPerWeek: 1_200, gpCover: true)
        #expect(rota.weeks.count == 4)
        for week in rota.weeks { #expect(week.plannedMinutes >= 1_200 && week.gpCovered, "\(week)") }
        #expect(rota.gaps.isEmpty, "\(rota.gaps)")
        // Limits are per calendar month (the period runs into April).
        let byID = Dictionary(uniqueKeysWithValues: list.map { ($0.id, $0) })
        let perMonth = Dictionary(
            grouping: rota.assignments.map { ($0.value, byID[$0.key]!.day.month) }, by: { "\($0.0)-\($0.1)" }
        ).mapValues(\.count)
        #expect(perMonth.keys.contains { $0.hasSuffix("-4") })
        for c in staff { for m in [3, 4] { #expect(perMonth["\(c.id)-\(m)", default: 0] <= c.maxSessionsPerMonth) } }
        #expect(RotaBuilder.conflicts(sessions: list, clinicians: staff, assignments: rota.assignments).isEmpty)
        // Member practices staff minutes in proportion to their patients, within one Saturday session.
        let memberMinutes = ["P1", "P2", "P3"].reduce(0) { $0 + rota.practiceMinutes[$1, default: 0] }
        for (p, share) in shares {
            let fair = Double(memberMinutes) * Double(share) / 40_000
            #expect(
                abs(Double(rota.practiceMinutes[p, default: 0]) - fair) <= 480,
                "\(p): \(rota.practiceMinutes) fair \(fair)")
        }
        // Sessional clinicians only when needed: here never.
        #expect(rota.practiceMinutes[""] == nil)
        #expect(
            RotaBuilder.build(
                sessions: list, clinicians: staff, shares: shares, requiredMinutesPerWeek: 1_200, gpCover: true) == rota
        )
    }

    @Test("Too little availability: the shortfall each week, and why each session went unstaffed")
    func gaps() {
        let list = sessions(weeks: 1)
        let staff = clinicians(gps: [("g1", "P1")], nurses: [], limit: 3, days: 7, saturdays: false)
        let rota = RotaBuilder.build(
            sessions: list, clinicians: staff, shares: shares, requiredMinutesPerWeek: 1_500, gpCover: true)
        #expect(rota.weeks[0].plannedMinutes == 270)  // three 90-minute evenings: the limit
        #expect(!rota.weeks[0].gpCovered)
        let text = rota.gaps.map(\.message).joined(separator: "\n")
        #expect(text.contains("270 of the 1,500 minutes required are staffed; 1,230 short"), "\(text)")
        #expect(text.contains("no GP on duty at North hub — 1 not available"), "\(text)")
        #expect(text.contains("no nurse is on the rota's list"), "\(text)")
        #expect(text.contains("1 at their limit of sessions"), "\(text)")
        #expect(RotaBuilder.conflicts(sessions: list, clinicians: staff, assignments: rota.assignments).isEmpty)
    }

    @Test(
        """
        Hand edits are checked: double-booked people and rooms, availability, limits, reach, role, policy hours and \
        block length
        """
    )
    func conflicts() throws {
        let monday = Day(year: 2023, month: 3, day: 6)!
        let sunday = monday.adding(days: 6)
        let list = [
            RotaSession(id: "a", hub: "North hub", room: "1", day: monday, start: 1110, end: 1200, role: .gp),
            RotaSession(id: "b", hub: "South hub", room: "1", day: monday, start: 1140, end: 1200, role: .gp),
            RotaSession(id: "c", hub: "North hub", room: "1", day: monday, start: 1170, end: 1190, role: .nurse),
            RotaSession(id: "d", hub: "West hub", room: "1", day: sunday, start: 600, end: 700, role: .gp),
        ]
        var staff = clinicians(gps: [("g1", "P1")], nurses: [("n1", "P2")], limit: 1, days: 7)
        let policy = try library.load("enhanced-access-2022")
        let windows = policy.rules(for: .network)!.access!.hours.compactMap(AccessWindow.init)
        staff[1] = Clinician(
            id: "n1", name: "Demo nurse n1", role: .nurse, practice: "P2", maxSessionsPerMonth: 5, hubs: ["North hub"],
            availability: [])
        let found = RotaBuilder.conflicts(
            sessions: list, clinicians: staff, assignments: ["a": "g1", "b": "g1", "c": "n1", "d": "n1"],
            windows: windows, minBlockMinutes: 30)
        let kinds = Set(found.map(\.kind))
        #expect(
            kinds == [
                .personDoubleBooked, .roomDoubleBooked, .overLimit, .outsideAvailability, .hubOutOfReach, .wrongRole,
                .outsideHours, .tooShort,
            ],
            "\(found.map(\.message))")
        #expect(found.contains { $0.kind == .personDoubleBooked && $0.sessions == ["a", "b"] })
        #expect(found.contains { $0.kind == .roomDoubleBooked && Set($0.sessions) == ["a", "c"] })
        #expect(found.contains { $0.kind == .outsideHours && $0.sessions == ["d"] })
        #expect(found.contains { $0.kind == .tooShort && $0.sessions == ["c"] })
    }
}

@Suite("iCalendar feeds")
struct ICalendarTests {
    @Test("A clinician's feed: their sessions only, UK local times with the time zone's rules, CRLF lines")
    func personFeed() {
        let list = sessions(weeks: 1)
        let staff = clinicians(gps: [("g1", "P1"), ("g2", "P2")], nurses: [("n1", "P1")], limit: 20, days: 7)
        let rota = RotaBuilder.build(
            sessions: list, clinicians: staff, shares: ["P1": 1, "P2": 1], requiredMinutesPerWeek: 1_000, gpCover: true)
        let mine = RotaBuilder.events(rota, sessions: list, clinicians: staff, person: "g1")
        #expect(!mine.isEmpty)
        #expect(mine.count == rota.personSessions["g1"])
        let text = ICalendar.document(
            name: "Demo GP g1, extended access", events: mine, stamp: Date(timeIntervalSince1970: 1_678_000_000))
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(text.components(separatedBy: "BEGIN:VEVENT").count - 1 == mine.count)
        #expect(text.contains("TZID:Europe/London") && text.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"))
        #expect(text.contains("DTSTAMP:20230305T070640Z"))
        let first = list.first { rota.assignments[$0.id] == "g1" }!
        let firstDay = first.day.iso.replacingOccurrences(of: "-", with: "")
        #expect(text.contains("DTSTART;TZID=Europe/London:\(firstDay)T\(first.start == 540 ? "0900" : "1830")00"))
        #expect(
            RotaBuilder.events(rota, sessions: list, clinicians: staff, hub: "North hub").allSatisfy {
                $0.location.hasPrefix("North hub")
            })
    }

    @Test("Text is escaped and long lines are folded at 75 octets without splitting a character")
    func escapingAndFolding() {
        #expect(
            ICalendar.escape("Room 1; back, door\\side\nsecond line") == "Room 1\\; back\\, door\\\\side\\nsecond line")
        let long = "DESCRIPTION:" + String(repeating: "é", count: 60)  // 12 + 120 octets
        let folded = ICalendar.fold(long)
        let lines = folded.components(separatedBy: "\r\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(lines[1].hasPrefix(" "))
        #expect(lines[0] + lines[1].dropFirst() == long)
        #expect(ICalendar.fold("SUMMARY:short") == "SUMMARY:short")
    }
}

@Suite("Weekly patterns and session templates")
struct PatternTests {
    @Test("Availability and opening hours are parsed, written back, expanded over a period and checked")
    func pattern() throws {
        let p = try WeeklyPattern(parsing: " Mon-Fri  18:00-21:00 ;\nSat 08:00-13:00")
        #expect(p.text == "Mon-Fri 18:00-21:00; Sat 08:00-13:00")
        #expect(try WeeklyPattern(parsing: p.text) == p)
        #expect(try WeeklyPattern(parsing: "").windows.isEmpty)
        let monday = Day(year: 2023, month: 3, day: 6)!
        let times = p.availability(from: monday, through: monday.adding(days: 13))
        #expect(times.count == 12)  // ten evenings and two Saturday mornings
        #expect(times.filter { $0.day.weekday == 5 }.allSatisfy { $0.start == 480 && $0.end == 780 })
        #expect(p.covers(day: monday, start: 18 * 60 + 30, end: 20 * 60))
        #expect(!p.covers(day: monday, start: 17 * 60 + 30, end: 20 * 60))
        #expect(!p.covers(day: monday.adding(days: 6), start: 600, end: 660))  // Sunday
        #expect(throws: PatternError.badWindow("Mon-Fri 6pm-9pm")) { try WeeklyPattern(parsing: "Mon-Fri 6pm-9pm") }
        #expect(throws: PatternError.badWindow("Fri-Mon 18:00-20:00")) {
            try WeeklyPattern(parsing: "Fri-Mon 18:00-20:00")
        }
    }

    @Test("A template gives one session on each of its days in the period")
    func template() {
        let t = SessionTemplate(
            id: "t1", hub: "North hub", room: "1", firstWeekday: 0, lastWeekday: 4, start: 1110, end: 1200, role: .gp)
        #expect(t.window?.text == "Mon-Fri 18:30-20:00")
        let wednesday = Day(year: 2023, month: 3, day: 8)!
        let list = t.sessions(from: wednesday, through: wednesday.adding(days: 6))
        #expect(list.map(\.day.weekday) == [2, 3, 4, 0, 1])
        #expect(list.first?.id == "t1-2023-03-08" && list.allSatisfy { $0.minutes == 90 && $0.role == .gp })
        #expect(t.sessions(from: wednesday, through: wednesday.adding(days: -1)).isEmpty)
    }
}

@Suite("GP cover")
struct GPCoverTests {
    @Test("A GP on a long session covers a shorter block within it; a block no GP session covers is a gap")
    func longSessionCovers() {
        let saturday = Day(year: 2023, month: 3, day: 11)!
        let list = [
            RotaSession(id: "gp", hub: "North hub", room: "1", day: saturday, start: 540, end: 1020, role: .gp),
            RotaSession(id: "nurse", hub: "North hub", room: "2", day: saturday, start: 540, end: 780, role: .nurse),
            RotaSession(id: "late", hub: "North hub", room: "2", day: saturday, start: 1020, end: 1080, role: .nurse),
        ]
        let staff = [
            Clinician(
                id: "g1", name: "Demo GP g1", role: .gp, practice: "P1", maxSessionsPerMonth: 4, hubs: ["North hub"],
                availability: [Availability(day: saturday, start: 480, end: 1100)]),
            Clinician(
                id: "n1", name: "Demo nurse n1", role: .nurse, practice: "P1", maxSessionsPerMonth: 4,
                hubs: ["North hub"], availability: [Availability(day: saturday, start: 480, end: 1100)]),
        ]
        let rota = RotaBuilder.build(
            sessions: list, clinicians: staff, shares: ["P1": 1], requiredMinutesPerWeek: 780, gpCover: true)
        #expect(rota.assignments["gp"] == "g1" && rota.assignments["nurse"] == "n1")
        #expect(!rota.weeks[0].gpCovered)
        #expect(rota.gaps.count == 1 && rota.gaps[0].message.contains("17:00–18:00: no GP on duty"), "\(rota.gaps)")
    }
}
