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
    /// For each unstaffed session still to come on the page shown: every clinician of its role,
    /// with why they cannot take it (none: they can).
    package var candidates: [Int64: [Candidate]] = [:]

    /// A clinician who might fill a gap, and the conflicts putting them on it would add.
    package struct Candidate: Sendable {
        package let staff: StaffList.Row
        package let reasons: [String]
        package var free: Bool { reasons.isEmpty }
    }

    /// Sessions a page.
    package static let pageSize = 60

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

    /// The page of sessions holding `day`'s week (the first page before the rota, the last after).
    package static func page(of day: Day, in sessions: [RotaStore.Session]) -> Int {
        let start = day.weekStart
        let index = sessions.firstIndex { $0.date >= start } ?? max(sessions.count - 1, 0)
        return index / pageSize + 1
    }

    /// The rota on `page` (nil: the page of this week).
    package static func load(_ rota: RotaStore.Row, group: GroupInfo, page: Int?, app: Application) async throws
        -> RotaPage
    {
        let db = Store.sql(app.db)
        let sessions = try await RotaStore.sessions(rota.id, on: db)
        let view = try await app.registryCache.view(at: rota.first, on: db)
        let members = view.groups[group.code].map { view.members(of: $0) } ?? []
        let check = try await RotaStore.conflictCheck(rota, on: db, app: app)
        let staff = try await StaffList.list(group.code, on: db)
        let shown = page ?? Self.page(of: Day.today(), in: sessions)
        var model = RotaPage(
            rota: rota, group: group, sessions: sessions, conflicts: check.conflicts(sessions),
            hubs: try await HubSetup.hubs(of: group.code, on: db), staff: staff,
            shares: Dictionary(members.map { ($0.code, ($0.name, $0.listSize ?? 0)) }, uniquingKeysWith: { a, _ in a }),
            page: shown)
        model.candidates = Self.candidates(sessions, page: shown, staff: staff, check: check)
        return model
    }

    /// Who can take each gap on the page: each clinician of the session's role is put on it in
    /// turn and the conflicts that adds (availability, limits, hubs, double bookings) are their
    /// reasons; the same check a change by hand must pass.
    static func candidates(
        _ sessions: [RotaStore.Session], page: Int, staff: [StaffList.Row], check: RotaStore.ConflictCheck
    ) -> [Int64: [Candidate]] {
        let today = Day.today()
        let before = Set(check.conflicts(sessions).map(RotaStore.key))
        var out: [Int64: [Candidate]] = [:]
        for s in sessions.dropFirst((page - 1) * pageSize).prefix(pageSize)
        where s.clinicianId == nil && !s.notRun && s.date >= today {
            guard let index = sessions.firstIndex(where: { $0.id == s.id }) else { continue }
            out[s.id] = staff.filter { $0.staffRole == s.staffRole }.map { c in
                var changed = sessions
                changed[index] = RotaStore.Session(
                    id: s.id, rotaId: s.rotaId, hubId: s.hubId, room: s.room, day: s.day, startMinute: s.startMinute,
                    endMinute: s.endMinute, role: s.role, clinicianId: c.id, notRun: false)
                let added = check.conflicts(changed).filter { !before.contains(RotaStore.key($0)) }
                return Candidate(staff: c, reasons: added.map(\.message))
            }.sorted { ($0.free ? 0 : 1, $0.staff.name) < ($1.free ? 0 : 1, $1.staff.name) }
        }
        return out
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
            page: page, candidates: candidates, form: form, errors: errors, ctx, status: status)
    }
}
