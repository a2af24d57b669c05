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
        let page = try q.int("page", range: 1...1_000_000) ?? 1
        let entity = q.string("entity")
        let entityID = q.string("id")
        let csv = req.format == .csv
        let size = csv ? 100_000 : 50
        let (rows, total) = try await AuditLog.page(
            on: Store.sql(req.db), offset: csv ? 0 : (page - 1) * size, limit: size, entity: entity, entityID: entityID)
        let ctx = PageContext(request: req)
        let table = DataTable(
            id: "audit", caption: "Audit log",
            columns: [
                .init(title: "No.", numeric: true), .init(title: "When (UTC)"), .init(title: "Who"),
                .init(title: "What"),
                .init(title: "Record"), .init(title: "Before"), .init(title: "After"), .init(title: "Hash"),
            ],
            rows: rows.map { r in
                [
                    .number(r.seq), .text(r.recordedAt), .text(r.actor), .text(r.action),
                    .text("\(r.entity) \(r.entityId)"),
                    .text(r.beforeJson), .text(r.afterJson),
                    DataTable.Cell(text: String(r.hash.prefix(12)) + "…", csv: r.hash),
                ]
            },
            fileName: "audit-log.csv", emptyText: "Nothing has been recorded yet.")
        if csv { return try await CSVFile(name: table.fileName, text: table.csv).encodeResponse(for: req) }
        var items: [(String, String)] = []
        if let entity { items.append(("entity", entity)) }
        if let entityID { items.append(("id", entityID)) }
        return try await Layout.page("Audit log", ctx) {
            H.h1 { "Audit log" }
            H.p(.class("lede")) {
                "Every change to the registry, accounts and federations, newest first: who made it, when, and the "
                    + "record before and after. Each entry carries a hash of itself and of the entry before, so "
                    + "editing or deleting a past entry is detected by consort audit verify."
            }
            table.html(ctx, query: items, captionHidden: true)
            if total > size { Layout.pagination(ctx, page: page, pageSize: size, total: total, query: items) }
        }.encodeResponse(for: req)
    }
}
