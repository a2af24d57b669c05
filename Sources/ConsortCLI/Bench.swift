import Access
import ArgumentParser
import ConsortCore
import Foundation

/// `consort bench`: measurements that print numbers (see BENCHMARKS.md).
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure Consort's engines.", subcommands: [RotaBench.self, FunnelBench.self, BallotBench.self])
}

/// `consort bench rota`: builds and checks a rota for generated hubs and clinicians, against a
/// first-fit reference (each session to the first eligible clinician, no fairness) in the same run.
struct RotaBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rota",
        abstract: "Time the rota builder and its conflict check on generated hubs and clinicians (demo data).")

    @Option(help: "Hubs, each with two GP rooms, a nurse room and a room for other clinicians.")
    var hubs = 10
    @Option(help: "Clinicians (about half GPs, a third nurses, the rest other clinicians; one in ten sessional).")
    var clinicians = 300
    @Option(help: "Member practices the clinicians come from.")
    var practices = 40
    @Option(help: "Days in the rota's period.")
    var days = 92
    @Option(help: "Timed repeats; the median is printed.")
    var repeats = 5
    @Option(help: "The random seed for the generated inputs.")
    var seed: UInt64 = 1

    func validate() throws {
        guard (1...200).contains(hubs) else { throw ValidationError("--hubs must be 1 to 200") }
        guard (1...20_000).contains(clinicians) else { throw ValidationError("--clinicians must be 1 to 20,000") }
        guard (1...1_000).contains(practices) else { throw ValidationError("--practices must be 1 to 1,000") }
        guard (1...366).contains(days) else { throw ValidationError("--days must be 1 to 366") }
        guard (1...100).contains(repeats) else { throw ValidationError("--repeats must be 1 to 100") }
    }

    func run() async throws {
        let first = Day(year: 2026, month: 1, day: 5)!
        let last = first.adding(days: days - 1)
        var random = Xoshiro256(seed: seed)
        let hubNames = (1...hubs).map { "Hub \($0)" }
        var templates: [SessionTemplate] = []
        for hub in hubNames {
            for (room, lastDay, end, role) in [
                ("1", 5, 17 * 60, StaffRole.gp), ("2", 5, 17 * 60, .gp), ("3", 5, 13 * 60, .nurse), ("4", 4, 0, .other),
            ] {
                templates.append(
                    SessionTemplate(
                        id: "\(hub)/\(room)/wk", hub: hub, room: room, firstWeekday: 0, lastWeekday: 4, start: 1110,
                        end: 1200, role: role))
                if lastDay == 5 {
                    templates.append(
                        SessionTemplate(
                            id: "\(hub)/\(room)/sat", hub: hub, room: room, firstWeekday: 5, lastWeekday: 5, start: 540,
                            end: end, role: role))
                }
            }
        }
        let sessions = templates.flatMap { $0.sessions(from: first, through: last) }
        let patterns = [
            "Mon-Fri 18:00-21:00; Sat 08:30-17:30", "Mon-Wed 18:00-20:30; Sat 08:30-17:30", "Wed-Fri 18:00-20:30",
            "Tue-Thu 18:00-20:30; Sat 08:30-13:30",
        ]
        .map { try! WeeklyPattern(parsing: $0) }
        let staff: [Clinician] = (0..<clinicians).map { i in
            let r = Double.random(in: 0..<1, using: &random)
            let role: StaffRole = r < 0.5 ? .gp : r < 0.8 ? .nurse : .other
            let practice =
                Double.random(in: 0..<1, using: &random) < 0.1
                ? nil : "P\(Int.random(in: 1...practices, using: &random))"
            let reach = Set((0..<3).map { _ in hubNames[Int.random(in: 0..<hubs, using: &random)] })
            return Clinician(
                id: "c\(i)", name: "Demo clinician \(i)", role: role, practice: practice,
                maxSessionsPerMonth: Int.random(in: 4...12, using: &random),
                hubs: reach,
                availability: patterns[Int.random(in: 0..<patterns.count, using: &random)].availability(
                    from: first, through: last))
        }
        var shares: [String: Int] = [:]
        for p in 1...practices { shares["P\(p)"] = Int.random(in: 3_000...20_000, using: &random) }
        let weekMinutes = templates.reduce(0) { $0 + ($1.lastWeekday - $1.firstWeekday + 1) * ($1.end - $1.start) }
        let required = weekMinutes * 7 / 10

        func time<T>(_ body: () -> T) -> (T, Double) {
            var result: T?
            var seconds: [Double] = []
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                result = body()
                seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            return (result!, seconds.sorted()[seconds.count / 2])
        }
        let (rota, buildTime) = time {
            RotaBuilder.build(
                sessions: sessions, clinicians: staff, shares: shares, requiredMinutesPerWeek: required, gpCover: true)
        }
        let (found, checkTime) = time {
            RotaBuilder.conflicts(sessions: sessions, clinicians: staff, assignments: rota.assignments)
        }
        let (reference, referenceTime) = time { firstFit(sessions: sessions, clinicians: staff, required: required) }

        func unfairness(_ assignments: [String: String]) -> Double {
            let people = Dictionary(uniqueKeysWithValues: staff.map { ($0.id, $0) })
            let byID = Dictionary(uniqueKeysWithValues: sessions.map { ($0.id, $0) })
            var minutes: [String: Int] = [:]
            for (s, c) in assignments { if let p = people[c]?.practice { minutes[p, default: 0] += byID[s]!.minutes } }
            let total = Double(minutes.values.reduce(0, +))
            let patients = Double(shares.values.reduce(0, +))
            guard total > 0 else { return 0 }
            return shares.map { abs(Double(minutes[$0.key, default: 0]) / total - Double($0.value) / patients) }.reduce(
                0, +) / 2
        }
        func weeksMet(_ assignments: [String: String]) -> Int {
            let byID = Dictionary(uniqueKeysWithValues: sessions.map { ($0.id, $0) })
            var perWeek: [Day: Int] = [:]
            for s in assignments.keys { perWeek[byID[s]!.day.weekStart, default: 0] += byID[s]!.minutes }
            return perWeek.values.filter { $0 >= required }.count
        }
        let weeks = Set(sessions.map(\.day.weekStart)).count
        print(
            "Rota: \(hubs) hubs, \(grouped(sessions.count)) sessions over \(days) days, \(grouped(clinicians)) "
                + "clinicians of \(practices) practices; \(grouped(required)) minutes required a week"
        )
        print("median of \(repeats) runs        seconds  sessions/s  staffed  weeks met  practice share gap  conflicts")
        func row(_ name: String, _ t: Double, _ a: [String: String], conflicts: Int?) {
            print(
                name.padding(toLength: 22, withPad: " ", startingAt: 0)
                    + String(
                        format: "%9.3f  %10.0f  %7d  %4d of %-3d  %17.1f%%  %9@", t, Double(sessions.count) / t,
                        a.count, weeksMet(a), weeks,
                        unfairness(a) * 100, conflicts.map(String.init) ?? "–"))
        }
        row("RotaBuilder.build", buildTime, rota.assignments, conflicts: found.count)
        row("first fit (reference)", referenceTime, reference, conflicts: nil)
        print(String(format: "RotaBuilder.conflicts on the built rota: %.3f s", checkTime))
    }

    /// Each session, in time order, to the first clinician of the right role who can reach the
    /// hub, is available, is not already working then and is under their monthly limit, until
    /// the week's minutes are met: the simplest rota, to measure the builder against.
    func firstFit(sessions: [RotaSession], clinicians: [Clinician], required: Int) -> [String: String] {
        var out: [String: String] = [:]
        var busy: [String: [RotaSession]] = [:]
        var month: [String: Int] = [:]
        var week: [Day: Int] = [:]
        for s in sessions.sorted(by: { ($0.day, $0.start, $0.id) < ($1.day, $1.start, $1.id) })
        where week[s.day.weekStart, default: 0] < required {
            let key = { (c: Clinician) in "\(c.id)|\(s.day.year)-\(s.day.month)" }
            guard
                let c = clinicians.first(where: { c in
                    c.role == s.role && c.hubs.contains(s.hub)
                        && c.availability.contains { $0.day == s.day && $0.start <= s.start && s.end <= $0.end }
                        && month[key(c), default: 0] < c.maxSessionsPerMonth
                        && !(busy[c.id] ?? []).contains { $0.day == s.day && $0.start < s.end && s.start < $0.end }
                })
            else { continue }
            out[s.id] = c.id
            busy[c.id, default: []].append(s)
            month[key(c), default: 0] += 1
            week[s.day.weekStart, default: 0] += s.minutes
        }
        return out
    }
}
