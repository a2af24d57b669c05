import ConsortCore
import ConsortWeb
import Foundation
import Governance
import SQLKit
import Vapor

extension GovernanceStore {
    // MARK: Breaches

    /// Adds an entry to the breach log. The log is published, so it is anonymised: a summary
    /// that names anyone on the body's registers is refused.
    package static func addBreach(
        body: GroupInfo, occurredOn: String?, summary: String?, action: String?, by user: CurrentUser, app: Application
    ) async throws {
        try requireEditor(body, user)
        let day = try self.day(occurredOn, field: "occurred_on", what: "the date of the breach")
        let what = try text(summary, field: "summary", what: "an anonymised summary of the breach", max: 1_000)
        let done = try text(action, field: "breach_action", what: "what was done about it", max: 1_000)
        let named = try await allPeople(on: Store.sql(app.db)).first { p in
            let name = p.name.replacingOccurrences(of: " (demo)", with: "").lowercased()
            return name.count >= 4 && (what.lowercased().contains(name) || done.lowercased().contains(name))
        }
        if let named {
            throw FieldProblem(
                field: "summary", message: "The breach log is published anonymised: remove \(named.name)'s name")
        }
        try await Store.write(app.db) { db in
            try await db.raw(
                """
                INSERT INTO gov_breaches (body_code, occurred_on, summary, action, created_by, created_at)
                VALUES (\(bind: body.code), \(bind: day.iso), \(bind: what), \(bind: done), \(bind: user.username), \
                \(bind: AuditChain.timestamp()))
                """
            ).run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "governance.breach.add", entity: "gov_breach",
                entityID: body.code,
                after: ["occurredOn": day.iso, "summary": what, "action": done])
        }
    }
}
