import ConsortCore
import ConsortWeb
import Foundation
import Quality
import SQLKit

/// Evidence for CQC's quality statements and DSPT publications: reading them for the practices a
/// caller may see, and writing them, each write one transaction with its audit entry.
package enum ReadinessStore {
    /// A piece of evidence: a practice's own, or a policy a group shares with its members.
    package struct Evidence: Sendable {
        package enum Owner: String, Sendable { case practice, group }
        package let id: Int64
        package let ownerKind: Owner
        package let ownerCode: String
        package let title: String
        package let detail: String?
        package let gatheredOn: Day
        package let reviewOn: Day
        package let person: String?
        package let statements: [String]
        package let createdBy: String
        /// For a shared policy, the practices that have adopted it (practice code → adopted on).
        package var adoptions: [String: Day] = [:]
    }

    struct Row: Decodable {
        let id: Int64
        let ownerKind: String
        let ownerCode: String
        let title: String
        let detail: String?
        let gatheredOn: String
        let reviewOn: String
        let personName: String?
        let personDemo: Bool?
        let createdBy: String
    }

    /// Current (not retired) evidence of the given practices and groups, with the shared
    /// policies' adoptions, newest review first.
    package static func evidence(practices: [String], groups: [String], on db: any SQLDatabase) async throws
        -> [Evidence]
    {
        var found: [Row] = []
        for (kind, codes) in [("practice", practices), ("group", groups)] where !codes.isEmpty {
            for chunk in codes.chunks(of: 500) {
                found += try await db.raw(
                    """
                    SELECT e.id, e.owner_kind, e.owner_code, e.title, e.detail, e.gathered_on, e.review_on, \
                    e.created_by, p.name AS person_name, p.is_demo AS person_demo
                    FROM readiness_evidence e LEFT JOIN people p ON p.id = e.person_id
                    WHERE e.retired_on IS NULL AND e.owner_kind = \(bind: kind) AND e.owner_code IN (\(binds: chunk))
                    """
                ).all(decoding: Row.self, with: snakeCaseRows)
            }
        }
        return try await complete(found, on: db)
    }

    /// Shared policies that any of `practices` has adopted, whoever shares them.
    package static func adopted(by practices: [String], on db: any SQLDatabase) async throws -> [Evidence] {
        guard !practices.isEmpty else { return [] }
        let rows = try await db.raw(
            """
            SELECT DISTINCT e.id, e.owner_kind, e.owner_code, e.title, e.detail, e.gathered_on, e.review_on, \
            e.created_by, p.name AS person_name, p.is_demo AS person_demo
            FROM readiness_evidence e JOIN readiness_adoptions a ON a.evidence_id = e.id
            LEFT JOIN people p ON p.id = e.person_id
            WHERE e.retired_on IS NULL AND e.owner_kind = 'group' AND a.practice_code IN (\(binds: practices))
            """
        ).all(decoding: Row.self, with: snakeCaseRows)
        return try await complete(rows, on: db)
    }

    private static func complete(_ rows: [Row], on db: any SQLDatabase) async throws -> [Evidence] {
        guard !rows.isEmpty else { return [] }
        let ids = rows.map(\.id)
        struct S: Decodable {
            let evidenceId: Int64
            let statement: String
        }
        struct A: Decodable {
            let evidenceId: Int64
            let practiceCode: String
            let adoptedOn: String
        }
        var statements: [Int64: [String]] = [:]
        var adoptions: [Int64: [String: Day]] = [:]
        for chunk in ids.chunks(of: 500) {
            for s in try await db.raw(
                """
                SELECT evidence_id, statement FROM readiness_evidence_statements \
                WHERE evidence_id IN (\(binds: chunk))
                """
            ).all(decoding: S.self, with: snakeCaseRows) {
                statements[s.evidenceId, default: []].append(s.statement)
            }
            for a in try await db.raw(
                """
                SELECT evidence_id, practice_code, adopted_on FROM readiness_adoptions \
                WHERE evidence_id IN (\(binds: chunk))
                """
            ).all(decoding: A.self, with: snakeCaseRows) {
                adoptions[a.evidenceId, default: [:]][a.practiceCode] = Day(iso: a.adoptedOn)
            }
        }
        let order = Dictionary(uniqueKeysWithValues: AssessmentFramework.statements.enumerated().map { ($1.id, $0) })
        return rows.compactMap { r -> Evidence? in
            guard let kind = Evidence.Owner(rawValue: r.ownerKind), let gathered = Day(iso: r.gatheredOn),
                let review = Day(iso: r.reviewOn)
            else { return nil }
            return Evidence(
                id: r.id, ownerKind: kind, ownerCode: r.ownerCode, title: r.title, detail: r.detail,
                gatheredOn: gathered, reviewOn: review,
                person: r.personName.map { Layout.demoName($0, isDemo: r.personDemo ?? false) },
                statements: (statements[r.id] ?? []).sorted { (order[$0] ?? 99) < (order[$1] ?? 99) },
                createdBy: r.createdBy, adoptions: adoptions[r.id] ?? [:])
        }.sorted { ($0.reviewOn, $0.id) > ($1.reviewOn, $1.id) }
    }

    /// The owner of evidence `id` (for the access rule), or nil when there is none or it is retired.
    package static func owner(of id: Int64, on db: any SQLDatabase) async throws -> (Evidence.Owner, String)? {
        struct R: Decodable {
            let ownerKind: String
            let ownerCode: String
        }
        guard
            let r = try await db.raw(
                "SELECT owner_kind, owner_code FROM readiness_evidence WHERE id = \(bind: id) AND retired_on IS NULL"
            ).first(decoding: R.self, with: snakeCaseRows), let kind = Evidence.Owner(rawValue: r.ownerKind)
        else { return nil }
        return (kind, r.ownerCode)
    }

    /// People of the directory holding a role on `day` at any of `organisations`: whom evidence
    /// can name as responsible.
    package static func people(at organisations: [String], on day: Day, db: any SQLDatabase) async throws
        -> [(id: Int64, name: String)]
    {
        guard !organisations.isEmpty else { return [] }
        struct R: Decodable {
            let id: Int64
            let name: String
            let isDemo: Bool
        }
        return try await db.raw(
            """
            SELECT DISTINCT p.id, p.name, p.is_demo FROM people p JOIN person_roles r ON r.person_id = p.id
            WHERE r.organisation_code IN (\(binds: organisations)) AND r.valid_from <= \(bind: day.iso)
              AND (r.valid_to IS NULL OR r.valid_to > \(bind: day.iso))
            ORDER BY p.name, p.id
            """
        ).all(decoding: R.self, with: snakeCaseRows).map { ($0.id, Layout.demoName($0.name, isDemo: $0.isDemo)) }
    }

    /// DSPT publications of `practices`, by practice.
    package static func publications(of practices: [String], on db: any SQLDatabase) async throws
        -> [String: [DSPT.Publication]]
    {
        guard !practices.isEmpty else { return [:] }
        struct R: Decodable {
            let practiceCode: String
            let year: String
            let status: String
            let publishedOn: String
            let standardsMet: String
        }
        var out: [String: [DSPT.Publication]] = [:]
        for chunk in practices.chunks(of: 500) {
            for r in try await db.raw(
                """
                SELECT practice_code, year, status, published_on, standards_met FROM dspt_publications \
                WHERE practice_code IN (\(binds: chunk))
                """
            ).all(decoding: R.self, with: snakeCaseRows) {
                guard let year = DSPT.Year(r.year), let status = DSPT.Status(rawValue: r.status),
                    let on = Day(iso: r.publishedOn)
                else { continue }
                let met = Set(r.standardsMet.split(separator: ",").compactMap { Int($0) })
                out[r.practiceCode, default: []].append(
                    DSPT.Publication(year: year, status: status, publishedOn: on, standardsMet: met))
            }
        }
        return out.mapValues { $0.sorted { $0.year > $1.year } }
    }

    /// Accounts (not disabled) that manage each practice, with the person each belongs to (whose
    /// work email the reminder is sent to): whom DSPT reminders go to.
    package static func practiceManagers(on db: any SQLDatabase) async throws
        -> [String: [(user: Int64, person: Int64?)]]
    {
        struct R: Decodable {
            let scopeCode: String
            let userId: Int64
            let personId: Int64?
        }
        return Dictionary(
            grouping: try await db.raw(
                """
                SELECT r.scope_code, r.user_id, u.person_id FROM role_assignments r JOIN users u ON u.id = r.user_id
                WHERE r.role = 'practice-manager' AND r.scope_code IS NOT NULL AND u.disabled = \(bind: false)
                """
            ).all(decoding: R.self, with: snakeCaseRows), by: \.scopeCode
        ).mapValues { $0.map { ($0.userId, $0.personId) } }
    }
}
