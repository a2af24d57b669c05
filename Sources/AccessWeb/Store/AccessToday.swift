import ConsortCore
import ConsortWeb
import SQLKit

/// What the extended-access tables say about the coming days, for people's "Today" pages.
package enum AccessToday {
    package struct Gap: Decodable, Sendable {
        package let rotaId: Int64
        package let day: String
        package let startMinute: Int
        package let endMinute: Int
        package let role: String
        package let room: String
        package let hubName: String
    }

    /// Sessions of the group's published rotas from `first` through `last` that no one staffs and
    /// that are not marked as not run, in time order.
    package static func gaps(group: String, from first: Day, through last: Day, on db: any SQLDatabase)
        async throws -> [Gap]
    {
        try await db.raw(
            """
            SELECT s.rota_id, s.day, s.start_minute, s.end_minute, s.role, s.room, h.name AS hub_name
            FROM rota_sessions s JOIN rotas r ON r.id = s.rota_id JOIN hubs h ON h.id = s.hub_id
            WHERE r.group_code = \(bind: group) AND r.status = 'published' AND s.clinician_id IS NULL
              AND s.not_run = FALSE AND s.day >= \(bind: first.iso) AND s.day <= \(bind: last.iso)
            ORDER BY s.day, s.start_minute, h.name, s.room
            """
        ).all(decoding: Gap.self, with: snakeCaseRows)
    }
}
