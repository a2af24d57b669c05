import Access
import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// A hub: its settings and session templates, one day's slots, and the days with free slots.
package struct HubPage: Sendable {
    package let hub: HubSetup.Details
    package let group: GroupInfo
    package let templates: [HubSetup.Template]
    package let day: Day
    package let slots: [AccessView.SlotRow]
    /// Days from today with a free slot.
    package let upcoming: [Day]
    package let canManage: Bool
    package let canBook: Bool
    /// The booking being moved, when the reader came to choose it a new slot.
    package let rebook: Int64?
    /// The hub's calendar feed address.
    package let feed: String

    package init(
        hub: HubSetup.Details, group: GroupInfo, templates: [HubSetup.Template], day: Day,
        slots: [AccessView.SlotRow], upcoming: [Day], canManage: Bool, canBook: Bool, rebook: Int64?, feed: String
    ) {
        self.hub = hub
        self.group = group
        self.templates = templates
        self.day = day
        self.slots = slots
        self.upcoming = upcoming
        self.canManage = canManage
        self.canBook = canBook
        self.rebook = rebook
        self.feed = feed
    }

    /// The hub's page on `day`; `origin` is the site's address, for the calendar feed.
    package static func load(
        _ hub: HubSetup.Details, group: GroupInfo, view: RegistryView, user: CurrentUser, day: Day, rebook: Int64?,
        origin: String, on db: any SQLDatabase
    ) async throws -> HubPage {
        let canManage = Permissions.canManageAccess(group.code, user)
        let staffOf = Permissions.staffPractices(user)
        return HubPage(
            hub: hub, group: group, templates: try await HubSetup.templates(hubs: [hub.id], on: db), day: day,
            slots: try await HubReads.slots(hub: hub.id, on: day, db: db).map {
                .init(
                    id: $0.id, room: $0.room, start: $0.startMinute, minutes: $0.minutes,
                    role: StaffRole(rawValue: $0.role)?.label ?? $0.role, clinician: $0.clinician,
                    bookedBy: $0.practiceCode)
            },
            upcoming: try await HubReads.daysWithFreeSlots(hub: hub.id, from: Day.today(), db: db),
            canManage: canManage,
            canBook: canManage || view.members(of: group).contains { staffOf.contains($0.code) }, rebook: rebook,
            feed: origin + AccessURL.calendar(hub.calendarToken ?? ""))
    }

    /// The settings form as stored.
    package var settings: AccessController.HubForm {
        AccessController.HubForm(
            name: hub.name, address: hub.address, rooms: hub.rooms, opening: hub.opening,
            appointmentGp: String(hub.appointmentGp), appointmentNurse: String(hub.appointmentNurse),
            appointmentOther: String(hub.appointmentOther), bankHolidays: hub.opensOnBankHolidays ? "yes" : nil)
    }

    /// The page; `form` is the settings as entered when they were refused, the stored ones otherwise.
    package func render(
        _ ctx: PageContext, form: AccessController.HubForm? = nil, errors: FormErrors = [], status: HTTPStatus = .ok
    ) -> HTMLPage {
        AccessView.hub(
            hub, group, templates: templates, day: day, slots: slots, upcoming: upcoming, canManage: canManage,
            canBook: canBook, rebook: rebook, form: form ?? settings, errors: errors, feed: feed, ctx, status: status)
    }
}
