import ConsortCore
import ConsortWeb
import Foundation
import Importers
import SQLKit

/// The imports recorded, newest first, with their change reports.
package enum ImportLog {
    package struct ImportRow: Decodable, Sendable {
        package let id: Int64
        package let format: String
        package let files: String
        package let extractDate: String?
        package let importedAt: String
        package let actor: String
        package let report: String

        package init(
            id: Int64, format: String, files: String, extractDate: String?, importedAt: String, actor: String,
            report: String
        ) {
            self.id = id
            self.format = format
            self.files = files
            self.extractDate = extractDate
            self.importedAt = importedAt
            self.actor = actor
            self.report = report
        }
    }

    package static func all(on db: any SQLDatabase) async throws -> [ImportRow] {
        try await db.raw(
            "SELECT id, format, files, extract_date, imported_at, actor, report FROM imports ORDER BY id DESC"
        )
        .all(decoding: ImportRow.self, with: snakeCaseRows)
    }

    package static func row(_ id: Int64, on db: any SQLDatabase) async throws -> ImportRow? {
        try await db.raw(
            "SELECT id, format, files, extract_date, imported_at, actor, report FROM imports WHERE id = \(bind: id)"
        )
        .first(decoding: ImportRow.self, with: snakeCaseRows)
    }

    package static func summary(_ row: ImportRow) -> ChangeReport? {
        try? JSONDecoder().decode(ChangeReport.self, from: Data(row.report.utf8))
    }
}
