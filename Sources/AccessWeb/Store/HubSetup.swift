import Access
import ConsortCore
import ConsortWeb
import Foundation
import SQLKit
import Vapor

/// A hub's set-up (rooms, opening hours, appointment lengths) and the weekly sessions it runs.
package enum HubSetup {
    package struct Details: Decodable, Sendable {
        package let id: Int64
        package let groupCode: String
        package let name: String
        package let address: String?
        package let rooms: String
        package let opening: String
        package let appointmentGp: Int
        package let appointmentNurse: Int
        package let appointmentOther: Int
        package let calendarToken: String?
        /// Whether the hub opens on bank holidays in England (most do not).
        package var opensOnBankHolidays: Bool = false

        package var roomList: [String] { HubSetup.rooms(rooms) }
        package var openingHours: WeeklyPattern { (try? WeeklyPattern(parsing: opening)) ?? WeeklyPattern(windows: []) }

        package func appointmentMinutes(_ role: StaffRole) -> Int {
            switch role {
            case .gp: return appointmentGp
            case .nurse: return appointmentNurse
            case .other: return appointmentOther
            }
        }

        package init(
            id: Int64, groupCode: String, name: String, address: String?, rooms: String, opening: String,
            appointmentGp: Int, appointmentNurse: Int, appointmentOther: Int, calendarToken: String?
        ) {
            self.id = id
            self.groupCode = groupCode
            self.name = name
            self.address = address
            self.rooms = rooms
            self.opening = opening
            self.appointmentGp = appointmentGp
            self.appointmentNurse = appointmentNurse
            self.appointmentOther = appointmentOther
            self.calendarToken = calendarToken
        }
    }

    /// Refuses a session on a bank holiday at a hub that closes on them, naming the holiday.
    package static func refuseBankHoliday(_ hub: Details, _ day: Day, field: String) throws {
        guard !hub.opensOnBankHolidays, let holiday = BankHolidays.holiday(on: day) else { return }
        throw FieldProblem(
            field: field,
            message:
                "\(day.long) is a bank holiday (\(holiday.title)) and \(hub.name) closes on bank holidays; choose "
                + "another day, or set the hub to open on them")
    }

    package struct Template: Decodable, Sendable {
        package let id: Int64
        package let hubId: Int64
        package let room: String
        package let firstWeekday: Int
        package let lastWeekday: Int
        package let startMinute: Int
        package let endMinute: Int
        package let role: String

        package var staffRole: StaffRole { StaffRole(rawValue: role) ?? .other }
        package var window: String {
            AccessWindow.text(days: firstWeekday...lastWeekday, start: startMinute, end: endMinute)
        }

        package func template(hubName: String) -> SessionTemplate {
            SessionTemplate(
                id: "t\(id)", hub: hubName, room: room, firstWeekday: firstWeekday, lastWeekday: lastWeekday,
                start: startMinute, end: endMinute, role: staffRole)
        }

        package init(
            id: Int64, hubId: Int64, room: String, firstWeekday: Int, lastWeekday: Int, startMinute: Int,
            endMinute: Int, role: String
        ) {
            self.id = id
            self.hubId = hubId
            self.room = room
            self.firstWeekday = firstWeekday
            self.lastWeekday = lastWeekday
            self.startMinute = startMinute
            self.endMinute = endMinute
            self.role = role
        }
    }

    package static func rooms(_ text: String) -> [String] {
        var seen = Set<String>()
        return text.split(whereSeparator: { $0 == "," || $0 == "\n" }).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
    }

    package static let columns: SQLQueryString =
        "id, group_code, name, address, rooms, opening, appointment_gp, appointment_nurse, appointment_other, "
        + "calendar_token, opens_on_bank_holidays"

    package static func details(_ id: Int64, on db: any SQLDatabase) async throws -> Details {
        guard
            let hub = try await db.raw("SELECT \(columns) FROM hubs WHERE id = \(bind: id)").first(
                decoding: Details.self, with: snakeCaseRows)
        else {
            throw Abort(.notFound, reason: "There is no hub \(id).")
        }
        return hub
    }

    package static func hubs(of group: String, on db: any SQLDatabase) async throws -> [Details] {
        try await db.raw("SELECT \(columns) FROM hubs WHERE group_code = \(bind: group) ORDER BY name, id").all(
            decoding: Details.self, with: snakeCaseRows)
    }

    package static func templates(hubs ids: [Int64], on db: any SQLDatabase) async throws -> [Template] {
        guard !ids.isEmpty else { return [] }
        return try await db.raw(
            """
            SELECT id, hub_id, room, first_weekday, last_weekday, start_minute, end_minute, role FROM hub_templates
            WHERE hub_id IN (\(SQLQueryString(ids.map(String.init).joined(separator: ","))))
            ORDER BY hub_id, first_weekday, start_minute, room
            """
        ).all(decoding: Template.self, with: snakeCaseRows)
    }

    package struct Settings: Sendable {
        package var name: String
        package var address: String?
        package var rooms: [String]
        package var opening: WeeklyPattern
        package var appointment: [StaffRole: Int]
        package var opensOnBankHolidays: Bool

        package init(
            name: String, address: String? = nil, rooms: [String], opening: WeeklyPattern,
            appointment: [StaffRole: Int],
            opensOnBankHolidays: Bool = false
        ) {
            self.name = name
            self.address = address
            self.rooms = rooms
            self.opening = opening
            self.appointment = appointment
            self.opensOnBankHolidays = opensOnBankHolidays
        }
    }

    /// Validates the hub settings form; every problem names its field.
    package static func settings(
        name: String?, address: String?, rooms: String?, opening: String?, appointment: [StaffRole: String?],
        opensOnBankHolidays: Bool = false
    ) -> Result<Settings, FieldProblems> {
        var problems: [FieldProblem] = []
        let clean = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if clean.isEmpty || clean.count > 120 {
            problems.append(FieldProblem(field: "name", message: "Give the hub a name of 1 to 120 characters"))
        }
        let list = self.rooms(rooms ?? "")
        if list.isEmpty {
            problems.append(FieldProblem(field: "rooms", message: "Name at least one room, e.g. Room 1, Room 2"))
        }
        var pattern = WeeklyPattern(windows: [])
        do { pattern = try WeeklyPattern(parsing: opening ?? "") } catch {
            problems.append(FieldProblem(field: "opening", message: "Opening hours: \(error.description)"))
        }
        var lengths: [StaffRole: Int] = [:]
        for role in StaffRole.allCases {
            let text = (appointment[role] ?? nil)?.trimmingCharacters(in: .whitespaces) ?? ""
            if let n = Int(text), (5...120).contains(n) {
                lengths[role] = n
            } else {
                problems.append(
                    FieldProblem(
                        field: "appointment_\(role.rawValue)",
                        message: "\(role.label) appointments last 5 to 120 minutes; enter a whole number"))
            }
        }
        if !problems.isEmpty { return .failure(FieldProblems(all: problems)) }
        let address = address?.trimmingCharacters(in: .whitespacesAndNewlines)
        return .success(
            Settings(
                name: clean, address: address?.isEmpty == false ? address : nil, rooms: list, opening: pattern,
                appointment: lengths, opensOnBankHolidays: opensOnBankHolidays))
    }

    package static func update(_ hub: Details, to s: Settings, by user: CurrentUser, app: Application) async throws {
        guard Permissions.canManageAccess(hub.groupCode, user) else {
            throw NotPermitted(description: "Only administrators and the hub's managers can change it.")
        }
        let templates = try await self.templates(hubs: [hub.id], on: Store.sql(app.db))
        if let orphan = templates.first(where: { t in !s.rooms.contains(t.room) }) {
            throw FieldProblem(
                field: "rooms",
                message:
                    "Room \(orphan.room) has weekly sessions (\(orphan.window)); remove them before removing the room")
        }
        if !s.opening.windows.isEmpty,
            let outside = templates.first(where: { t in
                !(t.firstWeekday...t.lastWeekday).allSatisfy { d in
                    s.opening.windows.contains {
                        $0.days.contains(d) && $0.start <= t.startMinute && t.endMinute <= $0.end
                    }
                }
            })
        {
            throw FieldProblem(
                field: "opening",
                message:
                    "The weekly session \(outside.window) in \(outside.room) would fall outside these hours; change or "
                    + "remove it first"
            )
        }
        try await Store.write(app.db) { db in
            if try await db.raw(
                "SELECT id FROM hubs WHERE group_code = \(bind: hub.groupCode) AND LOWER(name) = "
                    + "\(bind: s.name.lowercased()) AND id <> \(bind: hub.id)"
            ).first() != nil {
                throw FieldProblem(
                    field: "name", message: "Another hub of the group is called \(s.name); give this one another name",
                    status: .conflict)
            }
            try await db.raw(
                """
                UPDATE hubs SET name = \(bind: s.name), address = \(bind: s.address), rooms = \
                \(bind: s.rooms.joined(separator: ", ")),
                  opening = \(bind: s.opening.text), appointment_gp = \(bind: s.appointment[.gp]!), appointment_nurse \
                  = \(bind: s.appointment[.nurse]!),
                  appointment_other = \(bind: s.appointment[.other]!), \
                  opens_on_bank_holidays = \(bind: s.opensOnBankHolidays) WHERE id = \(bind: hub.id)
                """
            ).run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "hub.update", entity: "hub", entityID: String(hub.id),
                before: [
                    "name": hub.name, "address": hub.address ?? "", "rooms": hub.rooms, "opening": hub.opening,
                    "appointments": "\(hub.appointmentGp)/\(hub.appointmentNurse)/\(hub.appointmentOther)",
                ],
                after: [
                    "name": s.name, "address": s.address ?? "", "rooms": s.rooms.joined(separator: ", "),
                    "opening": s.opening.text,
                    "appointments": "\(s.appointment[.gp]!)/\(s.appointment[.nurse]!)/\(s.appointment[.other]!)",
                    "bankHolidays": s.opensOnBankHolidays ? "open" : "closed",
                ])
        }
    }

    /// Adds a weekly session: a room on some days from `start` to `end` for a role. It must use
    /// one of the hub's rooms, fall within its opening hours, and not overlap another weekly
    /// session in the same room.
    package static func addTemplate(
        _ hub: Details, room: String, days: String, start: String?, end: String?, role: String?,
        by user: CurrentUser, app: Application
    ) async throws {
        guard Permissions.canManageAccess(hub.groupCode, user) else {
            throw NotPermitted(description: "Only administrators and the hub's managers can change its sessions.")
        }
        guard hub.roomList.contains(room) else {
            throw FieldProblem(
                field: "room", message: "Choose one of the hub's rooms: \(hub.roomList.joined(separator: ", "))")
        }
        guard let window = AccessWindow("\(days) \(start ?? "")-\(end ?? "")") else {
            if AccessWindow("\(days) 00:00-01:00") == nil {
                throw FieldProblem(field: "days", message: "Give the days as Mon-Fri, Sat or similar (Mon to Sun)")
            }
            throw FieldProblem(
                field: "start",
                message: "Give start and end times as HH:MM, e.g. 18:30 and 20:00, the start before the end")
        }
        guard let staff = StaffRole(rawValue: role ?? "") else {
            throw FieldProblem(field: "role", message: "Choose GP, nurse or other clinician")
        }
        let opening = hub.openingHours
        if !opening.windows.isEmpty,
            !window.days.allSatisfy({ d in
                opening.windows.contains { $0.days.contains(d) && $0.start <= window.start && window.end <= $0.end }
            })
        {
            throw FieldProblem(
                field: "start", message: "\(window.text) is outside the hub's opening hours (\(opening.text))")
        }
        try await Store.write(app.db) { db in
            let existing = try await templates(hubs: [hub.id], on: db)
            if let clash = existing.first(where: {
                $0.room == room && $0.firstWeekday <= window.days.upperBound && window.days.lowerBound <= $0.lastWeekday
                    && $0.startMinute < window.end && window.start < $0.endMinute
            }) {
                throw FieldProblem(
                    field: "room",
                    message:
                        "\(room) already has a weekly session then (\(clash.window)); a room holds one session at a "
                        + "time"
                )
            }
            try await db.raw(
                """
                INSERT INTO hub_templates (hub_id, room, first_weekday, last_weekday, start_minute, end_minute, role)
                VALUES (\(bind: hub.id), \(bind: room), \(bind: window.days.lowerBound), \
                \(bind: window.days.upperBound), \(bind: window.start), \(bind: window.end), \(bind: staff.rawValue))
                """
            ).run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "hub.template.add", entity: "hub",
                entityID: String(hub.id),
                after: ["room": room, "when": window.text, "role": staff.rawValue])
        }
    }

    package static func removeTemplate(_ hub: Details, id: Int64, by user: CurrentUser, app: Application) async throws {
        guard Permissions.canManageAccess(hub.groupCode, user) else {
            throw NotPermitted(description: "Only administrators and the hub's managers can change its sessions.")
        }
        try await Store.write(app.db) { db in
            guard let t = try await templates(hubs: [hub.id], on: db).first(where: { $0.id == id }) else {
                throw Abort(.notFound, reason: "Hub \(hub.id) has no weekly session \(id).")
            }
            try await db.raw("DELETE FROM hub_templates WHERE id = \(bind: id)").run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "hub.template.remove", entity: "hub",
                entityID: String(hub.id),
                before: ["room": t.room, "when": t.window, "role": t.role])
        }
    }
}
