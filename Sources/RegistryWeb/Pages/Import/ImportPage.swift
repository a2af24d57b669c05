import ConsortCore
import ConsortWeb
import Importers
import SQLKit
import Vapor

/// One import: the file, when and by whom, and the report of what it changed.
package struct ImportPage: Sendable {
    package let row: ImportLog.ImportRow
    /// The change report kept with the import (nil for imports logged before reports were kept).
    package let report: ChangeReport?

    package init(row: ImportLog.ImportRow, report: ChangeReport?) {
        self.row = row
        self.report = report
    }

    /// The import numbered `id`; 404 when there is none.
    package static func load(_ id: Int64, on db: any SQLDatabase) async throws -> ImportPage {
        guard let row = try await ImportLog.row(id, on: db) else {
            throw Abort(.notFound, reason: "There is no import with that number.")
        }
        return ImportPage(row: row, report: ImportLog.summary(row))
    }

    package func render(_ ctx: PageContext) -> HTMLPage {
        Layout.page(
            "Import \(row.id)", ctx, crumbs: [.init(title: "Sources", href: SiteURL.sources.path)],
            section: "imports"
        ) {
            H.h1 { "Import \(row.id): \(row.files)" }
            Layout.summaryList([
                ("Kind of file", .text(SourceFormat(rawValue: row.format)?.label ?? row.format)),
                ("Publisher", .text(SourceFormat(rawValue: row.format)?.publisher ?? "unknown")),
                ("Contributed", .text(report?.contributions.joined(separator: "; ") ?? "report not kept")),
                ("Data date", .text(row.extractDate ?? "dates given per row")),
                ("Imported", .text(UKTime.format(row.importedAt))),
                ("By", .text(row.actor)),
            ])
            if let report {
                // Focusable, so that keyboard users can scroll a wide report (WCAG 2.1.1).
                H.pre(.attr("tabindex", "0"), .attr("role", "region"), .aria("label", "Change report")) {
                    report.text(limit: 200)
                }
            }
        }
    }
}
