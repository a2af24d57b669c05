import Access
import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// A rota: its sessions a page of weeks at a time, who staffs them, the conflicts, and each
/// practice's fair share of the hours.
package struct RotaPage: Sendable {
    package let rota: RotaStore.Row
    package let group: GroupInfo
    package let sessions: [RotaStore.Session]
    package let conflicts: [RotaConflict]
    package let hubs: [HubSetup.Details]
    package let staff: [StaffList.Row]
    /// Each member practice's name and registered patients at the rota's first day.
    package let shares: [String: (String, Int)]
    package let page: Int

    package init(
        rota: RotaStore.Row, group: GroupInfo, sessions: [RotaStore.Session], conflicts: [RotaConflict],
        hubs: [HubSetup.Details], staff: [StaffList.Row], shares: [String: (String, Int)], page: Int = 1
    ) {
        self.rota = rota
        self.group = group
        self.sessions = sessions
        self.conflicts = conflicts
        self.hubs = hubs
        self.staff = staff
        self.shares = shares
        self.page = page
    }

    package static func load(_ rota: RotaStore.Row, group: GroupInfo, page: Int, app: Application) async throws
        -> RotaPage
    {
        let db = Store.sql(app.db)
        let sessions = try await RotaStore.sessions(rota.id, on: db)
        let view = try await app.registryCache.view(at: rota.first, on: db)
        let members = view.groups[group.code].map { view.members(of: $0) } ?? []
        return RotaPage(
            rota: rota, group: group, sessions: sessions,
            conflicts: try await RotaStore.conflictCheck(rota, on: db, app: app).conflicts(sessions),
            hubs: try await HubSetup.hubs(of: group.code, on: db), staff: try await StaffList.list(group.code, on: db),
            shares: Dictionary(members.map { ($0.code, ($0.name, $0.listSize ?? 0)) }, uniquingKeysWith: { a, _ in a }),
            page: page)
    }

    package func tables() -> [DataTable] {
        AccessView.rotaTables(rota, sessions: sessions, hubs: hubs, staff: staff, shares: shares)
    }

    package func render(
        _ ctx: PageContext, form: AccessController.RotaForm = .init(), errors: FormErrors = [],
        status: HTTPStatus = .ok
    ) -> HTMLPage {
        AccessView.rota(
            rota, group, sessions: sessions, conflicts: conflicts, hubs: hubs, staff: staff, tables: tables(),
            page: page, form: form, errors: errors, ctx, status: status)
    }
}
