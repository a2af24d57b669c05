import ConsortCore
import ConsortWeb
import SQLKit

/// A practice's record with every membership and list size it has had.
package struct PracticeHistory: Sendable {
    package let row: PracticeRow
    package let memberships: [(row: MembershipRow, groupName: String)]
    package let listSizes: [ListSizeRow]
    package let formerNames: [FormerName]

    package static func load(code: String, on db: any SQLDatabase) async throws -> PracticeHistory? {
        guard
            let row = try await db.raw("SELECT * FROM practices WHERE code = \(bind: code)")
                .first(decoding: PracticeRow.self, with: snakeCaseRows)
        else { return nil }
        struct M: Decodable {
            package let id: Int64
            package let practiceCode: String
            package let groupCode: String
            package let kind: String
            package let validFrom: String
            package let validTo: String?
            package let source: String
            package let name: String?
        }
        let memberships = try await db.raw(
            """
            SELECT m.id, m.practice_code, m.group_code, m.kind, m.valid_from, m.valid_to, m.source, o.name
            FROM memberships m LEFT JOIN organisations o ON o.code = m.group_code
            WHERE m.practice_code = \(bind: code) ORDER BY m.valid_from DESC, m.kind
            """
        ).all(decoding: M.self, with: snakeCaseRows)
        let sizes = try await db.raw(
            "SELECT practice_code, on_date, patients, weighted_patients FROM list_sizes WHERE practice_code = "
                + "\(bind: code) ORDER BY on_date DESC"
        )
        .all(decoding: ListSizeRow.self, with: snakeCaseRows)
        // Each period shows the group's name when it began.
        let former = try await FormerName.of(codes: Array(Set(memberships.map(\.groupCode))), on: db)
        func name(_ m: M) -> String {
            former[m.groupCode]?.first { $0.validTo > m.validFrom }?.name ?? m.name ?? m.groupCode
        }
        return PracticeHistory(
            row: row,
            memberships: memberships.map {
                (
                    MembershipRow(
                        id: $0.id, practiceCode: $0.practiceCode, groupCode: $0.groupCode, kind: $0.kind,
                        validFrom: $0.validFrom, validTo: $0.validTo, source: $0.source), name($0)
                )
            },
            listSizes: sizes, formerNames: try await FormerName.of(code, on: db))
    }

    package init(
        row: PracticeRow, memberships: [(row: MembershipRow, groupName: String)], listSizes: [ListSizeRow],
        formerNames: [FormerName] = []
    ) {
        self.row = row
        self.memberships = memberships
        self.listSizes = listSizes
        self.formerNames = formerNames
    }
}
