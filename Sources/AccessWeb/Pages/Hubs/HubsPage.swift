import Access
import ConsortCore
import ConsortWeb
import SQLKit

/// Every hub the reader can book into or manage, with links to their practices' appointments and
/// their groups' extended access.
package struct HubsPage: Sendable {
    package let hubs: [HubReads.HubRow]
    /// The registry today, to name groups and practices.
    package let view: RegistryView
    /// The practices whose staff the reader is.
    package let practices: [String]
    /// The federations and networks whose extended access the reader manages.
    package let managed: [GroupInfo]

    package init(hubs: [HubReads.HubRow], view: RegistryView, practices: [String], managed: [GroupInfo]) {
        self.hubs = hubs
        self.view = view
        self.practices = practices
        self.managed = managed
    }

    /// The hubs of the groups the user may see, and what the user works at or manages.
    package static func load(user: CurrentUser, view: RegistryView, on db: any SQLDatabase) async throws -> HubsPage {
        let visible = try await HubReads.all(on: db).filter { r in
            view.groups[r.groupCode].map { Permissions.canViewAccess($0, user, view) } ?? false
        }
        let managed = view.groups.values.filter {
            ($0.kind == .federation || $0.kind == .network) && $0.isOpen(at: view.date)
                && Permissions.canManageAccess($0.code, user) && !user.isAdministrator
        }
        return HubsPage(
            hubs: visible, view: view, practices: Permissions.staffPractices(user).sorted(),
            managed: managed.sorted { $0.name < $1.name })
    }

    package func tables(_ ctx: PageContext) -> [DataTable] {
        [
            DataTable(
                id: "hubs", caption: "Hubs you can book into or manage",
                columns: [.init(title: "Hub"), .init(title: "Group"), .init(title: "Address"), .init(title: "Rooms")],
                rows: hubs.map { r in
                    [
                        .link(r.name, AccessURL.hub(.value(r.id)).path),
                        .link(
                            view.groups[r.groupCode]?.name ?? r.groupCode, AccessURL.access(.value(r.groupCode)).path),
                        .text(r.address), .text(r.rooms),
                    ]
                }, fileName: "hubs.csv",
                emptyText:
                    "No hubs yet. A federation's or network's managers open hubs on the group's extended access page; "
                    + "practice staff then see the hubs of their practice's groups here.")
        ]
    }

    package func render(_ ctx: PageContext) -> HTMLPage {
        Layout.page(
            "Extended access hubs", ctx, crumbs: [.init(title: "England", href: SiteURL.home.path)], section: "hubs"
        ) {
            H.h1 { "Extended access hubs" }
            H.p(.class("hint")) {
                "Hubs offer evening and weekend appointments to the patients of every member practice of a federation "
                    + "or network. Book from a hub's page; see your practice's bookings on its hub appointments page."
            }
            if !practices.isEmpty || !managed.isEmpty {
                H.ul {
                    for code in practices {
                        H.li {
                            H.link(
                                AccessURL.practiceAppointments(.value(code)).path,
                                "Hub appointments of \(view.index[code].map { view.practices[$0].name } ?? code)'s "
                                    + "patients"
                            )
                        }
                    }
                    for g in managed {
                        H.li { H.link(AccessURL.access(.value(g.code)).path, "Extended access of \(g.name)") }
                    }
                }
            }
            tables(ctx)[0].html(ctx)
        }
    }
}
