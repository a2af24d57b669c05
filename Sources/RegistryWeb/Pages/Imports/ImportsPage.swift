import ConsortCore
import ConsortWeb
import SQLKit

/// Every NHS file loaded into the registry, newest first, with what it changed.
package struct ImportsPage: Sendable {
    package let rows: [ImportLog.ImportRow]

    package init(rows: [ImportLog.ImportRow]) {
        self.rows = rows
    }

    package static func load(on db: any SQLDatabase) async throws -> ImportsPage {
        ImportsPage(rows: try await ImportLog.all(on: db))
    }
}
