import Access
import ConsortCore
import ConsortWeb
import Foundation
import SQLKit
import Vapor

/// Extended access for the demo federation: a hub with weekly sessions, generated clinicians
/// (named "Demo …", marked demo), a published rota from three weeks ago to four weeks ahead,
/// and generated bookings of demo patients (NHS numbers from the 999 range the NHS keeps for
/// testing) so that the report and charts have something to show. Made once.
package enum DemoAccess {
    package static func ensure(_ app: Application, federation: String) async throws {
        let db = Store.sql(app.db)
        guard try await db.raw("SELECT id FROM hubs WHERE group_code = \(bind: federation)").first() == nil else {
            return
        }
        let view = try await app.registryCache.view(at: Day.today(), on: db)
        guard let group = view.groups[federation] else { return }
        let members = view.members(of: group).map(\.code)
        guard !members.isEmpty else { return }
        let system = CurrentUser(
            id: 0, username: "system:demo", displayName: "Demo", isDemo: true,
            grants: [RoleGrant(role: .administrator, scope: nil)])

        let hubID = try await Hubs.create(
            group: federation, name: "Demo hub (generated)", address: "Generated sample hub, not a real site",
            by: system, app: app)
        var hub = try await HubSetup.details(hubID, on: db)
        let settings = try HubSetup.settings(
            name: hub.name, address: hub.address, rooms: "Room 1, Room 2, Room 3, Room 4",
            opening: "Mon-Fri 18:30-20:00; Sat 09:00-17:00",
            appointment: [.gp: "15", .nurse: "15", .other: "20"]
        ).get()
        try await HubSetup.update(hub, to: settings, by: system, app: app)
        hub = try await HubSetup.details(hubID, on: db)
        for (room, days, start, end, role) in [
            ("Room 1", "Mon-Fri", "18:30", "20:00", "gp"), ("Room 2", "Mon-Fri", "18:30", "20:00", "gp"),
            ("Room 3", "Mon-Fri", "18:30", "20:00", "nurse"), ("Room 4", "Mon-Fri", "18:30", "20:00", "other"),
            ("Room 1", "Sat", "09:00", "17:00", "gp"), ("Room 2", "Sat", "09:00", "17:00", "gp"),
            ("Room 3", "Sat", "09:00", "13:00", "nurse"),
        ] {
            try await HubSetup.addTemplate(
                hub, room: room, days: days, start: start, end: end, role: role, by: system, app: app)
        }
        // Two GPs, a nurse and another clinician (a pharmacist, say) from each member practice, and two sessional GPs.
        var number = 0
        let patterns = [
            "Mon-Fri 18:00-21:00; Sat 08:30-17:30", "Mon-Wed 18:00-20:30; Sat 08:30-17:30", "Wed-Fri 18:00-20:30",
            "Tue-Thu 18:00-20:30; Sat 08:30-13:30",
        ]
        for practice in members {
            for role in [StaffRole.gp, .gp, .nurse, .other] {
                number += 1
                let entry = StaffList.Entry(
                    name: "Demo \(role == .gp ? "GP" : role.label.lowercased()) \(number)", role: role,
                    practice: practice, maxPerMonth: role == .gp ? 8 : 12,
                    hubs: [hubID], availability: try WeeklyPattern(parsing: patterns[number % patterns.count]))
                try await StaffList.save(id: nil, group: federation, entry, isDemo: true, by: system, app: app)
            }
        }
        for n in 1...2 {
            try await StaffList.save(
                id: nil, group: federation,
                StaffList.Entry(
                    name: "Demo sessional GP \(n)", role: .gp, practice: nil, maxPerMonth: 12, hubs: [hubID],
                    availability: try WeeklyPattern(parsing: patterns[0])),
                isDemo: true, by: system, app: app)
        }
        try await DemoPeople.ensure(app, federation: federation)
        let first = Day.today().weekStart.adding(days: -21)
        let policy = try app.policies.policy(named: "enhanced-access-2022")
        let rotaID = try await RotaStore.build(
            group: group, policy: policy, from: first, through: first.adding(days: 48), by: system, app: app)
        let rota = try await RotaStore.row(rotaID, on: db)
        _ = try await RotaStore.publish(rota, by: system, app: app)

        // Demo bookings: about 70% of past appointments (one in ten did not attend), 30% of those to come.
        struct Slot: Decodable {
            package let id: Int64
            package let day: String
        }
        let slots = try await db.raw(
            "SELECT id, day FROM hub_slots WHERE hub_id = \(bind: hubID) ORDER BY day, start_minute, room"
        ).all(decoding: Slot.self)
        var random = Xoshiro256(seed: 2026)
        let today = Day.today()
        var rows: [[any Encodable & Sendable]] = []
        for (i, slot) in slots.enumerated() {
            guard let day = Day(iso: slot.day) else { continue }
            let past = day < today
            guard Double.random(in: 0..<1, using: &random) < (past ? 0.7 : 0.3) else { continue }
            let status =
                past ? (Double.random(in: 0..<1, using: &random) < 0.1 ? "did-not-attend" : "attended") : "booked"
            let practice = members[Int.random(in: 0..<members.count, using: &random)]
            rows.append([
                slot.id, status, demoNHSNumber(i), "Demo patient \(i + 1)", "Demo contact", practice, "system:demo",
                AuditChain.timestamp(), AuditChain.timestamp(),
            ])
        }
        let bookings = rows
        try await Store.write(app.db) { db in
            try await Store.insert(
                into: "hub_bookings",
                columns: [
                    "slot_id", "status", "nhs_number", "patient_name", "contact", "practice_code", "booked_by",
                    "booked_at", "updated_at",
                ],
                rows: bookings, on: db)
            try await AuditLog.append(
                on: db, actor: .user(system.username), action: "demo.bookings", entity: "hub", entityID: String(hubID),
                after: [
                    "bookings": String(bookings.count), "patients": "generated demo patients, NHS test numbers 999…",
                ])
        }
    }

    /// The `n`th valid NHS number of the 999 range the NHS keeps for testing (never a real patient's).
    package static func demoNHSNumber(_ n: Int) -> String {
        var k = n
        while true {
            let nine = "999" + String(format: "%06d", k % 1_000_000)
            if let check = NHSNumber.checkDigit(nine.compactMap { $0.wholeNumberValue }) { return nine + String(check) }
            k += 1
        }
    }
}
