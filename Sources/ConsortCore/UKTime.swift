import Foundation

/// Times as people in England read them: the clock in London (GMT in winter, BST in summer),
/// with the zone named, from the UTC timestamps Consort stores.
public enum UKTime {
    private static let london = TimeZone(identifier: "Europe/London") ?? TimeZone(secondsFromGMT: 0)!

    /// "1 December 2026, 19:56 GMT" for a stored ISO 8601 UTC timestamp
    /// (`2026-12-01T19:56:26.123Z`); the text as it is when it is not one.
    public static func format(_ timestamp: String) -> String {
        guard let date = parse(timestamp) else { return timestamp }
        return format(date)
    }

    public static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = london
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard let y = c.year, let m = c.month, let d = c.day, let h = c.hour, let mi = c.minute,
            let day = Day(year: y, month: m, day: d)
        else { return "" }
        let zone = london.isDaylightSavingTime(for: date) ? "BST" : "GMT"
        return "\(day.long), \(String(format: "%02d:%02d", h, mi)) \(zone)"
    }

    /// The date of a stored timestamp (`YYYY-MM-DDTHH:MM:SS[.fff]Z`), or nil.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T"), bytes.last == UInt8(ascii: "Z"),
            let day = Day(iso: String(decoding: bytes[0..<10], as: UTF8.self))
        else { return nil }
        let clock = String(decoding: bytes[11..<(bytes.count - 1)], as: UTF8.self).split(separator: ":")
        guard clock.count == 3, let h = Int(clock[0]), let m = Int(clock[1]), let s = Double(clock[2]),
            (0..<24).contains(h), (0..<60).contains(m), s >= 0, s < 61
        else { return nil }
        return Date(timeIntervalSince1970: Double(day.ordinal) * 86_400 + Double(h * 3600 + m * 60) + s)
    }
}
