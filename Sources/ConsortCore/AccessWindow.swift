import Foundation

/// An opening window of a policy's access hours, such as `Mon-Fri 18:30-20:00`.
public struct AccessWindow: Sendable, Equatable {
    public static let dayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    /// Days, 0 = Monday.
    public let days: ClosedRange<Int>
    /// Minutes after midnight.
    public let start: Int
    public let end: Int

    public init?(_ text: String) {
        let parts = text.split(separator: " ")
        guard parts.count == 2 else { return nil }
        let dayParts = parts[0].split(separator: "-").map(String.init)
        guard (1...2).contains(dayParts.count), let first = AccessWindow.dayNames.firstIndex(of: dayParts[0]),
            let last = AccessWindow.dayNames.firstIndex(of: dayParts.last!), first <= last
        else { return nil }
        let times = parts[1].split(separator: "-")
        func minutes(_ t: Substring) -> Int? {
            let hm = t.split(separator: ":")
            guard hm.count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0...24).contains(h), (0..<60).contains(m)
            else { return nil }
            return h * 60 + m
        }
        guard times.count == 2, let s = minutes(times[0]), let e = minutes(times[1]), s < e, e <= 24 * 60 else {
            return nil
        }
        days = first...last
        start = s
        end = e
    }

    /// Minutes the window is open each week.
    public var weeklyMinutes: Int { days.count * (end - start) }
}
