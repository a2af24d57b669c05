import ConsortCore
import ConsortWeb
import Quality
import SQLKit

/// A group's readiness matrix: each member practice against CQC's 34 quality statements, with
/// its last rating and DSPT standing, the commonest gaps, and the policies the group shares.
package struct MatrixPage: Sendable {
    package struct Row: Sendable {
        package let code: String
        package let name: String
        package let statuses: [EvidenceStatus]
        package let rating: String?
        package let standing: DSPT.Standing
        /// The latest DSPT publication recorded.
        package let latest: DSPT.Publication?
        package var gaps: Int { statuses.filter(\.isGap).count }
    }

    package let code: String
    package let name: String
    package let day: Day
    /// Every member, most gaps first.
    package let rows: [Row]
    package let page: Int
    package let policies: [ReadinessStore.Evidence]
    package let canShare: Bool
    package let people: [(id: Int64, name: String)]
    package static let pageSize = 50

    package static func load(
        _ group: GroupInfo, view: RegistryView, user: CurrentUser, page: Int, day: Day = Day.today(),
        on db: any SQLDatabase
    ) async throws -> MatrixPage {
        let members = view.members(of: group)
        let codes = members.map(\.code)
        let own = Dictionary(
            grouping: try await ReadinessStore.evidence(practices: codes, groups: [], on: db), by: \.ownerCode)
        let adopted = try await ReadinessStore.adopted(by: codes, on: db)
        let ratings = try await QualityStore.ratings(of: codes, on: db)
        let publications = try await ReadinessStore.publications(of: codes, on: db)
        let rows = members.map { p in
            let items = (own[p.code] ?? []) + adopted.filter { $0.adoptions[p.code] != nil }
            return Row(
                code: p.code, name: p.name, statuses: ReadinessPage.lines(items, on: day).map(\.status),
                rating: ratings[p.code]?.rating, standing: DSPT.standing(publications[p.code] ?? [], on: day),
                latest: publications[p.code]?.first)
        }.sorted { ($0.gaps, $1.name) > ($1.gaps, $0.name) }
        let canShare = Permissions.canSharePolicies(group.code, user)
        return MatrixPage(
            code: group.code, name: group.name, day: day, rows: rows, page: page,
            policies: try await ReadinessStore.evidence(practices: [], groups: [group.code], on: db),
            canShare: canShare,
            people: canShare ? try await ReadinessStore.people(at: [group.code], on: day, db: db) : [])
    }

    package var pageRows: ArraySlice<Row> {
        let start = min((page - 1) * Self.pageSize, rows.count)
        return rows[start..<min(start + Self.pageSize, rows.count)]
    }

    /// The statements most often a gap across the members, with how many practices lack them.
    package var commonGaps: [(statement: QualityStatement, practices: Int)] {
        AssessmentFramework.statements.enumerated().map { i, s in
            (s, rows.filter { $0.statuses.indices.contains(i) && $0.statuses[i].isGap }.count)
        }.filter { $0.1 > 0 }.sorted { $0.1 > $1.1 }
    }

    /// The whole matrix, a practice per row, for the CSV.
    package func matrixTable() -> DataTable {
        var table = DataTable(
            id: "matrix", caption: "Readiness of \(name)'s practices, \(day.long)",
            columns: [.init(title: "Practice code"), .init(title: "Practice")]
                + AssessmentFramework.statements.map { .init(title: "\($0.code) \($0.title)") }
                + [
                    .init(title: "Gaps", numeric: true), .init(title: "CQC rating (April 2024)"),
                    .init(title: "DSPT"),
                ],
            rows: rows.map { r in
                [.text(r.code), .text(r.name)] + r.statuses.map { .text($0.label) }
                    + [.number(r.gaps), .text(r.rating), .text(r.standing.label)]
            }, fileName: "readiness-\(code).csv")
        table.emptyText = "The group has no member practices today."
        return table
    }

    /// Every member's DSPT: the latest publication, its standards, and where the practice stands
    /// against this year's 30 June deadline.
    package func dsptTable() -> DataTable {
        let due = DSPT.Year.due(on: day)
        var table = DataTable(
            id: "dspt", caption: "Data Security and Protection Toolkit of \(name)'s practices, \(day.long)",
            columns: [
                .init(title: "Practice code"), .init(title: "Practice"), .init(title: "Latest year"),
                .init(title: "Status"), .init(title: "Published"), .init(title: "Standards met", numeric: true),
                .init(title: "Meets the standards today"), .init(title: "Where it stands"),
            ],
            rows: rows.sorted { ($0.standing.meets ? 1 : 0, $0.name) < ($1.standing.meets ? 1 : 0, $1.name) }.map { r in
                [
                    .text(r.code), .text(r.name), .text(r.latest?.year.description), .text(r.latest?.status.label),
                    .text(r.latest?.publishedOn.iso), .number(r.latest?.standardsMet.count),
                    .text(r.standing.meets ? "Yes" : "No"), .text(r.standing.label),
                ]
            }, fileName: "dspt-\(code).csv")
        table.emptyText = "The group has no member practices today; \(due) is due by \(due.deadline.long)."
        return table
    }

    package func policiesTable() -> DataTable {
        var table = ReadinessView.evidenceTable(
            policies, id: "policies", caption: "Policies \(name) shares with its practices",
            fileName: "policies-\(code).csv", day: day)
        table.emptyText = "No shared policies yet."
        return table
    }
}
