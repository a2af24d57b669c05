import Foundation

/// A calendar day with no time of day or time zone: the unit in which the registry records
/// memberships, snapshots and list sizes ("as at 1 January 2022").
///
/// Stored and exchanged as ISO 8601 text (`2022-01-01`), which sorts in date order in every
/// database. Arithmetic uses the proleptic Gregorian calendar via days since 1970-01-01.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// Days since 1970-01-01 (negative before).
    public let ordinal: Int

    public init(ordinal: Int) { self.ordinal = ordinal }

    /// Creates a day from its parts, or nil when the parts do not name a real day.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Day.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.ordinal = Day.daysFromCivil(year, month, day)
    }

    /// Parses strict ISO 8601 `YYYY-MM-DD`.
    public init?(iso text: String) {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            let y = Day.digits(b[0..<4]), let m = Day.digits(b[5..<7]), let d = Day.digits(b[8..<10])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var year: Int { civil.year }
    public var month: Int { civil.month }
    public var day: Int { civil.day }

    /// `YYYY-MM-DD`.
    public var iso: String {
        let c = civil
        // Written by hand: this runs for every date in every page and JSON answer.
        var bytes = [UInt8](repeating: 48, count: 10)
        var y = c.year
        for i in stride(from: 3, through: 0, by: -1) {
            bytes[i] = UInt8(48 + y % 10)
            y /= 10
        }
        bytes[4] = 45
        bytes[5] = UInt8(48 + c.month / 10)
        bytes[6] = UInt8(48 + c.month % 10)
        bytes[7] = 45
        bytes[8] = UInt8(48 + c.day / 10)
        bytes[9] = UInt8(48 + c.day % 10)
        return String(decoding: bytes, as: UTF8.self)
    }

    public var description: String { iso }

    /// "1 January 2022", as GOV.UK and NHS style guides write dates.
    public var long: String {
        let c = civil
        return "\(c.day) \(Day.monthNames[c.month - 1]) \(c.year)"
    }

    /// "1 Jan 2022", for tables.
    public var short: String {
        let c = civil
        return "\(c.day) \(Day.monthNames[c.month - 1].prefix(3)) \(c.year)"
    }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    /// The day of the week, 0 = Monday … 6 = Sunday (1 January 1970 was a Thursday).
    public var weekday: Int { ((ordinal + 3) % 7 + 7) % 7 }

    /// The day of the week in English, "Monday" … "Sunday".
    public var weekdayName: String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][weekday]
    }

    /// The Monday of this day's week.
    public var weekStart: Day { adding(days: -weekday) }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }

    /// Today in the UK (Europe/London), which is the day the NHS's dates are written in.
    public static func today(now: Date = Date()) -> Day {
        let seconds = now.timeIntervalSince1970 + Double(london.secondsFromGMT(for: now))
        return Day(ordinal: Int((seconds / 86_400).rounded(.down)))
    }

    private static let london = TimeZone(identifier: "Europe/London") ?? TimeZone(secondsFromGMT: 0)!

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = Day(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a date in the form YYYY-MM-DD")
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }

    // MARK: NHS file dates

    /// Parses the date formats seen in NHS Digital and ODS files: `2025-04-01`, `20200401`,
    /// `01JAN2021`, `01Jan2022`, `01-Sep-20` and `01/04/2013`. Returns nil for anything else.
    public static func parseNHS(_ raw: String) -> Day? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if let d = Day(iso: text) { return d }
        let b = Array(text.utf8)
        if b.count == 8, let y = digits(b[0..<4]), let m = digits(b[4..<6]), let d = digits(b[6..<8]) {
            return Day(year: y, month: m, day: d)
        }
        if b.count == 9, let d = digits(b[0..<2]), let m = monthNumber(b[2..<5]), let y = digits(b[5..<9]) {
            return Day(year: y, month: m, day: d)
        }
        if b.count == 9, b[2] == UInt8(ascii: "-"), b[6] == UInt8(ascii: "-"),
            let d = digits(b[0..<2]), let m = monthNumber(b[3..<6]), let yy = digits(b[7..<9])
        {
            return Day(year: 2000 + yy, month: m, day: d)
        }
        if b.count == 10, b[2] == UInt8(ascii: "/"), b[5] == UInt8(ascii: "/"),
            let d = digits(b[0..<2]), let m = digits(b[3..<5]), let y = digits(b[6..<10])
        {
            return Day(year: y, month: m, day: d)
        }
        return nil
    }

    public static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December",
    ]

    private static func monthNumber(_ bytes: ArraySlice<UInt8>) -> Int? {
        let name = String(decoding: bytes, as: UTF8.self).lowercased()
        return monthNames.firstIndex { $0.prefix(3).lowercased() == name }.map { $0 + 1 }
    }

    private static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's civil-from-days algorithms (public domain).
    private static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private var civil: (year: Int, month: Int, day: Int) {
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

extension Day {
    /// The same day `months` later, or the month's last day when it has no such day (31 Aug + 6 → 28/29 Feb).
    public func addingMonths(_ months: Int) -> Day {
        let total = year * 12 + (month - 1) + months
        let y = total / 12
        let m = total % 12 + 1
        var d = day
        while Day(year: y, month: m, day: d) == nil { d -= 1 }
        return Day(year: y, month: m, day: d)!
    }
}

extension Day {
    /// The day and the minute after midnight in England (`Europe/London`, BST in summer) of an instant.
    public static func inEngland(_ date: Date) -> (day: Day, minute: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London") ?? TimeZone(secondsFromGMT: 0)!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let day = Day(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1) ?? Day(ordinal: 0)
        return (day, (c.hour ?? 0) * 60 + (c.minute ?? 0))
    }
}
