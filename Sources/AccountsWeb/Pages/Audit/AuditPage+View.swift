import ConsortCore
import ConsortWeb

extension AuditPage {
    package func table(_ ctx: PageContext) -> DataTable {
        DataTable(
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
    }

    package func render(_ ctx: PageContext) -> HTMLPage {
        var items: [(String, String)] = []
        if let entity { items.append(("entity", entity)) }
        if let entityID { items.append(("id", entityID)) }
        return Layout.page("Audit log", ctx) {
            H.h1 { "Audit log" }
            H.p(.class("lede")) {
                "Every change to the registry, accounts and federations, newest first: who made it, when, and the "
                    + "record before and after. Each entry carries a hash of itself and of the entry before, so "
                    + "editing or deleting a past entry is detected by consort audit verify."
            }
            table(ctx).html(ctx, query: items, captionHidden: true)
            if total > Self.pageSize {
                Layout.pagination(ctx, page: page, pageSize: Self.pageSize, total: total, query: items)
            }
        }
    }
}
