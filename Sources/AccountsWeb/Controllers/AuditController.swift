import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// The audit log, for administrators and consortium officers.
package enum AuditController {
    @Sendable package static func audit(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard Permissions.canReadAudit(user) else {
            throw NotPermitted(description: "The audit log is open to administrators and consortium officers.")
        }
        let q = QueryReader(req: req)
        let page = try await AuditPage.load(
            page: try q.int("page", range: 1...1_000_000) ?? 1, entity: q.string("entity"), entityID: q.string("id"),
            all: req.format != .html, on: Store.sql(req.db))
        let ctx = PageContext(request: req)
        if let csv = try await alternate([page.table(ctx)], req) { return csv }
        return try await page.render(ctx).encodeResponse(for: req)
    }
}
