import ConsortCore
import SQLKit

/// The registry's version: bumped in the transaction of every change to practices, groups or
/// memberships, so that every instance knows its cached views are stale.
package enum RegistryVersion {
    /// Marks the registry changed so that every instance rebuilds its cached views.
    package static func bump(_ db: any SQLDatabase, latestSnapshot: Day? = nil) async throws {
        if let latestSnapshot {
            try await db.raw(
                "UPDATE registry_state SET version = version + 1, latest_snapshot = \(bind: latestSnapshot.iso) WHERE "
                    + "id = 1"
            ).run()
        } else {
            try await db.raw("UPDATE registry_state SET version = version + 1 WHERE id = 1").run()
        }
    }
}

extension RegistryVersion {
    /// The registry's version now (nil before the schema exists).
    package static func current(on db: any SQLDatabase) async throws -> Int64? {
        struct Row: Decodable { let version: Int64 }
        return try await db.raw("SELECT version FROM registry_state WHERE id = 1").first(decoding: Row.self)?.version
    }
}
