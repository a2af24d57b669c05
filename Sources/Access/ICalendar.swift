import ConsortCore
import Foundation

/// iCalendar (RFC 5545) feeds of a rota: one per clinician and one per hub, so that sessions
/// appear in whatever calendar people already use. Times are UK local time (`Europe/London`,
/// with its summer-time rules in the feed).
public enum ICalendar {
    public struct Event: Sendable, Equatable {
        public let uid: String
        public let day: Day
        /// Minutes after midnight, local time.
        public let start: Int
        public let end: Int
        public let summary: String
        public let location: String
        public let description: String

        public init(uid: String, day: Day, start: Int, end: Int, summary: String, location: String, description: String)
        {
            self.uid = uid
            self.day = day
            self.start = start
            self.end = end
            self.summary = summary
            self.location = location
            self.description = description
        }
    }

    /// The UK's time zone as RFC 5545 describes it: British Summer Time from 01:00 UTC on the
    /// last Sunday of March to 01:00 UTC (02:00 BST) on the last Sunday of October.
    static let london = [
        "BEGIN:VTIMEZONE", "TZID:Europe/London",
        "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0100", "TZNAME:BST", "DTSTART:19700329T010000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0000", "TZNAME:GMT", "DTSTART:19701025T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
        "END:VTIMEZONE",
    ]

    /// A whole calendar: lines ended by CRLF, long lines folded at 75 octets.
    /// - Parameter stamp: when the feed was made (DTSTAMP, UTC).
    public static func document(name: String, events: [Event], stamp: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let dtstamp = formatter.string(from: stamp)
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Consort//Extended access rota//EN", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:" + escape(name), "X-WR-TIMEZONE:Europe/London",
        ]
        lines += london
        for e in events.sorted(by: { ($0.day, $0.start, $0.uid) < ($1.day, $1.start, $1.uid) }) {
            lines += [
                "BEGIN:VEVENT", "UID:" + escape(e.uid), "DTSTAMP:" + dtstamp,
                "DTSTART;TZID=Europe/London:" + local(e.day, e.start),
                "DTEND;TZID=Europe/London:" + local(e.day, e.end),
                "SUMMARY:" + escape(e.summary), "LOCATION:" + escape(e.location),
                "DESCRIPTION:" + escape(e.description),
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// `20230306T183000`.
    static func local(_ day: Day, _ minutes: Int) -> String {
        day.iso.replacingOccurrences(of: "-", with: "") + String(format: "T%02d%02d00", minutes / 60, minutes % 60)
    }

    /// Escapes text values (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines.
    public static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n": out += "\\n"
            case "\r": continue
            default: out.append(c)
            }
        }
        return out
    }

    /// Folds a line into pieces of at most 75 octets (RFC 5545 §3.1), never inside a character;
    /// continuation lines start with a space.
    public static func fold(_ line: String) -> String {
        var pieces: [String] = []
        var current = ""
        var octets = 0
        for c in line {
            let size = String(c).utf8.count
            let limit = pieces.isEmpty ? 75 : 74  // a continuation's leading space counts
            if octets + size > limit {
                pieces.append(current)
                current = ""
                octets = 0
            }
            current.append(c)
            octets += size
        }
        pieces.append(current)
        return pieces.enumerated().map { $0.offset == 0 ? $0.element : " " + $0.element }.joined(separator: "\r\n")
    }
}

extension RotaBuilder {
    /// The events of a rota for one clinician (`person`) or one hub (`hub`), or all.
    public static func events(
        _ rota: Rota, sessions: [RotaSession], clinicians: [Clinician], person: String? = nil, hub: String? = nil
    ) -> [ICalendar.Event] {
        let people = Dictionary(clinicians.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return sessions.compactMap { s in
            guard let pid = rota.assignments[s.id], person == nil || pid == person, hub == nil || s.hub == hub else {
                return nil
            }
            let who = people[pid]?.name ?? pid
            return ICalendar.Event(
                uid: "\(s.id)@consort", day: s.day, start: s.start, end: s.end,
                summary: "Extended access: \(s.role.label) session, \(s.hub)" + (person == nil ? " (\(who))" : ""),
                location: "\(s.hub), room \(s.room)", description: "\(who), \(s.role.label). \(s.when).")
        }
    }
}
