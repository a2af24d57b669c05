import Access
import ConsortCore
import ConsortWeb
import Foundation
import SQLKit

/// What a group's hubs offered and how it was used: minutes required, planned and delivered
/// each week; appointment utilisation by hub, day of the week and session; did-not-attend rate.
///
/// Planned minutes are the staffed sessions of published rotas. Delivered minutes are those of
/// planned sessions on days up to today not marked as not run. Each week also counts every
/// appointment offered and booked, to come included. Utilisation counts the
/// appointment slots of sessions up to today: booked (booked, attended or did not attend) over
/// offered. The did-not-attend rate is did-not-attend over attended plus did-not-attend.
package struct AccessReport: Sendable {
    package struct Week: Sendable {
        package let start: Day
        package var required: Int?
        package var planned = 0
        package var delivered = 0
        package var slots = 0
        package var booked = 0

        package init(
            start: Day, required: Int? = nil, planned: Int = 0, delivered: Int = 0, slots: Int = 0, booked: Int = 0
        ) {
            self.start = start
            self.required = required
            self.planned = planned
            self.delivered = delivered
            self.slots = slots
            self.booked = booked
        }
    }

    package struct Use: Sendable {
        package let label: String
        package var slots = 0
        package var booked = 0
        package var attended = 0
        package var didNotAttend = 0

        package var utilisation: Double? { slots > 0 ? Double(booked) / Double(slots) : nil }
        package var dnaRate: Double? {
            attended + didNotAttend > 0 ? Double(didNotAttend) / Double(attended + didNotAttend) : nil
        }

        package init(label: String, slots: Int = 0, booked: Int = 0, attended: Int = 0, didNotAttend: Int = 0) {
            self.label = label
            self.slots = slots
            self.booked = booked
            self.attended = attended
            self.didNotAttend = didNotAttend
        }
    }

    package struct SessionRow: Decodable, Sendable {
        package let requiredMinutes: Int
        package let day: String
        package let startMinute: Int
        package let endMinute: Int
        package let staffed: Int
        package let notRun: Bool

        package init(requiredMinutes: Int, day: String, startMinute: Int, endMinute: Int, staffed: Int, notRun: Bool) {
            self.requiredMinutes = requiredMinutes
            self.day = day
            self.startMinute = startMinute
            self.endMinute = endMinute
            self.staffed = staffed
            self.notRun = notRun
        }
    }

    package struct SlotRow: Decodable, Sendable {
        package let hubName: String
        package let day: String
        package let sessionStart: Int?
        package let sessionEnd: Int?
        package let startMinute: Int
        package let minutes: Int
        package let status: String?

        package init(
            hubName: String, day: String, sessionStart: Int?, sessionEnd: Int?, startMinute: Int, minutes: Int,
            status: String?
        ) {
            self.hubName = hubName
            self.day = day
            self.sessionStart = sessionStart
            self.sessionEnd = sessionEnd
            self.startMinute = startMinute
            self.minutes = minutes
            self.status = status
        }
    }

    package var weeks: [Week] = []
    package var byHub: [Use] = []
    package var byWeekday: [Use] = []
    package var bySession: [Use] = []
    package var total = Use(label: "All")

    /// Builds the report from published sessions and slots; pure, so that it is tested directly.
    package static func make(sessions: [SessionRow], slots: [SlotRow], today: Day) -> AccessReport {
        var weeks: [Day: Week] = [:]
        for s in sessions {
            guard let day = Day(iso: s.day) else { continue }
            let start = day.weekStart
            var w = weeks[start] ?? Week(start: start)
            w.required = max(w.required ?? 0, s.requiredMinutes)
            if s.staffed != 0 {
                w.planned += s.endMinute - s.startMinute
                if !s.notRun && day <= today { w.delivered += s.endMinute - s.startMinute }
            }
            weeks[start] = w
        }
        var hubs: [String: Use] = [:]
        var weekdays: [Int: Use] = [:]
        var sessionUse: [String: Use] = [:]
        var total = Use(label: "All hubs")
        for s in slots {
            guard let day = Day(iso: s.day) else { continue }
            let start = day.weekStart
            var w = weeks[start] ?? Week(start: start)
            w.slots += 1
            let booked = s.status != nil
            if booked { w.booked += 1 }
            weeks[start] = w
            guard day <= today else { continue }
            let opens = AccessWindow.clock(s.sessionStart ?? s.startMinute)
            let closes = AccessWindow.clock(s.sessionEnd ?? (s.startMinute + s.minutes))
            let sessionLabel = "\(s.hubName), \(AccessWindow.dayNames[day.weekday]) \(opens)–\(closes)"
            func count(_ u: inout Use) {
                u.slots += 1
                if booked { u.booked += 1 }
                if s.status == Hubs.Status.attended.rawValue { u.attended += 1 }
                if s.status == Hubs.Status.didNotAttend.rawValue { u.didNotAttend += 1 }
            }
            count(&hubs[s.hubName, default: Use(label: s.hubName)])
            count(&weekdays[day.weekday, default: Use(label: AccessWindow.dayNames[day.weekday])])
            count(&sessionUse[sessionLabel, default: Use(label: sessionLabel)])
            count(&total)
        }
        var report = AccessReport()
        report.weeks = weeks.values.sorted { $0.start < $1.start }
        report.byHub = hubs.values.sorted { $0.label < $1.label }
        report.byWeekday = weekdays.keys.sorted().map { weekdays[$0]! }
        report.bySession = sessionUse.values.sorted { $0.label < $1.label }
        report.total = total
        return report
    }

    /// The report for a group's hubs from `first` through `last`.
    package static func load(group: String, from first: Day, through last: Day, today: Day, on db: any SQLDatabase)
        async throws -> AccessReport
    {
        let sessions = try await db.raw(
            """
            SELECT r.required_minutes, s.day, s.start_minute, s.end_minute,
                   CASE WHEN s.clinician_id IS NULL THEN 0 ELSE 1 END AS staffed, s.not_run
            FROM rota_sessions s JOIN rotas r ON r.id = s.rota_id
            WHERE r.group_code = \(bind: group) AND r.status = 'published' AND s.day >= \(bind: first.iso) AND s.day \
            <= \(bind: last.iso)
            """
        ).all(decoding: SessionRow.self, with: snakeCaseRows)
        let slots = try await db.raw(
            """
            SELECT hb.name AS hub_name, h.day, rs.start_minute AS session_start, rs.end_minute AS session_end, \
            h.start_minute, h.minutes,
                   (SELECT b.status FROM hub_bookings b WHERE b.slot_id = h.id AND b.status <> 'cancelled') AS status
            FROM hub_slots h JOIN hubs hb ON hb.id = h.hub_id LEFT JOIN rota_sessions rs ON rs.id = h.rota_session_id
            WHERE hb.group_code = \(bind: group) AND h.day >= \(bind: first.iso) AND h.day <= \(bind: last.iso)
            """
        ).all(decoding: SlotRow.self, with: snakeCaseRows)
        return make(sessions: sessions, slots: slots, today: today)
    }
}
