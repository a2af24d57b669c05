import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// The history of imports (public).
package enum ImportsController {
    @Sendable package static func imports(_ req: Request) async throws -> Response {
        let page = try await ImportsPage.load(on: Store.sql(req.db))
        let ctx = PageContext(request: req)
        if let csv = try await alternate([page.table(ctx)], req) { return csv }
        return try await page.render(ctx).encodeResponse(for: req)
    }

    @Sendable package static func importReport(_ req: Request) async throws -> HTMLPage {
        guard let id = req.parameters.get("id", as: Int64.self) else {
            throw Abort(.notFound, reason: "There is no import with that number.")
        }
        return try await ImportPage.load(id, on: Store.sql(req.db)).render(PageContext(request: req))
    }
}
