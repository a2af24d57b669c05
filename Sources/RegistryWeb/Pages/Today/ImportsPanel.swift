import ConsortCore
import ConsortWeb
import Vapor

/// The administrator's panel of the latest imports on their "Today" page: what the registry
/// holds and how current it is.
enum ImportsPanel {
    static func today(_ user: CurrentUser, _ req: Request) async throws -> [TodayPanel] {
        guard user.isAdministrator else { return [] }
        let rows = try await ImportLog.all(on: Store.sql(req.db))
        let view = try await req.registryView(at: Day.today())
        let today = Day.today()
        let stale = view.latestSnapshot.map { today.ordinal - $0.ordinal > Layout.staleDays } ?? true
        let latest =
            view.latestSnapshot.map {
                "The newest NHS data is of \($0.long)" + (stale ? ", too old to show as today's" : "")
            } ?? "No NHS data has been loaded"
        let table = DataTable(
            id: "latest-imports", caption: "The latest imports",
            columns: [
                .init(title: "Import"), .init(title: "Imported"), .init(title: "Format"), .init(title: "Data of"),
                .init(title: "By"),
            ],
            rows: rows.prefix(5).map { r in
                [
                    .link("Import \(r.id)", RegistryURL.importReport(.value(r.id)).path),
                    .text(String(r.importedAt.prefix(10))), .text(r.format), .text(r.extractDate ?? "not dated"),
                    .text(r.actor),
                ]
            }, fileName: "latest-imports.csv", emptyText: "Nothing has been imported: the registry is empty.")
        return [
            TodayPanel(
                urgency: stale ? 0 : 2,
                .init(
                    heading: "Registry data",
                    hint: "\(latest); \(grouped(view.practices.count)) practices open today. \(rows.count) "
                        + "\(rows.count == 1 ? "import" : "imports") recorded.",
                    tables: [table],
                    links: [
                        (RegistryURL.upload.path, "Bring in this month's NHS files"),
                        (SiteURL.sources.path, "Every import and source"),
                    ]))
        ]
    }
}
