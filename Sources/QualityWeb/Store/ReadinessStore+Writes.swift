import ConsortCore
import ConsortWeb
import Fluent
import Foundation
import Quality
import SQLKit

extension ReadinessStore {
    /// What a form asks to record as evidence, before it is checked.
    package struct EvidenceInput: Sendable {
        package var title: String?
        package var detail: String?
        package var gatheredOn: String?
        package var reviewOn: String?
        package var person: String?
        package var statements: [String]

        package init(
            title: String?, detail: String?, gatheredOn: String?, reviewOn: String?, person: String?,
            statements: [String]
        ) {
            self.title = title
            self.detail = detail
            self.gatheredOn = gatheredOn
            self.reviewOn = reviewOn
            self.person = person
            self.statements = statements
        }
    }

    /// Records evidence owned by a practice or (a shared policy) by a group, after checking every
    /// field; `people` are those it may name as responsible. Returns the new id.
    @discardableResult
    package static func addEvidence(
        _ input: EvidenceInput, owner: Evidence.Owner, code: String, people: Set<Int64>, today: Day = Day.today(),
        by user: CurrentUser, on database: any Database
    ) async throws -> Int64 {
        var problems: [FieldProblem] = []
        let title = (input.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty {
            problems.append(FieldProblem(field: "title", message: "say what the evidence is, e.g. Safeguarding policy"))
        } else if title.count > 200 {
            problems.append(FieldProblem(field: "title", message: "shorten the title to 200 characters or fewer"))
        }
        let detail = (input.detail ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if detail.count > 2_000 {
            problems.append(FieldProblem(field: "detail", message: "shorten the details to 2,000 characters or fewer"))
        }
        let gathered = Day(iso: (input.gatheredOn ?? "").trimmingCharacters(in: .whitespaces))
        if gathered == nil {
            problems.append(FieldProblem(field: "gathered_on", message: "give the date the evidence is from"))
        } else if let g = gathered, g > today {
            problems.append(FieldProblem(field: "gathered_on", message: "the evidence cannot be from a future date"))
        }
        var review: Day?
        let reviewText = (input.reviewOn ?? "").trimmingCharacters(in: .whitespaces)
        if reviewText.isEmpty {
            review = gathered?.addingMonths(12)
        } else if let r = Day(iso: reviewText) {
            review = r
            if let g = gathered, r <= g {
                problems.append(FieldProblem(field: "review_on", message: "the review date must be after \(g.long)"))
            } else if let g = gathered, r > g.addingMonths(60) {
                problems.append(
                    FieldProblem(field: "review_on", message: "review evidence at least every five years"))
            }
        } else {
            problems.append(FieldProblem(field: "review_on", message: "give the review date as a date, or leave it"))
        }
        let known = Set(AssessmentFramework.statements.map(\.id))
        let statements = Array(Set(input.statements.filter { !$0.isEmpty }))
        if statements.isEmpty {
            problems.append(FieldProblem(field: "statements", message: "choose the quality statements it evidences"))
        } else if let unknown = statements.first(where: { !known.contains($0) }) {
            problems.append(
                FieldProblem(field: "statements", message: "'\(unknown.prefix(60))' is not one of CQC's statements"))
        }
        var person: Int64?
        if let text = input.person?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            if let id = Int64(text), people.contains(id) {
                person = id
            } else {
                problems.append(
                    FieldProblem(field: "person", message: "choose someone from the list, or no one"))
            }
        }
        guard problems.isEmpty, let gathered, let review else { throw FieldProblems(all: problems) }
        let responsible = person
        let entry = [
            "owner": "\(owner.rawValue) \(code)", "title": title, "gatheredOn": gathered.iso,
            "reviewOn": review.iso, "statements": statements.sorted().joined(separator: ", "),
        ]
        return try await Store.write(database) { db in
            struct ID: Decodable { let id: Int64 }
            guard
                let id = try await db.raw(
                    """
                    INSERT INTO readiness_evidence (owner_kind, owner_code, title, detail, gathered_on, review_on, \
                    person_id, created_by, created_at)
                    VALUES (\(bind: owner.rawValue), \(bind: code), \(bind: title), \
                    \(bind: detail.isEmpty ? nil : detail), \(bind: gathered.iso), \(bind: review.iso), \
                    \(bind: responsible), \
                    \(bind: user.username), \(bind: AuditChain.timestamp()))
                    RETURNING id
                    """
                ).first(decoding: ID.self)?.id
            else { throw FieldProblem(field: "title", message: "the evidence could not be saved; try again") }
            for statement in statements {
                try await db.raw(
                    """
                    INSERT INTO readiness_evidence_statements (evidence_id, statement) \
                    VALUES (\(bind: id), \(bind: statement))
                    """
                ).run()
            }
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "readiness.evidence.add", entity: "readiness_evidence",
                entityID: String(id), after: entry)
            return id
        }
    }

    /// A practice adopts a shared policy (the caller checked that it may, and may see the policy).
    package static func adopt(
        _ id: Int64, practice: String, today: Day = Day.today(), by user: CurrentUser,
        on database: any Database
    ) async throws {
        try await Store.write(database) { db in
            try await db.raw(
                """
                INSERT INTO readiness_adoptions (evidence_id, practice_code, adopted_on, adopted_by)
                VALUES (\(bind: id), \(bind: practice), \(bind: today.iso), \(bind: user.username))
                ON CONFLICT (evidence_id, practice_code) DO NOTHING
                """
            ).run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "readiness.policy.adopt", entity: "readiness_evidence",
                entityID: String(id), after: ["practice": practice, "adoptedOn": today.iso])
        }
    }

    /// Retires evidence: it no longer counts, and stays in the database and the audit log.
    package static func retire(_ id: Int64, today: Day = Day.today(), by user: CurrentUser, on database: any Database)
        async throws
    {
        try await Store.write(database) { db in
            try await db.raw(
                """
                UPDATE readiness_evidence SET retired_on = \(bind: today.iso) \
                WHERE id = \(bind: id) AND retired_on IS NULL
                """
            ).run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "readiness.evidence.retire", entity: "readiness_evidence",
                entityID: String(id), after: ["retiredOn": today.iso])
        }
    }

    /// Records (or corrects) a practice's DSPT publication for a year, after checking every field.
    package static func recordDSPT(
        practice: String, year yearText: String?, status statusText: String?, publishedOn: String?,
        standards: [String], today: Day = Day.today(), by user: CurrentUser, on database: any Database
    ) async throws {
        var problems: [FieldProblem] = []
        let year = DSPT.Year(yearText ?? "")
        if year == nil {
            problems.append(FieldProblem(field: "year", message: "give the toolkit year as e.g. 2025-26"))
        } else if let y = year, y > DSPT.Year.due(on: today) {
            problems.append(FieldProblem(field: "year", message: "\(y) cannot be published yet"))
        }
        let status = DSPT.Status(rawValue: statusText ?? "")
        if status == nil {
            problems.append(FieldProblem(field: "status", message: "choose the status the toolkit published"))
        }
        let on = Day(iso: (publishedOn ?? "").trimmingCharacters(in: .whitespaces))
        if on == nil {
            problems.append(FieldProblem(field: "published_on", message: "give the date it was published"))
        } else if let d = on, d > today {
            problems.append(
                FieldProblem(field: "published_on", message: "the publication date cannot be in the future"))
        } else if let d = on, let y = year, d.year < y.start {
            problems.append(FieldProblem(field: "published_on", message: "\(y) cannot be published before it begins"))
        }
        let numbers = standards.filter { !$0.isEmpty }.map { Int($0) ?? 0 }
        if let status, let why = DSPT.inconsistency(status: status, standardsMet: Set(numbers)) {
            problems.append(FieldProblem(field: "standards", message: why))
        }
        guard problems.isEmpty, let year, let status, let on else { throw FieldProblems(all: problems) }
        let met = Set(numbers).sorted().map(String.init).joined(separator: ",")
        try await Store.write(database) { db in
            let now = AuditChain.timestamp()
            try await db.raw(
                """
                INSERT INTO dspt_publications (practice_code, year, status, published_on, standards_met, recorded_by, \
                recorded_at)
                VALUES (\(bind: practice), \(bind: year.description), \(bind: status.rawValue), \(bind: on.iso), \
                \(bind: met), \(bind: user.username), \(bind: now))
                ON CONFLICT (practice_code, year) DO UPDATE SET status = excluded.status, \
                published_on = excluded.published_on, standards_met = excluded.standards_met, \
                recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at
                """
            ).run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "readiness.dspt.record", entity: "dspt_publication",
                entityID: "\(practice) \(year)",
                after: ["status": status.label, "publishedOn": on.iso, "standardsMet": met])
        }
    }
}
