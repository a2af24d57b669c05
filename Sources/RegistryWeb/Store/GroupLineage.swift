import ConsortCore
import ConsortWeb
import SQLKit

/// Where a group's practices came from and went when groups merged, split or took practices
/// from one another: the memberships of the same kind that ended on the day another began.
/// ICBs merged in 2026 show the ICBs they were formed from; a closed ICB shows where its
/// practices went.
package enum GroupLineage {
    /// Practices that moved between this group and another on one day.
    package struct Flow: Sendable, Equatable {
        package enum Direction: String, Sendable { case from, into }
        package let direction: Direction
        package let on: Day
        package let group: String
        package let name: String
        package let practices: Int
        /// The practices the group they left had the day before.
        package let ofLeft: Int

        package init(direction: Direction, on: Day, group: String, name: String, practices: Int, ofLeft: Int) {
            self.direction = direction
            self.on = on
            self.group = group
            self.name = name
            self.practices = practices
            self.ofLeft = ofLeft
        }
    }

    /// The flows into and out of the group, newest first, then most practices first: one query
    /// each way, the size of the group left counted in the same query.
    package static func flows(of code: String, on db: any SQLDatabase) async throws -> [Flow] {
        struct Row: Decodable {
            let onDay: String
            let other: String
            let name: String?
            let practices: Int
            let ofLeft: Int
        }
        var out: [Flow] = []
        for direction in [Flow.Direction.from, .into] {
            // `n` began on the day `o` ended, for the same practice and kind; `o`'s group is the
            // one the practices left, counted on the day before.
            let (this, that): (SQLQueryString, SQLQueryString) = direction == .from ? ("n", "o") : ("o", "n")
            let rows = try await db.raw(
                """
                SELECT n.valid_from AS on_day, \(that).group_code AS other, g.name, COUNT(*) AS practices,
                (SELECT COUNT(*) FROM memberships x WHERE x.group_code = o.group_code AND x.valid_from < n.valid_from
                AND (x.valid_to IS NULL OR x.valid_to >= n.valid_from)) AS of_left
                FROM memberships n JOIN memberships o ON o.practice_code = n.practice_code AND o.kind = n.kind
                AND o.valid_to = n.valid_from
                LEFT JOIN organisations g ON g.code = \(that).group_code
                WHERE \(this).group_code = \(bind: code) AND o.group_code <> n.group_code
                GROUP BY n.valid_from, \(that).group_code, g.name, o.group_code
                """
            ).all(decoding: Row.self, with: snakeCaseRows)
            out += rows.compactMap { row in
                Day(iso: row.onDay).map {
                    Flow(
                        direction: direction, on: $0, group: row.other, name: row.name ?? row.other,
                        practices: row.practices, ofLeft: row.ofLeft)
                }
            }
        }
        return out.sorted { ($0.on, $0.practices, $1.group) > ($1.on, $1.practices, $0.group) }
    }
}
