import ConsortCore
import ConsortWeb
import SQLKit

/// The audit log, newest first, optionally of one record (`entity`, `entityID`): one page of
/// entries, or all of them (CSV).
package struct AuditPage: Sendable {
    package static let pageSize = 50

    package let rows: [AuditLog.Row]
    /// Entries matching, on every page.
    package let total: Int
    package let page: Int
    package let entity: String?
    package let entityID: String?

    package init(rows: [AuditLog.Row], total: Int, page: Int, entity: String?, entityID: String?) {
        self.rows = rows
        self.total = total
        self.page = page
        self.entity = entity
        self.entityID = entityID
    }

    package static func load(page: Int, entity: String?, entityID: String?, all: Bool, on db: any SQLDatabase)
        async throws -> AuditPage
    {
        let size = all ? 100_000 : pageSize
        let (rows, total) = try await AuditLog.page(
            on: db, offset: all ? 0 : (page - 1) * size, limit: size, entity: entity, entityID: entityID)
        return AuditPage(rows: rows, total: total, page: page, entity: entity, entityID: entityID)
    }
}
