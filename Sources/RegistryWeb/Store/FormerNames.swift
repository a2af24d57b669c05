import ConsortCore
import ConsortWeb
import SQLKit

/// The names a practice or group had before its current one, each with the date it gave way
/// to the next.
package struct FormerName: Sendable, Equatable {
    package let name: String
    package let validTo: String

    package init(name: String, validTo: String) {
        self.name = name
        self.validTo = validTo
    }

    /// "OLD NAME (until 1 January 2023)".
    package var label: String { "\(name) (until \(Day(iso: validTo)?.long ?? validTo))" }

    /// A code's former names, newest first.
    package static func of(_ code: String, on db: any SQLDatabase) async throws -> [FormerName] {
        try await of(codes: [code], on: db)[code, default: []].reversed()
    }

    /// The former names of several codes, each list oldest first.
    package static func of(codes: [String], on db: any SQLDatabase) async throws -> [String: [FormerName]] {
        guard !codes.isEmpty else { return [:] }
        let rows = try await db.raw(
            "SELECT code, name, valid_to FROM former_names WHERE code IN (\(binds: codes)) ORDER BY code, valid_to"
        ).all(decoding: FormerNameRow.self, with: snakeCaseRows)
        return Dictionary(grouping: rows, by: \.code).mapValues {
            $0.map { FormerName(name: $0.name, validTo: $0.validTo) }
        }
    }
}
