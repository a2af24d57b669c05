import ConsortCore
import ConsortWeb
import Foundation

/// Moments on a poll's timetable: given and shown in UK time, kept as Unix seconds.
package enum Timetable {
    static let zone = TimeZone(identifier: "Europe/London") ?? .gmt

    /// Reads a `datetime-local` value, e.g. `2026-12-02T09:00`, as UK time.
    package static func parse(_ text: String?) -> Int64? {
        let t = (text ?? "").trimmingCharacters(in: .whitespaces)
        let parts = t.split(separator: "T")
        guard parts.count == 2, let day = Day(iso: String(parts[0])) else { return nil }
        let hm = parts[1].split(separator: ":")
        guard hm.count >= 2, let h = Int(hm[0]), let m = Int(hm[1]), (0...23).contains(h), (0...59).contains(m) else {
            return nil
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: day.year, month: day.month, day: day.day, hour: h, minute: m)
        return calendar.date(from: components).map { Int64($0.timeIntervalSince1970) }
    }

    /// A moment as a `datetime-local` value.
    package static func input(_ seconds: Int64) -> String { format(seconds, "yyyy-MM-dd'T'HH:mm") }

    /// A moment in words, e.g. "2 December 2026, 09:00".
    package static func long(_ seconds: Int64) -> String { format(seconds, "d MMMM yyyy, HH:mm") }

    static func format(_ seconds: Int64, _ pattern: String) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB")
        f.timeZone = zone
        f.dateFormat = pattern
        return f.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    package static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }
}
