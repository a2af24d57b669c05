import Access
import ConsortCore
import ConsortWeb
import Vapor

/// The form to book a hub slot (or move a booking into it) for a patient of a practice the
/// reader may book for.
package struct BookingPage: Sendable {
    package let slot: Hubs.Slot
    package let hub: HubSetup.Details
    package let group: GroupInfo
    /// The practices the reader may book for at this hub on the slot's day.
    package let practices: [PracticeInfo]

    package init(slot: Hubs.Slot, hub: HubSetup.Details, group: GroupInfo, practices: [PracticeInfo]) {
        self.slot = slot
        self.hub = hub
        self.group = group
        self.practices = practices
    }

    /// The slot, its hub and the hub's group at the slot's day; a 404 when there is none.
    package static func load(slot id: Int64, user: CurrentUser, app: Application) async throws -> BookingPage {
        let db = Store.sql(app.db)
        let (slot, hub) = try await Hubs.slot(id, on: db)
        let view = try await app.registryCache.view(at: Day(iso: slot.day) ?? Day.today(), on: db)
        guard let group = view.groups[hub.groupCode] else { throw Abort(.notFound) }
        return BookingPage(slot: slot, hub: hub, group: group, practices: bookable(group, view, user))
    }

    /// The group's member practices the user may book for: all of them for its managers, else
    /// those the user works at.
    package static func bookable(_ group: GroupInfo, _ view: RegistryView, _ user: CurrentUser) -> [PracticeInfo] {
        let members = view.members(of: group)
        if Permissions.canManageAccess(group.code, user) { return members }
        let mine = Permissions.staffPractices(user)
        return members.filter { mine.contains($0.code) }
    }

    /// The empty form: the practice chosen when there is only one.
    package func form(rebook: String?) -> AccessController.BookingForm {
        AccessController.BookingForm(practice: practices.count == 1 ? practices[0].code : nil, rebook: rebook)
    }

    package func render(
        _ ctx: PageContext, form: AccessController.BookingForm, errors: FormErrors = [], status: HTTPStatus = .ok
    ) -> HTMLPage {
        AccessView.bookForm(slot, hub, group, practices: practices, form: form, errors: errors, ctx, status: status)
    }
}
