import ConsortCore
import ConsortWeb
import Foundation
import SQLKit

/// What the hub pages, the slot API and the calendar feeds read.
package enum HubReads {
    package struct HubRow: Decodable, Sendable {
        package let id: Int64
        package let groupCode: String
        package let name: String
        package let address: String?
        package let rooms: String
    }

    /// Every hub, by name.
    package static func all(on db: any SQLDatabase) async throws -> [HubRow] {
        try await db.raw("SELECT id, group_code, name, address, rooms FROM hubs ORDER BY name, id").all(
            decoding: HubRow.self, with: snakeCaseRows)
    }

    /// A slot of a hub's day, with the practice holding it (never the patient).
    package struct DaySlot: Decodable, Sendable {
        package let id: Int64
        package let room: String
        package let startMinute: Int
        package let minutes: Int
        package let role: String
        package let clinician: String?
        package let practiceCode: String?
    }

    package static func slots(hub: Int64, on day: Day, db: any SQLDatabase) async throws -> [DaySlot] {
        try await db.raw(
            """
            SELECT s.id, s.room, s.start_minute, s.minutes, s.role, s.clinician,
                   (SELECT b.practice_code FROM hub_bookings b WHERE b.slot_id = s.id AND b.status <> 'cancelled') AS \
                   practice_code
            FROM hub_slots s WHERE s.hub_id = \(bind: hub) AND s.day = \(bind: day.iso) ORDER BY s.start_minute, s.room
            """
        ).all(decoding: DaySlot.self, with: snakeCaseRows)
    }

    /// The next days (up to 14) from `today` with a free appointment.
    package static func daysWithFreeSlots(hub: Int64, from today: Day, db: any SQLDatabase) async throws -> [Day] {
        struct Next: Decodable { let day: String }
        return try await db.raw(
            """
            SELECT DISTINCT s.day FROM hub_slots s WHERE s.hub_id = \(bind: hub) AND s.day >= \(bind: today.iso)
              AND NOT EXISTS (SELECT 1 FROM hub_bookings b WHERE b.slot_id = s.id AND b.status <> 'cancelled')
            ORDER BY s.day LIMIT 14
            """
        ).all(decoding: Next.self).compactMap { Day(iso: $0.day) }
    }

    /// A slot as the API lists it: whether it is booked, never by whom.
    package struct SlotState: Decodable, Sendable {
        package let id: Int64
        package let day: String
        package let startMinute: Int
        package let minutes: Int
        package let room: String
        package let role: String
        package let clinician: String?
        package let taken: Int
    }

    /// A hub's slots (a day, or all, up to 5,000).
    package static func slotStates(hub: Int64, day: Day?, db: any SQLDatabase) async throws -> [SlotState] {
        let filter: SQLQueryString = day.map { "AND s.day = \(bind: $0.iso)" } ?? ""
        return try await db.raw(
            """
            SELECT s.id, s.day, s.start_minute, s.minutes, s.room, s.role, s.clinician,
                   (SELECT COUNT(*) FROM hub_bookings b WHERE b.slot_id = s.id AND b.status <> 'cancelled') AS taken
            FROM hub_slots s WHERE s.hub_id = \(bind: hub) \(filter) ORDER BY s.day, s.start_minute, s.room LIMIT 5000
            """
        ).all(decoding: SlotState.self, with: snakeCaseRows)
    }

    /// Whose calendar feed a secret address is: a hub's or a clinician's.
    package struct FeedOwner: Decodable, Sendable {
        package let id: Int64
        package let groupCode: String
        package let name: String
    }

    package static func feed(token: String, db: any SQLDatabase) async throws -> (hub: FeedOwner?, person: FeedOwner?) {
        if let hub = try await db.raw("SELECT id, group_code, name FROM hubs WHERE calendar_token = \(bind: token)")
            .first(decoding: FeedOwner.self, with: snakeCaseRows)
        {
            return (hub, nil)
        }
        let person = try await db.raw(
            "SELECT id, group_code, name FROM clinicians WHERE calendar_token = \(bind: token)"
        )
        .first(decoding: FeedOwner.self, with: snakeCaseRows)
        return (nil, person)
    }

    /// A person's feed across every federation they work for: their clinician rows.
    package static func personFeed(token: String, db: any SQLDatabase) async throws -> (
        name: String, rows: [FeedOwner]
    )? {
        struct Person: Decodable {
            let id: Int64
            let name: String
        }
        guard
            let person = try await db.raw("SELECT id, name FROM people WHERE calendar_token = \(bind: token)").first(
                decoding: Person.self)
        else { return nil }
        let rows = try await db.raw(
            "SELECT id, group_code, name FROM clinicians WHERE person_id = \(bind: person.id) ORDER BY id"
        ).all(decoding: FeedOwner.self, with: snakeCaseRows)
        return (person.name, rows)
    }

    /// The published, staffed sessions of a group that a feed lists: a hub's, or a clinician's.
    package static func feedSessions(group: String, hub: Int64?, clinician: Int64?, db: any SQLDatabase) async throws
        -> [RotaStore.Session]
    {
        let filter: SQLQueryString =
            hub.map { "AND s.hub_id = \(bind: $0)" } ?? "AND s.clinician_id = \(bind: clinician ?? -1)"
        return try await db.raw(
            """
            SELECT s.id, s.rota_id, s.hub_id, s.room, s.day, s.start_minute, s.end_minute, s.role, s.clinician_id, \
            s.not_run
            FROM rota_sessions s JOIN rotas r ON r.id = s.rota_id
            WHERE r.group_code = \(bind: group) AND r.status = 'published' AND s.not_run = \(bind: false) AND \
            s.clinician_id IS NOT NULL \(filter)
            ORDER BY s.day, s.start_minute
            """
        ).all(decoding: RotaStore.Session.self, with: snakeCaseRows)
    }
}
