import Foundation

/// Bank holidays in England (the England and Wales division), 2012 to 2030.
///
/// Source: GOV.UK, *UK bank holidays* (https://www.gov.uk/bank-holidays, published as
/// `bank-holidays.json`, division `england-and-wales`), which lists each year's dates once they
/// are announced. The dates follow the Banking and Financial Dealings Act 1971, schedule 1
/// (New Year's Day, Good Friday, Easter Monday, the first Monday in May, the last Mondays in May
/// and August, Christmas Day and Boxing Day, with a weekday substitute when one falls on a
/// weekend) and royal proclamations that moved or added days (2012 Diamond Jubilee, 2020 VE Day,
/// 2022 Platinum Jubilee and the State Funeral of Queen Elizabeth II, 2023 Coronation). Years
/// GOV.UK had not yet published when this table was made follow the Act's rules; a proclamation
/// may still change them — add it here, and the test that checks the table against the rules
/// lists it as an exception.
public enum BankHolidays {
    public struct Holiday: Sendable, Equatable {
        public let day: Day
        public let title: String
        /// "Substitute day", "Extra bank holiday", "Moved by proclamation" or empty.
        public let note: String
    }

    public static let source =
        "GOV.UK, UK bank holidays (England and Wales); Banking and Financial Dealings Act 1971, schedule 1"

    /// The first and last years the table covers.
    public static let years = 2012...2030

    /// Every bank holiday of the table, in date order.
    public static let all: [Holiday] = table.compactMap { row in
        Day(iso: row.0).map { Holiday(day: $0, title: row.1, note: row.2) }
    }

    private static let byDay = Dictionary(all.map { ($0.day, $0) }, uniquingKeysWith: { a, _ in a })

    /// The bank holiday on a day, if it is one.
    public static func holiday(on day: Day) -> Holiday? { byDay[day] }

    public static func isBankHoliday(_ day: Day) -> Bool { byDay[day] != nil }

    private static let table: [(String, String, String)] = [
        ("2012-01-02", "New Year’s Day", "Substitute day"),
        ("2012-04-06", "Good Friday", ""),
        ("2012-04-09", "Easter Monday", ""),
        ("2012-05-07", "Early May bank holiday", ""),
        ("2012-06-04", "Spring bank holiday", "Moved by proclamation"),
        ("2012-06-05", "Queen’s Diamond Jubilee", "Extra bank holiday"),
        ("2012-08-27", "Summer bank holiday", ""),
        ("2012-12-25", "Christmas Day", ""),
        ("2012-12-26", "Boxing Day", ""),
        ("2013-01-01", "New Year’s Day", ""),
        ("2013-03-29", "Good Friday", ""),
        ("2013-04-01", "Easter Monday", ""),
        ("2013-05-06", "Early May bank holiday", ""),
        ("2013-05-27", "Spring bank holiday", ""),
        ("2013-08-26", "Summer bank holiday", ""),
        ("2013-12-25", "Christmas Day", ""),
        ("2013-12-26", "Boxing Day", ""),
        ("2014-01-01", "New Year’s Day", ""),
        ("2014-04-18", "Good Friday", ""),
        ("2014-04-21", "Easter Monday", ""),
        ("2014-05-05", "Early May bank holiday", ""),
        ("2014-05-26", "Spring bank holiday", ""),
        ("2014-08-25", "Summer bank holiday", ""),
        ("2014-12-25", "Christmas Day", ""),
        ("2014-12-26", "Boxing Day", ""),
        ("2015-01-01", "New Year’s Day", ""),
        ("2015-04-03", "Good Friday", ""),
        ("2015-04-06", "Easter Monday", ""),
        ("2015-05-04", "Early May bank holiday", ""),
        ("2015-05-25", "Spring bank holiday", ""),
        ("2015-08-31", "Summer bank holiday", ""),
        ("2015-12-25", "Christmas Day", ""),
        ("2015-12-28", "Boxing Day", "Substitute day"),
        ("2016-01-01", "New Year’s Day", ""),
        ("2016-03-25", "Good Friday", ""),
        ("2016-03-28", "Easter Monday", ""),
        ("2016-05-02", "Early May bank holiday", ""),
        ("2016-05-30", "Spring bank holiday", ""),
        ("2016-08-29", "Summer bank holiday", ""),
        ("2016-12-26", "Boxing Day", ""),
        ("2016-12-27", "Christmas Day", "Substitute day"),
        ("2017-01-02", "New Year’s Day", "Substitute day"),
        ("2017-04-14", "Good Friday", ""),
        ("2017-04-17", "Easter Monday", ""),
        ("2017-05-01", "Early May bank holiday", ""),
        ("2017-05-29", "Spring bank holiday", ""),
        ("2017-08-28", "Summer bank holiday", ""),
        ("2017-12-25", "Christmas Day", ""),
        ("2017-12-26", "Boxing Day", ""),
        ("2018-01-01", "New Year’s Day", ""),
        ("2018-03-30", "Good Friday", ""),
        ("2018-04-02", "Easter Monday", ""),
        ("2018-05-07", "Early May bank holiday", ""),
        ("2018-05-28", "Spring bank holiday", ""),
        ("2018-08-27", "Summer bank holiday", ""),
        ("2018-12-25", "Christmas Day", ""),
        ("2018-12-26", "Boxing Day", ""),
        ("2019-01-01", "New Year’s Day", ""),
        ("2019-04-19", "Good Friday", ""),
        ("2019-04-22", "Easter Monday", ""),
        ("2019-05-06", "Early May bank holiday", ""),
        ("2019-05-27", "Spring bank holiday", ""),
        ("2019-08-26", "Summer bank holiday", ""),
        ("2019-12-25", "Christmas Day", ""),
        ("2019-12-26", "Boxing Day", ""),
        ("2020-01-01", "New Year’s Day", ""),
        ("2020-04-10", "Good Friday", ""),
        ("2020-04-13", "Easter Monday", ""),
        ("2020-05-08", "Early May bank holiday (VE day)", "Moved by proclamation"),
        ("2020-05-25", "Spring bank holiday", ""),
        ("2020-08-31", "Summer bank holiday", ""),
        ("2020-12-25", "Christmas Day", ""),
        ("2020-12-28", "Boxing Day", "Substitute day"),
        ("2021-01-01", "New Year’s Day", ""),
        ("2021-04-02", "Good Friday", ""),
        ("2021-04-05", "Easter Monday", ""),
        ("2021-05-03", "Early May bank holiday", ""),
        ("2021-05-31", "Spring bank holiday", ""),
        ("2021-08-30", "Summer bank holiday", ""),
        ("2021-12-27", "Christmas Day", "Substitute day"),
        ("2021-12-28", "Boxing Day", "Substitute day"),
        ("2022-01-03", "New Year’s Day", "Substitute day"),
        ("2022-04-15", "Good Friday", ""),
        ("2022-04-18", "Easter Monday", ""),
        ("2022-05-02", "Early May bank holiday", ""),
        ("2022-06-02", "Spring bank holiday", "Moved by proclamation"),
        ("2022-06-03", "Platinum Jubilee bank holiday", "Extra bank holiday"),
        ("2022-08-29", "Summer bank holiday", ""),
        ("2022-09-19", "Bank Holiday for the State Funeral of Queen Elizabeth II", "Extra bank holiday"),
        ("2022-12-26", "Boxing Day", ""),
        ("2022-12-27", "Christmas Day", "Substitute day"),
        ("2023-01-02", "New Year’s Day", "Substitute day"),
        ("2023-04-07", "Good Friday", ""),
        ("2023-04-10", "Easter Monday", ""),
        ("2023-05-01", "Early May bank holiday", ""),
        ("2023-05-08", "Bank holiday for the coronation of King Charles III", "Extra bank holiday"),
        ("2023-05-29", "Spring bank holiday", ""),
        ("2023-08-28", "Summer bank holiday", ""),
        ("2023-12-25", "Christmas Day", ""),
        ("2023-12-26", "Boxing Day", ""),
        ("2024-01-01", "New Year’s Day", ""),
        ("2024-03-29", "Good Friday", ""),
        ("2024-04-01", "Easter Monday", ""),
        ("2024-05-06", "Early May bank holiday", ""),
        ("2024-05-27", "Spring bank holiday", ""),
        ("2024-08-26", "Summer bank holiday", ""),
        ("2024-12-25", "Christmas Day", ""),
        ("2024-12-26", "Boxing Day", ""),
        ("2025-01-01", "New Year’s Day", ""),
        ("2025-04-18", "Good Friday", ""),
        ("2025-04-21", "Easter Monday", ""),
        ("2025-05-05", "Early May bank holiday", ""),
        ("2025-05-26", "Spring bank holiday", ""),
        ("2025-08-25", "Summer bank holiday", ""),
        ("2025-12-25", "Christmas Day", ""),
        ("2025-12-26", "Boxing Day", ""),
        ("2026-01-01", "New Year’s Day", ""),
        ("2026-04-03", "Good Friday", ""),
        ("2026-04-06", "Easter Monday", ""),
        ("2026-05-04", "Early May bank holiday", ""),
        ("2026-05-25", "Spring bank holiday", ""),
        ("2026-08-31", "Summer bank holiday", ""),
        ("2026-12-25", "Christmas Day", ""),
        ("2026-12-28", "Boxing Day", "Substitute day"),
        ("2027-01-01", "New Year’s Day", ""),
        ("2027-03-26", "Good Friday", ""),
        ("2027-03-29", "Easter Monday", ""),
        ("2027-05-03", "Early May bank holiday", ""),
        ("2027-05-31", "Spring bank holiday", ""),
        ("2027-08-30", "Summer bank holiday", ""),
        ("2027-12-27", "Christmas Day", "Substitute day"),
        ("2027-12-28", "Boxing Day", "Substitute day"),
        ("2028-01-03", "New Year’s Day", "Substitute day"),
        ("2028-04-14", "Good Friday", ""),
        ("2028-04-17", "Easter Monday", ""),
        ("2028-05-01", "Early May bank holiday", ""),
        ("2028-05-29", "Spring bank holiday", ""),
        ("2028-08-28", "Summer bank holiday", ""),
        ("2028-12-25", "Christmas Day", ""),
        ("2028-12-26", "Boxing Day", ""),
        ("2029-01-01", "New Year’s Day", ""),
        ("2029-03-30", "Good Friday", ""),
        ("2029-04-02", "Easter Monday", ""),
        ("2029-05-07", "Early May bank holiday", ""),
        ("2029-05-28", "Spring bank holiday", ""),
        ("2029-08-27", "Summer bank holiday", ""),
        ("2029-12-25", "Christmas Day", ""),
        ("2029-12-26", "Boxing Day", ""),
        ("2030-01-01", "New Year’s Day", ""),
        ("2030-04-19", "Good Friday", ""),
        ("2030-04-22", "Easter Monday", ""),
        ("2030-05-06", "Early May bank holiday", ""),
        ("2030-05-27", "Spring bank holiday", ""),
        ("2030-08-26", "Summer bank holiday", ""),
        ("2030-12-25", "Christmas Day", ""),
        ("2030-12-26", "Boxing Day", ""),
    ]
}
