import ConsortCore
import ConsortWeb
import Importers

extension ImportsPage {
    package func table(_ ctx: PageContext) -> DataTable {
        DataTable(
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
    }

    package func render(_ ctx: PageContext) -> HTMLPage {
        Layout.page("Imports", ctx, section: "imports") {
            H.h1 { "Imports" }
            H.p(.class("lede")) {
                "Every NHS file loaded into the registry, newest first, with what it changed. Load a newer file with "
                    + "consort import; see the help page."
            }
            table(ctx).html(ctx, captionHidden: true)
        }
    }
}
