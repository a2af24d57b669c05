import Assurance
import ConsortCore
import ConsortWeb
import Foundation
import Planner
import SQLKit
import Vapor

extension Plans {
    // MARK: Adopting

    package struct MembershipChange: Encodable {
        package let practice: String
        package let group: String
        package let kind: String
        package let validFrom: String?
        package let validTo: String?
        package let plan: Int64

        package init(practice: String, group: String, kind: String, validFrom: String?, validTo: String?, plan: Int64) {
            self.practice = practice
            self.group = group
            self.kind = kind
            self.validFrom = validFrom
            self.validTo = validTo
            self.plan = plan
        }
    }

    package struct AdoptionSummary: Encodable {
        package let plan: Int64
        package let name: String
        package let on: String
        package let practicesMoved: Int
        package let groupsCreated: [String]
        package let groupsClosed: [String]

        package init(
            plan: Int64, name: String, on: String, practicesMoved: Int, groupsCreated: [String], groupsClosed: [String]
        ) {
            self.plan = plan
            self.name = name
            self.on = on
            self.practicesMoved = practicesMoved
            self.groupsCreated = groupsCreated
            self.groupsClosed = groupsClosed
        }
    }

    /// Makes a finished plan the configuration from `date`: each practice whose group changes
    /// leaves its group of the level's kind on that date and joins its planned group; groups the
    /// plan creates are recorded (new codes `P<plan>-…`); groups left without practices close.
    /// One transaction, every change audited.
    package static func adopt(_ row: Row, result: Result, on date: Day, by user: CurrentUser, app: Application)
        async throws -> AdoptionSummary
    {
        guard let request = row.request else {
            throw FieldProblem(field: "adopt_on", message: "The plan's request cannot be read.")
        }
        guard row.adoptedOn == nil else {
            throw FieldProblem(field: "adopt_on", message: "This plan was adopted on \(row.adoptedOn!) already.")
        }
        guard date >= request.date else {
            throw FieldProblem(
                field: "adopt_on",
                message: "Adopt the plan on or after \(request.date.long), the date it was planned from.")
        }
        let kind = PlanInput.currentKind(request.level)
        let plan = result.plan
        let actor = AuditLog.Actor.user(user.username)
        let view = try await app.registryCache.view(at: date, on: Store.sql(app.db))
        let summary: AdoptionSummary = try await Store.write(app.db) { db in
            // Nothing may have been dated after the adoption date for these practices at this level.
            struct Later: Decodable {
                package let practiceCode: String
                package let validFrom: String
            }
            let codes = plan.practiceCodes
            for chunk in stride(from: 0, to: codes.count, by: 500).map({ Array(codes[$0..<min($0 + 500, codes.count)]) }
            ) {
                let list = SQLList(chunk.map { SQLBind($0) })
                if let later = try await db.raw(
                    """
                    SELECT practice_code, valid_from FROM memberships
                    WHERE kind = \(bind: kind.rawValue) AND valid_from > \(bind: date.iso) AND practice_code IN \
                    (\(list)) LIMIT 1
                    """
                ).first(decoding: Later.self, with: snakeCaseRows) {
                    throw FieldProblem(
                        field: "adopt_on",
                        message:
                            "\(later.practiceCode) joins a \(kind.singular.lowercased()) on \(later.validFrom), after "
                            + "\(date.long); adopt the plan from a later date."
                    )
                }
            }
            // New groups get codes of their own.
            var codeFor: [String: String] = [:]
            var created: [String] = []
            for group in plan.groups where !group.locked {
                if view.groups[group.code] != nil || group.code.hasPrefix("P\(row.id)-") {
                    codeFor[group.code] = group.code
                    continue
                }
                let code =
                    group.code.hasPrefix("NEW-") ? "P\(row.id)-" + group.code.dropFirst(4) : "P\(row.id)-" + group.code
                codeFor[group.code] = code
                created.append(code)
                let parent = majorityParent(group.practices, kind: kind, view: view)
                try await db.raw(
                    """
                    INSERT INTO organisations (code, kind, name, valid_from, source, created_by)
                    VALUES (\(bind: code), \(bind: kind.rawValue), \(bind: "\(group.name) (plan \(row.id))"), \
                    \(bind: date.iso), 'plan', \(bind: user.username))
                    """
                ).run()
                if let parent {
                    try await db.raw(
                        """
                        INSERT INTO group_links (child_code, parent_code, valid_from) VALUES (\(bind: code), \
                        \(bind: parent), \(bind: date.iso))
                        """
                    ).run()
                }
                try await AuditLog.append(
                    on: db, actor: actor, action: "plan.group.create", entity: "group", entityID: code,
                    after: [
                        "code": code, "kind": kind.rawValue, "name": group.name, "parent": parent ?? "",
                        "plan": String(row.id),
                    ])
            }
            // Memberships: end the old, start the new.
            var moved = 0
            for (p, code) in plan.practiceCodes.enumerated() {
                let target = codeFor[plan.assignment[p]] ?? plan.assignment[p]
                let current = view.index[code].flatMap { view.practices[$0].groups[kind] }
                guard current != target else { continue }
                moved += 1
                if let current {
                    try await db.raw(
                        """
                        UPDATE memberships SET valid_to = \(bind: date.iso)
                        WHERE practice_code = \(bind: code) AND group_code = \(bind: current) AND kind = \
                        \(bind: kind.rawValue)
                          AND valid_from <= \(bind: date.iso) AND (valid_to IS NULL OR valid_to > \(bind: date.iso))
                        """
                    ).run()
                    try await AuditLog.append(
                        on: db, actor: actor, action: "plan.member.end", entity: "membership",
                        entityID: "\(code)/\(current)",
                        after: MembershipChange(
                            practice: code, group: current, kind: kind.rawValue, validFrom: nil, validTo: date.iso,
                            plan: row.id))
                }
                try await db.raw(
                    """
                    INSERT INTO memberships (practice_code, group_code, kind, valid_from, source)
                    VALUES (\(bind: code), \(bind: target), \(bind: kind.rawValue), \(bind: date.iso), 'plan')
                    """
                ).run()
                try await AuditLog.append(
                    on: db, actor: actor, action: "plan.member.add", entity: "membership",
                    entityID: "\(code)/\(target)",
                    after: MembershipChange(
                        practice: code, group: target, kind: kind.rawValue, validFrom: date.iso, validTo: nil,
                        plan: row.id))
            }
            // Groups of the level left without practices close on the date.
            let remaining = Set(plan.assignment.map { codeFor[$0] ?? $0 })
            var closed: [String] = []
            let touched = Set(
                plan.practiceCodes.compactMap { view.index[$0].flatMap { view.practices[$0].groups[kind] } })
            let planned = Set(plan.practiceCodes)
            for code in touched.sorted() where !remaining.contains(code) {
                let others = view.groups[code]?.members.filter { !planned.contains(view.practices[$0].code) } ?? []
                guard others.isEmpty else { continue }
                try await db.raw(
                    "UPDATE organisations SET valid_to = \(bind: date.iso) WHERE code = \(bind: code) AND valid_to IS "
                        + "NULL"
                ).run()
                try await AuditLog.append(
                    on: db, actor: actor, action: "plan.group.close", entity: "group", entityID: code,
                    after: ["code": code, "valid_to": date.iso, "plan": String(row.id)])
                closed.append(code)
            }
            try await db.raw(
                "UPDATE plans SET adopted_on = \(bind: date.iso), adopted_by = \(bind: user.username), updated_at = "
                    + "\(bind: AuditChain.timestamp()) WHERE id = \(bind: row.id)"
            ).run()
            let summary = AdoptionSummary(
                plan: row.id, name: row.name, on: date.iso, practicesMoved: moved, groupsCreated: created,
                groupsClosed: closed)
            try await AuditLog.append(
                on: db, actor: actor, action: "plan.adopt", entity: "plan", entityID: String(row.id), after: summary)
            try await RegistryVersion.bump(db)
            return summary
        }
        await app.registryChanged()
        return summary
    }

    /// The group one level up that most of the practices belong to.
    package static func majorityParent(_ practices: [String], kind: GroupKind, view: RegistryView) -> String? {
        guard let parentKind = kind.parentKind else { return nil }
        var counts: [String: Int] = [:]
        for code in practices {
            if let g = view.index[code].flatMap({ view.practices[$0].groups[parentKind] }) {
                counts[g, default: 0] += 1
            }
        }
        return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    }
}
