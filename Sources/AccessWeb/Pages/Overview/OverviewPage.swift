import Access
import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// A group's extended access: its hubs, rotas and clinicians, and what was delivered over a
/// period against the policies' requirement.
package struct OverviewPage: Sendable {
    package let group: GroupInfo
    /// The registry today.
    package let view: RegistryView
    package let hubs: [HubSetup.Details]
    package let templates: [HubSetup.Template]
    package let rotas: [RotaStore.Row]
    package let staffCount: Int
    package let report: AccessReport
    package let first: Day
    package let last: Day
    /// The policies with an access rule.
    package let policies: [Policy]
    package let canManage: Bool

    package init(
        group: GroupInfo, view: RegistryView, hubs: [HubSetup.Details], templates: [HubSetup.Template],
        rotas: [RotaStore.Row], staffCount: Int, report: AccessReport, first: Day, last: Day, policies: [Policy],
        canManage: Bool
    ) {
        self.group = group
        self.view = view
        self.hubs = hubs
        self.templates = templates
        self.rotas = rotas
        self.staffCount = staffCount
        self.report = report
        self.first = first
        self.last = last
        self.policies = policies
        self.canManage = canManage
    }

    /// The report's period: `from` and `to` when given, else the published rotas' span (this
    /// week without any), at most 53 weeks ending on the last day.
    package static func period(rotas: [RotaStore.Row], from: Day?, to: Day?, today: Day = Day.today()) throws -> (
        Day, Day
    ) {
        let published = rotas.filter(\.isPublished)
        var first = from ?? published.map(\.first).min() ?? today.weekStart
        let last = to ?? published.map(\.last).max() ?? today.weekStart.adding(days: 6)
        guard first <= last else {
            throw BadParameter(name: "to", value: last.iso, expected: "use a date on or after \(first.iso)")
        }
        if last.ordinal - first.ordinal > 371 { first = last.adding(days: -371) }
        return (first, last)
    }

    package static func load(
        _ group: GroupInfo, view: RegistryView, user: CurrentUser, from: Day?, to: Day?, policies: [Policy],
        on db: any SQLDatabase
    ) async throws -> OverviewPage {
        let hubs = try await HubSetup.hubs(of: group.code, on: db)
        let rotas = try await RotaStore.list(group.code, on: db)
        let (first, last) = try period(rotas: rotas, from: from, to: to)
        return OverviewPage(
            group: group, view: view, hubs: hubs, templates: try await HubSetup.templates(hubs: hubs.map(\.id), on: db),
            rotas: rotas, staffCount: try await StaffList.list(group.code, on: db).count,
            report: try await AccessReport.load(
                group: group.code, from: first, through: last, today: Day.today(), on: db),
            first: first, last: last, policies: policies, canManage: Permissions.canManageAccess(group.code, user))
    }

    package func tables() -> AccessView.OverviewTables {
        AccessView.overviewTables(
            group, hubs: hubs, templates: templates, rotas: rotas, report: report, view: view, policies: policies,
            period: (first, last))
    }

    package func render(
        _ ctx: PageContext, form: AccessController.OverviewForm = .init(), errors: FormErrors = [],
        status: HTTPStatus = .ok
    ) -> HTMLPage {
        AccessView.overview(
            group, tables: tables(), staffCount: staffCount, report: report, period: (first, last),
            canManage: canManage, policies: policies, form: form, errors: errors, ctx, status: status)
    }
}
