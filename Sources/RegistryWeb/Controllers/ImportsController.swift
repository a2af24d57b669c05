import ConsortCore
import ConsortWeb
import Importers
import SQLKit
import Vapor

/// The history of imports (public).
package enum ImportsController {

    @Sendable package static func imports(_ req: Request) async throws -> Response {
        let rows = try await ImportLog.all(on: Store.sql(req.db))
        let ctx = PageContext(request: req)
        let table = DataTable(
            id: "imports", caption: "Imports",
            columns: [
                .init(title: "No.", numeric: true), .init(title: "Imported (UTC)"), .init(title: "File"),
                .init(title: "Kind"),
                .init(title: "Data date"), .init(title: "Opened", numeric: true), .init(title: "Closed", numeric: true),
                .init(title: "Moved", numeric: true), .init(title: "Large list changes", numeric: true),
                .init(title: "By"),
            ],
            rows: rows.map { r in
                let s = ImportLog.summary(r)
                return [
                    .link(String(r.id), RegistryURL.importReport(.value(r.id)).path), .text(r.importedAt),
                    .text(r.files),
                    .text(SourceFormat(rawValue: r.format)?.label ?? r.format), .text(r.extractDate ?? "per row"),
                    .number(s?.opened.count), .number(s?.closed.count), .number(s?.moved.count),
                    .number(s?.listSizeChanges.count), .text(r.actor),
                ]
            },
            fileName: "imports.csv", emptyText: "Nothing has been imported yet.")
        if req.format == .csv {
            return try await CSVFile(name: table.fileName, text: table.csv).encodeResponse(for: req)
        }
        return try await Layout.page("Imports", ctx, section: "imports") {
            H.h1 { "Imports" }
            H.p(.class("lede")) {
                "Every NHS file loaded into the registry, newest first, with what it changed. Load a newer file with "
                    + "consort import; see the help page."
            }
            table.html(ctx, captionHidden: true)
        }.encodeResponse(for: req)
    }

    @Sendable package static func importReport(_ req: Request) async throws -> HTMLPage {
        guard let id = req.parameters.get("id", as: Int64.self),
            let row = try await ImportLog.row(id, on: Store.sql(req.db))
        else {
            throw Abort(.notFound, reason: "There is no import with that number.")
        }
        let ctx = PageContext(request: req)
        let report = ImportLog.summary(row)
        return Layout.page(
            "Import \(row.id)", ctx, crumbs: [.init(title: "Imports", href: RegistryURL.imports.path)],
            section: "imports"
        ) {
            H.h1 { "Import \(row.id): \(row.files)" }
            Layout.summaryList([
                ("Kind of file", .text(SourceFormat(rawValue: row.format)?.label ?? row.format)),
                ("Data date", .text(row.extractDate ?? "dates given per row")),
                ("Imported", .text(row.importedAt + " (UTC)")),
                ("By", .text(row.actor)),
            ])
            if let report {
                H.pre { report.text(limit: 200) }
            }
        }
    }
}
