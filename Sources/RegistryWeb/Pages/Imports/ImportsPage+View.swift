import ConsortCore
import ConsortWeb
import Importers

extension ImportsPage {
    package func table(_ ctx: PageContext) -> DataTable {
        DataTable(
            id: "imports", caption: "Sources loaded",
            columns: [
                .init(title: "No.", numeric: true), .init(title: "Data date"), .init(title: "Publisher"),
                .init(title: "Kind"), .init(title: "Files"), .init(title: "Contributed"),
                .init(title: "Imported (UK time)"), .init(title: "By"),
            ],
            rows: rows.map { r in
                let format = SourceFormat(rawValue: r.format)
                return [
                    .link(String(r.id), RegistryURL.importReport(.value(r.id)).path),
                    .text(r.extractDate.flatMap(Day.init(iso:))?.long ?? r.extractDate ?? "dates given per row"),
                    .text(format?.publisher ?? "unknown"), .text(format?.label ?? r.format), .text(r.files),
                    .text(ImportLog.summary(r)?.contributions.joined(separator: "; ") ?? "report not kept"),
                    DataTable.Cell(text: UKTime.format(r.importedAt), csv: r.importedAt), .text(r.actor),
                ]
            },
            fileName: "sources.csv", emptyText: "Nothing has been loaded yet.")
    }

    package func render(_ ctx: PageContext) -> HTMLPage {
        Layout.page("Sources", ctx, section: "imports") {
            H.h1 { "Sources of the registry" }
            H.p(.class("lede")) {
                "Every dataset and file loaded into the registry, newest first: who publishes it, the date it "
                    + "describes, and what it contributed (practices and memberships, list sizes, published group "
                    + "totals, names). Each figure elsewhere says the date of the facts it comes from; this is where "
                    + "those facts came from. Load a newer file with consort import or, as an administrator, from the "
                    + "browser; see the help page."
            }
            if ctx.user?.isAdministrator == true {
                H.p { H.a(RegistryURL.upload.path, .class("button")) { "Bring in NHS files" } }
            }
            table(ctx).html(ctx, captionHidden: true)
        }
    }
}
