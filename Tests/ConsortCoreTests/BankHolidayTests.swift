import ConsortCore
import Testing

@Suite("Bank holidays in England")
struct BankHolidayTests {
    /// Easter Sunday by the anonymous Gregorian algorithm (Meeus, *Astronomical Algorithms*).
    static func easter(_ y: Int) -> Day {
        let a = y % 19
        let b = y / 100
        let c = y % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        return Day(year: y, month: (h + l - 7 * m + 114) / 31, day: (h + l - 7 * m + 114) % 31 + 1)!
    }

    /// The Banking and Financial Dealings Act 1971's days for a year, substitutes included.
    static func statutory(_ y: Int) -> Set<Day> {
        func monday(from day: Day, step: Int) -> Day {
            var d = day
            while d.weekday != 0 { d = d.adding(days: step) }
            return d
        }
        var out: Set<Day> = []
        let newYear = Day(year: y, month: 1, day: 1)!
        out.insert(newYear.weekday >= 5 ? monday(from: newYear, step: 1) : newYear)
        let easter = easter(y)
        out.formUnion([easter.adding(days: -2), easter.adding(days: 1)])
        out.insert(monday(from: Day(year: y, month: 5, day: 1)!, step: 1))
        out.insert(monday(from: Day(year: y, month: 5, day: 31)!, step: -1))
        out.insert(monday(from: Day(year: y, month: 8, day: 31)!, step: -1))
        // Christmas and Boxing Day, each on the next weekday not already a holiday when it falls at a weekend.
        var taken: Set<Day> = []
        for date in [Day(year: y, month: 12, day: 25)!, Day(year: y, month: 12, day: 26)!] {
            var d = date
            while d.weekday >= 5 || taken.contains(d) { d = d.adding(days: 1) }
            taken.insert(d)
        }
        return out.union(taken)
    }

    @Test("The table follows the Act's rules every year, except where a proclamation moved or added a day")
    func rules() {
        let proclaimed: [Int: (removed: Set<String>, added: Set<String>)] = [
            2012: (["2012-05-28"], ["2012-06-04", "2012-06-05"]),
            2020: (["2020-05-04"], ["2020-05-08"]),
            2022: (["2022-05-30"], ["2022-06-02", "2022-06-03", "2022-09-19"]),
            2023: ([], ["2023-05-08"]),
        ]
        for year in BankHolidays.years {
            var expected = Self.statutory(year)
            if let change = proclaimed[year] {
                expected.subtract(change.removed.compactMap(Day.init(iso:)))
                expected.formUnion(change.added.compactMap(Day.init(iso:)))
            }
            let table = Set(BankHolidays.all.filter { $0.day.year == year }.map(\.day))
            #expect(
                table == expected,
                "\(year): \(table.subtracting(expected)) extra, \(expected.subtracting(table)) missing")
        }
    }

    @Test("Published dates: substitute days at Christmas and New Year, and the days that are not holidays")
    func published() {
        for (iso, title) in [
            ("2016-12-27", "Christmas Day"), ("2021-12-28", "Boxing Day"), ("2022-01-03", "New Year’s Day"),
            ("2026-12-28", "Boxing Day"), ("2027-12-27", "Christmas Day"), ("2028-01-03", "New Year’s Day"),
            ("2026-12-25", "Christmas Day"), ("2025-04-18", "Good Friday"), ("2026-08-31", "Summer bank holiday"),
        ] {
            #expect(BankHolidays.holiday(on: Day(iso: iso)!)?.title == title, "\(iso)")
        }
        for iso in ["2026-12-24", "2026-12-26", "2026-12-31", "2027-01-04", "2022-05-30"] {
            #expect(!BankHolidays.isBankHoliday(Day(iso: iso)!), "\(iso)")
        }
        #expect(BankHolidays.all.count == 19 * 8 + 4)
    }
}
