import ConsortCore
import Foundation
import Quality
import Testing

@Suite("Quality: inspection readiness and the DSPT")
struct ReadinessTests {
    func day(_ s: String) -> Day { Day(iso: s)! }

    @Test("The framework has CQC's 34 statements: Safe 8, Effective 6, Caring 5, Responsive 7, Well-led 8, unique ids")
    func framework() {
        let s = AssessmentFramework.statements
        #expect(s.count == 34)
        let counts = Dictionary(grouping: s, by: \.question).mapValues(\.count)
        #expect(counts == [.safe: 8, .effective: 6, .caring: 5, .responsive: 7, .wellLed: 8])
        #expect(Set(s.map(\.id)).count == 34)
        #expect(Set(s.map(\.code)).count == 34)
        #expect(s.first?.title == "Learning culture" && s.first?.code == "S1")
        #expect(s.last?.code == "W8")
        #expect(AssessmentFramework.byID["well-led/shared-direction-culture"]?.title == "Shared direction and culture")
    }

    @Test("A statement's status from its evidence's review dates, at each boundary")
    func status() {
        let today = day("2026-12-01")
        #expect(Readiness.status(reviewDates: [], on: today) == .missing)
        #expect(Readiness.status(reviewDates: [day("2026-12-01")], on: today) == .outOfDate)
        #expect(Readiness.status(reviewDates: [day("2026-11-30"), day("2025-01-01")], on: today) == .outOfDate)
        #expect(Readiness.status(reviewDates: [day("2026-12-02")], on: today) == .dueForReview)
        #expect(Readiness.status(reviewDates: [day("2026-12-31")], on: today) == .dueForReview)
        #expect(Readiness.status(reviewDates: [day("2027-01-01")], on: today) == .current)
        // The freshest item decides.
        #expect(Readiness.status(reviewDates: [day("2020-01-01"), day("2027-06-01")], on: today) == .current)
        #expect(EvidenceStatus.missing < .outOfDate && EvidenceStatus.dueForReview < .current)
        #expect(EvidenceStatus.missing.isGap && EvidenceStatus.outOfDate.isGap && !EvidenceStatus.dueForReview.isGap)
    }

    @Test("DSPT years: labels, deadlines on 30 June, expiry a year later, the year due on a day")
    func years() {
        let y = DSPT.Year("2025-26")
        #expect(y?.start == 2025 && y?.description == "2025-26")
        #expect(DSPT.Year("2025/26") == y)
        #expect(y?.deadline == day("2026-06-30"))
        #expect(y?.expiry == day("2027-06-30"))
        for bad in ["2025-27", "25-26", "2025", "", "2025-26-27", "abcd-ef", "1899-00"] {
            #expect(DSPT.Year(bad) == nil)
        }
        #expect(DSPT.Year("1999-00")?.deadline == day("2000-06-30"))
        #expect(DSPT.Year.due(on: day("2026-06-30")).description == "2025-26")
        #expect(DSPT.Year.due(on: day("2026-07-01")).description == "2026-27")
        #expect(DSPT.Year.due(on: day("2026-01-15")).description == "2025-26")
    }

    @Test("A practice's standing: met, due with last year's still in force, not met, overdue; later replaces earlier")
    func standing() {
        let all = Set(1...10)
        let y24 = DSPT.Year(start: 2024)
        let y25 = DSPT.Year(start: 2025)
        let last = DSPT.Publication(year: y24, status: .standardsMet, publishedOn: day("2025-06-20"), standardsMet: all)
        // Before this year's deadline, last year's stands.
        #expect(DSPT.standing([last], on: day("2026-05-01")) == .due(y25, deadline: day("2026-06-30"), previous: last))
        #expect(DSPT.standing([last], on: day("2026-05-01")).meets)
        // The deadline passes unpublished: overdue.
        #expect(DSPT.standing([last], on: day("2026-07-01")) == .overdue(y25, deadline: day("2026-06-30")))
        // Published this year.
        let now = DSPT.Publication(
            year: y25, status: .standardsExceeded, publishedOn: day("2026-06-01"), standardsMet: all)
        #expect(DSPT.standing([last, now], on: day("2026-06-02")) == .met(now, until: day("2027-06-30")))
        #expect(
            DSPT.standing([last, now], on: day("2026-12-01"))
                == .due(
                    DSPT.Year(start: 2026), deadline: day("2027-06-30"), previous: now))
        // Not yet published on a day before its publication date.
        #expect(DSPT.standing([now], on: day("2026-05-01")) == .overdue(y24, deadline: day("2025-06-30")))
        // Approaching Standards does not meet; a later re-publication for the year replaces it.
        let approaching = DSPT.Publication(
            year: y25, status: .approachingStandards, publishedOn: day("2026-06-25"), standardsMet: Set(1...9))
        #expect(DSPT.standing([approaching], on: day("2026-06-26")) == .notMet(approaching))
        #expect(!DSPT.standing([approaching], on: day("2026-06-26")).meets)
        let fixed = DSPT.Publication(
            year: y25, status: .standardsMet, publishedOn: day("2026-09-01"), standardsMet: all)
        #expect(DSPT.standing([fixed, approaching], on: day("2026-09-02")).meets)
        #expect(DSPT.standing([], on: day("2026-09-02")) == .overdue(y25, deadline: day("2026-06-30")))
    }

    @Test("Reminders at 60, 30 and 7 days, then overdue or not met; none when met")
    func reminders() {
        let all = Set(1...10)
        let last = DSPT.Publication(
            year: DSPT.Year(start: 2024), status: .standardsMet, publishedOn: day("2025-06-20"), standardsMet: all)
        func stage(_ d: String) -> String? { DSPT.reminder(DSPT.standing([last], on: day(d)), on: day(d))?.stage }
        #expect(stage("2026-04-30") == nil)  // 61 days
        #expect(stage("2026-05-01") == "60-days")
        #expect(stage("2026-05-31") == "30-days")
        #expect(stage("2026-06-23") == "7-days")
        #expect(stage("2026-06-30") == "7-days")
        #expect(stage("2026-07-01") == "overdue")
        let met = DSPT.Publication(
            year: DSPT.Year(start: 2025), status: .standardsMet, publishedOn: day("2026-06-01"), standardsMet: all)
        #expect(DSPT.reminder(DSPT.standing([met], on: day("2026-06-02")), on: day("2026-06-02")) == nil)
    }

    @Test("A publication's status must agree with the standards it met")
    func consistency() {
        #expect(DSPT.inconsistency(status: .standardsMet, standardsMet: Set(1...10)) == nil)
        #expect(DSPT.inconsistency(status: .standardsMet, standardsMet: Set(1...9)) != nil)
        #expect(DSPT.inconsistency(status: .standardsNotMet, standardsMet: Set(1...10)) != nil)
        #expect(DSPT.inconsistency(status: .approachingStandards, standardsMet: [1, 2]) == nil)
        #expect(DSPT.inconsistency(status: .approachingStandards, standardsMet: [0, 2])?.contains("1 to 10") == true)
        #expect(DSPT.standards.count == 10 && DSPT.standards.map(\.number) == Array(1...10))
    }
}

@Suite("Quality: rates")
struct RateTests {
    @Test("Byar's limits against the closed form, exact Poisson limits under 10 events, boundaries")
    func byar() throws {
        let z = Confidence.z95
        // 65 events in 10,000: Byar's closed form (PHEindicatormethods' example count).
        let i = try #require(Byar.interval(count: 65, denominator: 10_000, z: z))
        let lower = 65 * pow(1 - 1 / (9 * 65.0) - z / (3 * 65.0.squareRoot()), 3)
        let upper = 66 * pow(1 - 1 / (9 * 66.0) + z / (3 * 66.0.squareRoot()), 3)
        #expect(abs(i.lower * 10_000 - lower) < 1e-9 && abs(i.upper * 10_000 - upper) < 1e-9)
        #expect(abs(lower - 50.16319) < 1e-4 && abs(upper - 82.84914) < 1e-4)
        // Exact limits: 0 events, 95%: upper = −ln(0.025) = 3.68888 (the χ²₂ quantile ÷ 2), lower 0.
        let zero = try #require(Byar.interval(count: 0, denominator: 1, z: z))
        #expect(zero.lower == 0 && abs(zero.upper - 3.688879) < 1e-5)
        // 1 event: lower = −ln(1 − 0.025) = 0.025318; upper solves P(Poisson(λ) ≤ 1) = 0.025: 5.571643.
        let one = try #require(Byar.interval(count: 1, denominator: 1, z: z))
        #expect(abs(one.lower - 0.0253178) < 1e-6 && abs(one.upper - 5.571643) < 1e-5)
        // 5 events: the published exact limits 1.623486 and 11.668332.
        let five = try #require(Byar.interval(count: 5, denominator: 1, z: z))
        #expect(abs(five.lower - 1.623486) < 1e-5 && abs(five.upper - 11.668332) < 1e-5)
        #expect(Byar.interval(count: 1, denominator: 0, z: z) == nil)
        #expect(Byar.interval(count: -1, denominator: 5, z: z) == nil)
        #expect(Byar.interval(count: .nan, denominator: 5, z: z) == nil)
        // A rate may exceed 1 per unit: events are not a subset of the denominator.
        #expect((Byar.interval(count: 30, denominator: 10, z: z)?.lower ?? 0) > 1)
    }

    @Test("A rate indicator: definitions default to per 100,000, intervals by Byar's, funnel limits θ ± z√(θ/n)")
    func rateIndicator() throws {
        let defs = try Indicator.definitions(
            """
            [x1]
            name = "Emergency admissions"
            source = "Test"
            polarity = "lower"
            type = "rate"
            """, file: "t.toml")
        let x = try #require(defs["x1"])
        #expect(x.kind == .rate && x.multiplier == 100_000 && x.unit == " per 100,000")
        let values = [
            IndicatorValue(
                indicatorID: "x1", period: "p", areaCode: "A1", areaName: "A", areaType: "practice", numerator: 65,
                denominator: 10_000),
            IndicatorValue(
                indicatorID: "x1", period: "p", areaCode: "E", areaName: "E", areaType: "england", numerator: 500,
                denominator: 1_000_000),
        ]
        let b = Benchmark(values: values, indicator: x, period: "p")
        let row = try #require(b.rows.first)
        #expect(row.value == 650 && b.england == 50)
        #expect(abs((row.ci95?.lower ?? 0) - 501.6319) < 0.001)
        #expect(row.comparedToEngland == .worse)
        let f = Funnel(target: 0.0005, kind: .rate)
        let limits = try #require(f.limits(denominator: 10_000, z: Confidence.z95))
        #expect(abs(limits.upper - (0.0005 + Confidence.z95 * (0.0005 / 10_000).squareRoot())) < 1e-15)
        #expect(f.limits(denominator: 100, z: Confidence.z95)?.lower == 0, "clipped at 0")
        #expect(Funnel(target: 2, kind: .rate).limits(denominator: 100, z: 1)!.upper > 2, "no upper clip for rates")
    }
}

@Suite("Quality: settable funnel limits")
struct LimitLevelTests {
    @Test("The normal quantile for a level: the profiles' 95% and 99.8%, 2σ and 3σ, refusals")
    func z() {
        #expect(abs((Confidence.z(level: 95) ?? 0) - Confidence.z95) < 1e-9)
        #expect(abs((Confidence.z(level: 99.8) ?? 0) - Confidence.z998) < 1e-9)
        #expect(abs((Confidence.z(level: 95.449_973_6) ?? 0) - 2) < 1e-6, "2 sigma")
        #expect(abs((Confidence.z(level: 99.730_020_4) ?? 0) - 3) < 1e-6, "3 sigma")
        #expect(Confidence.z(level: 0) == nil && Confidence.z(level: 100) == nil && Confidence.z(level: .nan) == nil)
    }
}
