import ConsortCore
import ConsortWeb
import SQLKit

/// The memberships a group has had.
package enum GroupHistory {
    /// A practice's period in the group.
    package struct Change: Sendable {
        package let id: Int64
        package let practice: String
        package let practiceName: String
        package let from: String
        package let to: String?

        package init(id: Int64, practice: String, practiceName: String, from: String, to: String?) {
            self.id = id
            self.practice = practice
            self.practiceName = practiceName
            self.from = from
            self.to = to
        }
    }

    /// Every membership the group has had, newest first; with `changesOnly`, only those that
    /// began after the group's first recorded day or have ended (the group's changes, without
    /// the members it has had from the start).
    package static func changes(of code: String, on db: any SQLDatabase, changesOnly: Bool = false) async throws
        -> [Change]
    {
        struct Row: Decodable {
            package let id: Int64
            package let practiceCode: String
            package let name: String?
            package let validFrom: String
            package let validTo: String?
        }
        let filter: SQLQueryString =
            changesOnly
            ? "AND (m.valid_to IS NOT NULL OR m.valid_from > (SELECT valid_from FROM organisations WHERE code = "
                + "\(bind: code)))"
            : ""
        return try await db.raw(
            """
            SELECT m.id, m.practice_code, p.name, m.valid_from, m.valid_to FROM memberships m
            LEFT JOIN practices p ON p.code = m.practice_code
            WHERE m.group_code = \(bind: code) \(filter) ORDER BY m.valid_from DESC, m.practice_code
            """
        ).all(decoding: Row.self, with: snakeCaseRows)
            .map {
                Change(
                    id: $0.id, practice: $0.practiceCode, practiceName: $0.name ?? $0.practiceCode, from: $0.validFrom,
                    to: $0.validTo)
            }
    }
}
