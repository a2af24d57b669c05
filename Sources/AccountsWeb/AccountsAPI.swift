import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// The account and the audit log as JSON.
package enum AccountsAPI {
    package struct AuditEntry: Content {
        package let seq: Int
        package let recordedAt: String
        package let actor: String
        package let action: String
        package let entity: String
        package let entityId: String
        package let before: String?
        package let after: String?
        package let hash: String

        package init(
            seq: Int, recordedAt: String, actor: String, action: String, entity: String, entityId: String,
            before: String?, after: String?, hash: String
        ) {
            self.seq = seq
            self.recordedAt = recordedAt
            self.actor = actor
            self.action = action
            self.entity = entity
            self.entityId = entityId
            self.before = before
            self.after = after
            self.hash = hash
        }
    }

    @Sendable package static func audit(_ req: Request) async throws -> APIPage<AuditEntry> {
        let user = try req.requireUser()
        guard Permissions.canReadAudit(user) else {
            throw NotPermitted(description: "The audit log is open to administrators and consortium officers.")
        }
        let q = QueryReader(req: req)
        let page = try q.int("page", range: 1...1_000_000) ?? 1
        let perPage = try q.int("per_page", range: 1...1000) ?? 100
        let (rows, total) = try await AuditLog.page(
            on: Store.sql(req.db), offset: (page - 1) * perPage, limit: perPage,
            entity: q.string("entity"), entityID: q.string("id"))
        return APIPage(
            date: Day.today(), total: total, page: page, perPage: perPage,
            items: rows.map {
                AuditEntry(
                    seq: $0.seq, recordedAt: $0.recordedAt, actor: $0.actor, action: $0.action, entity: $0.entity,
                    entityId: $0.entityId, before: $0.beforeJson, after: $0.afterJson, hash: $0.hash)
            })
    }

    package struct Me: Content {
        package let username: String
        package let displayName: String
        package let isDemo: Bool
        package let roles: [RoleGrant]
        package let csrfToken: String?

        package init(username: String, displayName: String, isDemo: Bool, roles: [RoleGrant], csrfToken: String?) {
            self.username = username
            self.displayName = displayName
            self.isDemo = isDemo
            self.roles = roles
            self.csrfToken = csrfToken
        }
    }

    @Sendable package static func me(_ req: Request) async throws -> Me {
        let user = try req.requireUser()
        return Me(
            username: user.username, displayName: user.displayName, isDemo: user.isDemo, roles: user.grants,
            csrfToken: req.session_?.csrfToken)
    }
}
