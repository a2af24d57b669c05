import ConsortCore
import Foundation

/// A weekly pattern of times such as `Mon-Fri 18:30-20:00; Sat 09:00-17:00`: a hub's opening
/// hours, or when a clinician can work. Windows are written as in policies' access hours.
public struct WeeklyPattern: Sendable, Equatable {
    public let windows: [AccessWindow]

    public init(windows: [AccessWindow]) { self.windows = windows }

    /// Parses windows separated by semicolons or new lines; an empty text is an empty pattern.
    public init(parsing text: String) throws(PatternError) {
        var out: [AccessWindow] = []
        for part in text.split(whereSeparator: { $0 == ";" || $0 == "\n" || $0 == "\r" }) {
            let trimmed = part.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            guard !trimmed.isEmpty else { continue }
            guard let window = AccessWindow(trimmed) else { throw .badWindow(trimmed) }
            out.append(window)
        }
        windows = out
    }

    /// The pattern written back in the form it is parsed from.
    public var text: String { windows.map(\.text).joined(separator: "; ") }

    /// Whether the pattern includes the whole of `start`–`end` (minutes after midnight) on `day`.
    public func covers(day: Day, start: Int, end: Int) -> Bool {
        windows.contains { $0.days.contains(day.weekday) && $0.start <= start && end <= $0.end }
    }

    /// The pattern's times on each day from `first` through `last`.
    public func availability(from first: Day, through last: Day) -> [Availability] {
        guard first <= last else { return [] }
        var out: [Availability] = []
        for ordinal in first.ordinal...last.ordinal {
            let day = Day(ordinal: ordinal)
            for w in windows where w.days.contains(day.weekday) {
                out.append(Availability(day: day, start: w.start, end: w.end))
            }
        }
        return out
    }
}

public enum PatternError: Error, Equatable, Sendable, CustomStringConvertible {
    case badWindow(String)

    public var description: String {
        switch self {
        case .badWindow(let text):
            return
                "'\(text)' is not a time like \"Mon-Fri 18:30-20:00\" or \"Sat 09:00-17:00\" (days Mon to Sun, 24-hour "
                + "times, windows separated by semicolons)"
        }
    }
}

/// A session a hub runs every week on some days: a room, from `start` to `end`, for a role.
public struct SessionTemplate: Sendable, Equatable, Codable {
    public let id: String
    public let hub: String
    public let room: String
    /// Days, 0 = Monday.
    public let firstWeekday: Int
    public let lastWeekday: Int
    public let start: Int
    public let end: Int
    public let role: StaffRole

    public init(
        id: String, hub: String, room: String, firstWeekday: Int, lastWeekday: Int, start: Int, end: Int,
        role: StaffRole
    ) {
        self.id = id
        self.hub = hub
        self.room = room
        self.firstWeekday = firstWeekday
        self.lastWeekday = lastWeekday
        self.start = start
        self.end = end
        self.role = role
    }

    /// "Mon-Fri 18:30-20:00".
    public var window: AccessWindow? {
        AccessWindow(AccessWindow.text(days: firstWeekday...lastWeekday, start: start, end: end))
    }

    /// The template's sessions on each day from `first` through `last`, with ids `<template>-<day>`.
    public func sessions(from first: Day, through last: Day) -> [RotaSession] {
        guard first <= last else { return [] }
        return (first.ordinal...last.ordinal).compactMap { ordinal in
            let day = Day(ordinal: ordinal)
            guard (firstWeekday...lastWeekday).contains(day.weekday) else { return nil }
            return RotaSession(
                id: "\(id)-\(day.iso)", hub: hub, room: room, day: day, start: start, end: end, role: role)
        }
    }
}

extension AccessWindow {
    /// "Mon-Fri 18:30-20:00" for the given days and times.
    public static func text(days: ClosedRange<Int>, start: Int, end: Int) -> String {
        let d =
            days.count == 1 ? dayNames[days.lowerBound] : "\(dayNames[days.lowerBound])-\(dayNames[days.upperBound])"
        return "\(d) \(clock(start))-\(clock(end))"
    }

    /// "18:30".
    public static func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }

    public var text: String { AccessWindow.text(days: days, start: start, end: end) }
}
