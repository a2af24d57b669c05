import ConsortCore
import ConsortWeb
import Quality
import SQLKit

/// A practice's readiness for inspection: each of CQC's 34 quality statements with its
/// evidence (the practice's own and the shared policies it adopted) and status, the last CQC
/// rating, and its DSPT standing.
package struct ReadinessPage: Sendable {
    package typealias Evidence = ReadinessStore.Evidence

    /// A statement and what evidences it.
    package struct Line: Sendable {
        package let statement: QualityStatement
        package let status: EvidenceStatus
        package let evidence: [Evidence]
    }

    package let code: String
    package let name: String
    package let day: Day
    package let lines: [Line]
    package let rating: QualityStore.Rating?
    /// The practice's own evidence and the shared policies it adopted.
    package let own: [Evidence]
    package let adopted: [Evidence]
    /// Shared policies of its federations and network that it has not adopted.
    package let offered: [Evidence]
    package let groupNames: [String: String]
    package let publications: [DSPT.Publication]
    package let standing: DSPT.Standing
    package let canEdit: Bool
    package let people: [(id: Int64, name: String)]

    /// Each statement's status and evidence on `day` from `items` (newest review first).
    package static func lines(_ items: [Evidence], on day: Day) -> [Line] {
        var by: [String: [Evidence]] = [:]
        for item in items {
            for s in item.statements { by[s, default: []].append(item) }
        }
        return AssessmentFramework.statements.map { s in
            let list = by[s.id] ?? []
            return Line(
                statement: s, status: Readiness.status(reviewDates: list.map(\.reviewOn), on: day), evidence: list)
        }
    }

    package static func load(
        practice: PracticeInfo, view: RegistryView, user: CurrentUser, day: Day = Day.today(), on db: any SQLDatabase
    ) async throws -> ReadinessPage {
        let groups = practice.federations + [practice.groups[.network]].compactMap { $0 }
        let own = try await ReadinessStore.evidence(practices: [practice.code], groups: [], on: db)
        let shared = try await ReadinessStore.evidence(practices: [], groups: groups, on: db)
        let adopted = try await ReadinessStore.adopted(by: [practice.code], on: db).filter {
            $0.adoptions[practice.code] != nil
        }
        let adoptedIDs = Set(adopted.map(\.id))
        let publications = try await ReadinessStore.publications(of: [practice.code], on: db)[practice.code] ?? []
        let canEdit = Permissions.canEditReadiness(of: practice.code, user)
        let owners = Set((shared + adopted).map(\.ownerCode))
        return ReadinessPage(
            code: practice.code, name: practice.name, day: day, lines: lines(own + adopted, on: day),
            rating: try await QualityStore.ratings(of: [practice.code], on: db)[practice.code], own: own,
            adopted: adopted, offered: shared.filter { !adoptedIDs.contains($0.id) },
            groupNames: Dictionary(uniqueKeysWithValues: owners.map { ($0, view.groups[$0]?.name ?? $0) }),
            publications: publications, standing: DSPT.standing(publications, on: day), canEdit: canEdit,
            people: canEdit ? try await ReadinessStore.people(at: [practice.code], on: day, db: db) : [])
    }

    package var gaps: [Line] { lines.filter { $0.status.isGap } }

    /// The statements' table: code, key question, statement, status, latest evidence, review date.
    package func statementsTable() -> DataTable {
        DataTable(
            id: "statements", caption: "CQC quality statements and their evidence, \(day.long)",
            columns: [
                .init(title: "Code"), .init(title: "Key question"), .init(title: "Quality statement"),
                .init(title: "Status"), .init(title: "Evidence"), .init(title: "Latest review date"),
            ],
            rows: lines.map { line in
                let latest = line.evidence.first
                return [
                    .text(line.statement.code), .text(line.statement.question.title), .text(line.statement.title),
                    .text(line.status.label),
                    .text(
                        line.evidence.isEmpty
                            ? nil
                            : line.evidence.map { $0.title + (shared($0) ? " (shared)" : "") }.joined(
                                separator: "; ")),
                    .text(latest?.reviewOn.iso),
                ]
            }, fileName: "readiness-\(code).csv")
    }

    /// The DSPT table: each year's publication.
    package func dsptTable() -> DataTable {
        var table = DataTable(
            id: "dspt", caption: "Data Security and Protection Toolkit publications",
            columns: [
                .init(title: "Year"), .init(title: "Status"), .init(title: "Published"), .init(title: "Deadline"),
                .init(title: "Standards met", numeric: true), .init(title: "Stands until"),
            ],
            rows: publications.map { p in
                [
                    .text(p.year.description), .text(p.status.label), .text(p.publishedOn.iso),
                    .text(p.year.deadline.iso), .number(p.standardsMet.count), .text(p.year.expiry.iso),
                ]
            }, fileName: "dspt-\(code).csv")
        table.emptyText = "No publication recorded."
        return table
    }

    func shared(_ e: Evidence) -> Bool { e.ownerKind == .group }
}
