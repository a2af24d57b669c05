import Access
import ConsortCore
import Foundation
import Testing

@Suite("Rota: the person behind a clinician")
struct PersonRotaTests {
    let shares = ["P1": 20_000, "P2": 10_000]
    let march = Day(year: 2023, month: 3, day: 1)!

    @Test("Lapses: the days of a period no record of a credential covers; none when nothing is recorded")
    func lapseGaps() {
        let d = { (n: Int) in Day(year: 2023, month: 3, day: n)! }
        // Held 1–10 March and from 15 March on: lapsed 11–14.
        let gaps = Lapse.gaps("Indemnity", held: [(d(1), d(10)), (d(15), nil)], from: d(1), through: d(31))
        #expect(gaps == [Lapse(what: "Indemnity", from: d(11), to: d(14))])
        // Expired on the 20th and never renewed: lapsed from the 21st to the period's end.
        #expect(
            Lapse.gaps("GMC", held: [(d(1), d(20))], from: d(6), through: d(31))
                == [Lapse(what: "GMC", from: d(21), to: d(31))])
        // Issued only on the 10th: not held before it.
        #expect(
            Lapse.gaps("NPL", held: [(d(10), nil)], from: d(6), through: d(31))
                == [Lapse(what: "NPL", from: d(6), to: d(9))])
        // Overlapping records leave no gap; no record at all is not a lapse (Consort does not know).
        #expect(Lapse.gaps("GMC", held: [(d(1), d(12)), (d(10), d(31))], from: d(1), through: d(31)).isEmpty)
        #expect(Lapse.gaps("GMC", held: [], from: d(1), through: d(31)).isEmpty)
    }

    @Test("A clinician whose indemnity lapsed is not given sessions on those days, and the gap says why")
    func lapsedCredential() {
        let list = sessions(weeks: 2)
        var staff = clinicians(gps: [("g1", "P1")], nurses: [("n1", "P1")])
        let monday = Day(year: 2023, month: 3, day: 6)!
        // The only GP's indemnity lapsed for the second week.
        staff[0].lapses = [Lapse(what: "Indemnity", from: monday.adding(days: 7), to: monday.adding(days: 13))]
        let rota = RotaBuilder.build(
            sessions: list, clinicians: staff, shares: shares, requiredMinutesPerWeek: 600, gpCover: true)
        let byID = Dictionary(uniqueKeysWithValues: list.map { ($0.id, $0) })
        let gpDays = rota.assignments.filter { $0.value == "g1" }.map { byID[$0.key]!.day }
        #expect(!gpDays.isEmpty && gpDays.allSatisfy { $0 < monday.adding(days: 7) }, "\(gpDays)")
        #expect(!rota.weeks[1].gpCovered)
        let text = rota.gaps.map(\.message).joined(separator: "\n")
        #expect(text.contains("1 not able to practise: Indemnity lapsed"), "\(text)")
        // Put on such a session by hand, it is a conflict naming the credential.
        let session = list.first { $0.day == monday.adding(days: 8) && $0.role == .gp }!
        let conflicts = RotaBuilder.conflicts(sessions: list, clinicians: staff, assignments: [session.id: "g1"])
        #expect(conflicts.contains { $0.kind == .credentialLapsed && $0.message.contains("Indemnity had lapsed") })
    }

    @Test(
        """
        One person on two federations' lists: sessions for the other federation count against the limit across both, \
        and the person is never in two places at once
        """
    )
    func acrossFederations() {
        let list = sessions(weeks: 2)
        var staff = clinicians(gps: [("g1", "P1"), ("g2", "P2")], nurses: [])
        // g1 is a person who also works Monday and Tuesday evenings of the first week for another federation
        // (18:00–20:30), with at most 4 sessions a month across both; their limit here alone is 12.
        let monday = Day(year: 2023, month: 3, day: 6)!
        staff[0].overallLimit = 4
        staff[0].elsewhere = [0, 1].map {
            RotaSession(
                id: "other-\($0)", hub: "West hub", room: "1", day: monday.adding(days: $0), start: 18 * 60,
                end: 20 * 60 + 30, role: .gp)
        }
        let rota = RotaBuilder.build(
            sessions: list, clinicians: staff, shares: shares, requiredMinutesPerWeek: 10_000, gpCover: true)
        let byID = Dictionary(uniqueKeysWithValues: list.map { ($0.id, $0) })
        let mine = rota.assignments.filter { $0.value == "g1" }.map { byID[$0.key]! }
        #expect(mine.count == 2, "4 across both federations, 2 of them elsewhere: \(mine.map(\.when))")
        #expect(!mine.contains { $0.day == monday || $0.day == monday.adding(days: 1) })
        #expect(RotaBuilder.conflicts(sessions: list, clinicians: staff, assignments: rota.assignments).isEmpty)
        // By hand: a third session, and one at the same time as the other federation's, are conflicts.
        var edited = rota.assignments
        let clash = list.first { $0.day == monday && $0.role == .gp && edited[$0.id] != "g1" }!
        edited[clash.id] = "g1"
        let found = RotaBuilder.conflicts(sessions: list, clinicians: staff, assignments: edited)
        #expect(found.contains { $0.kind == .personDoubleBooked && $0.message.contains("another federation") })
        #expect(found.contains { $0.kind == .overLimit && $0.message.contains("5 sessions in March 2023") })
        // Without the overall limit the same person takes more sessions here.
        staff[0].overallLimit = nil
        let free = RotaBuilder.build(
            sessions: list, clinicians: staff, shares: shares, requiredMinutesPerWeek: 10_000, gpCover: true)
        #expect(free.assignments.filter { $0.value == "g1" }.count > 2)
    }
}
