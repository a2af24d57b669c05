import ConsortCore
import Testing

@Suite("Day")
struct DayTests {
    @Test("ISO dates round-trip and invalid days are refused")
    func iso() {
        #expect(Day(iso: "2022-01-01")?.iso == "2022-01-01")
        #expect(Day(iso: "2024-02-29") != nil)
        #expect(Day(iso: "2023-02-29") == nil)
        #expect(Day(iso: "2022-13-01") == nil)
        #expect(Day(iso: "2022-1-1") == nil)
        #expect(Day(iso: "20220101") == nil)
        #expect(Day(iso: "1970-01-01")?.ordinal == 0)
        #expect(Day(iso: "2000-03-01")?.ordinal == 11_017)
    }

    @Test(
        """
        The date formats NHS files use are all read
        """,
        arguments: [
            ("01JAN2021", "2021-01-01"), ("01Jan2022", "2022-01-01"), ("2025-04-01", "2025-04-01"),
            ("20200401", "2020-04-01"), ("01-Sep-20", "2020-09-01"), ("01/04/2013", "2013-04-01"),
            (" 01Jul2026 ", "2026-07-01"),
        ])
    func nhsFormats(text: String, iso: String) {
        #expect(Day.parseNHS(text)?.iso == iso)
    }

    @Test("Nonsense is not a date", arguments: ["", "Jan 2022", "32JAN2022", "2022-02-30", "01XYZ2022", "abcdefgh"])
    func nonsense(text: String) {
        #expect(Day.parseNHS(text) == nil)
    }

    @Test("Arithmetic, ordering and long forms")
    func arithmetic() throws {
        let d = try #require(Day(year: 2021, month: 12, day: 31))
        #expect(d.adding(days: 1).iso == "2022-01-01")
        #expect(d.adding(days: 60).iso == "2022-03-01")
        #expect(d < d.adding(days: 1))
        #expect(d.long == "31 December 2021")
        #expect(d.short == "31 Dec 2021")
        // Every day over four centuries converts back and forth.
        var day = try #require(Day(iso: "1900-01-01"))
        var previous = day
        for _ in 0..<146_097 {
            day = day.adding(days: 1)
            #expect(Day(iso: day.iso) == day)
            #expect(day > previous)
            previous = day
        }
    }
}

@Suite("ODS codes")
struct ODSCodeTests {
    @Test func shapes() {
        #expect(ODSCode.isPractice("A81001"))
        #expect(ODSCode.isPractice("Y02157"))
        #expect(!ODSCode.isPractice("A8100"))
        #expect(!ODSCode.isPractice("a81001"))
        #expect(!ODSCode.isPractice("A8100X"))
        #expect(ODSCode.isNetwork("U89141"))
        #expect(!ODSCode.isNetwork("U"))
        #expect(!ODSCode.isNetwork("A89141"))
        #expect(ODSCode.isConsortium("16C"))
        #expect(ODSCode.isConsortium("A3A8R"))
        #expect(!ODSCode.isConsortium("16"))
        #expect(!ODSCode.isConsortium("16c"))
        #expect(ODSCode.isICB("QHM"))
        #expect(ODSCode.isICB("Z9B2Z"))
        #expect(!ODSCode.isICB("XHM"))
        #expect(ODSCode.isRegion("Y63"))
        #expect(!ODSCode.isRegion("Y6"))
        #expect(!ODSCode.isRegion("Q63"))
        #expect(ODSCode.isFederation("FED-0001"))
        #expect(!ODSCode.isFederation("FED-1"))
    }
}
