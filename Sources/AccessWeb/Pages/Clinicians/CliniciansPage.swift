import Access
import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// A group's hub clinicians, with the form to add one or change the one being edited.
package struct CliniciansPage: Sendable {
    package let group: GroupInfo
    /// The registry today: the group's member practices.
    package let view: RegistryView
    package let staff: [StaffList.Row]
    package let hubs: [HubSetup.Details]
    /// The clinician being edited, if any.
    package let editing: Int64?
    /// The site's address, for each clinician's calendar feed.
    package let origin: String

    package init(
        group: GroupInfo, view: RegistryView, staff: [StaffList.Row], hubs: [HubSetup.Details], editing: Int64?,
        origin: String
    ) {
        self.group = group
        self.view = view
        self.staff = staff
        self.hubs = hubs
        self.editing = editing
        self.origin = origin
    }

    package static func load(
        _ group: GroupInfo, view: RegistryView, editing: Int64?, origin: String, on db: any SQLDatabase
    ) async throws -> CliniciansPage {
        CliniciansPage(
            group: group, view: view, staff: try await StaffList.list(group.code, on: db),
            hubs: try await HubSetup.hubs(of: group.code, on: db), editing: editing, origin: origin)
    }

    package func tables() -> [DataTable] {
        [AccessView.cliniciansTable(group, staff: staff, hubs: hubs, view: view, base: origin)]
    }

    package func render(
        _ ctx: PageContext, form: AccessController.ClinicianForm, errors: FormErrors = [], status: HTTPStatus = .ok
    ) -> HTMLPage {
        AccessView.clinicians(
            group, table: tables()[0], hubs: hubs, members: view.members(of: group), editing: editing, form: form,
            errors: errors, ctx, status: status)
    }
}
