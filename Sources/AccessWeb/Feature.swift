import ConsortCore
import ConsortWeb
import PeopleWeb
import Vapor

/// Extended access (C7): hubs, clinicians, rotas, booking, calendar feeds and the report.
package let accessFeature: Feature = {
    var feature = Feature(name: "access") { routes in
        // One's own hub work: the entry a form names is checked to be one's own.
        routes.get(
            AccessURL.mine(.sessions), formats: [.html, .csv], access: .oneself, use: MineAccessController.sessions)
        routes.get(AccessURL.mine(.availability), access: .oneself, use: MineAccessController.availability)
        routes.post(AccessURL.mine(.availability), access: .oneself, use: MineAccessController.saveAvailability)
        routes.post(AccessURL.mineLimit, access: .oneself, use: MineAccessController.saveLimit)
        routes.get(AccessURL.hubs, formats: [.html, .csv], access: .staff, use: AccessController.hubList)
        routes.get(AccessURL.hub(.key), access: .hubViewer, use: AccessController.hubPage)
        routes.post(AccessURL.hub(.key), access: .hubManager, use: AccessController.updateHub)
        routes.post(AccessURL.hubTemplates(.key), access: .hubManager, use: AccessController.changeTemplates)
        routes.get(AccessURL.bookSlot(.key), access: .slotBooker, use: AccessController.bookForm)
        routes.post(AccessURL.bookSlot(.key), access: .slotBooker, use: AccessController.book)
        routes.post(AccessURL.booking(.key), access: .bookingEditor, use: AccessController.changeBooking)
        routes.get(
            AccessURL.practiceAppointments(.key), formats: [.html, .csv], access: .practiceAppointments,
            use: AccessController.practiceAppointments)
        routes.get(
            AccessURL.access(.key), formats: [.html, .csv], access: .groupAccess, use: AccessController.overview)
        routes.post(AccessURL.accessHubs(.key), access: .groupAccessManager, use: AccessController.createHub)
        routes.post(AccessURL.accessRotas(.key), access: .groupAccessManager, use: AccessController.buildRota)
        routes.get(
            AccessURL.clinicians(.key), formats: [.html, .csv], access: .groupAccessManager,
            use: AccessController.clinicians)
        routes.post(AccessURL.clinicians(.key), access: .groupAccessManager, use: AccessController.saveClinician)
        routes.get(
            AccessURL.clinician(.key, .key), access: .groupAccessManager, use: AccessController.editClinicianForm)
        routes.post(AccessURL.clinician(.key, .key), access: .groupAccessManager, use: AccessController.saveClinician)
        routes.get(AccessURL.rota(.key), access: .rotaManager, use: AccessController.rotaPage)
        routes.get(AccessURL.rotaCSV(.key), formats: [.csv], access: .rotaManager, use: AccessController.rotaPage)
        for action in AccessURL.RotaAction.allCases {
            routes.post(AccessURL.rotaAction(.key, action), access: .rotaManager) {
                try await AccessController.rotaAction($0, action)
            }
        }
        // A secret address shown only to the hub's managers: calendar programs cannot sign in.
        routes.get(AccessURL.calendar(.key), access: .anyone, use: AccessController.calendar)
    }
    feature.api = { routes in
        routes.post(AccessURL.API.hubs, access: .hubCreator, use: HubsAPI.createHub)
        routes.post(AccessURL.API.hubSessions(.key), access: .hubManager, use: HubsAPI.addSession)
        routes.get(AccessURL.API.hubSlots(.key), access: .hubViewer, use: HubsAPI.slots)
        routes.post(AccessURL.API.slotBookings(.key), access: .slotBooker, use: HubsAPI.book)
        routes.on(.PATCH, AccessURL.API.booking(.key), access: .bookingEditor, use: HubsAPI.setStatus)
    }
    // The hubs list is for staff (every role but public).
    feature.navigation = [
        NavItem(order: 110, key: "hubs", href: AccessURL.hubs.path, title: "Hubs") { user in
            user.map { u in Access.staff.roles?.contains(where: u.holds) ?? true } ?? false
        }
    ]
    feature.today = AccessPanels.today
    feature.migrations = [CreateExtendedAccess(), CreateRotas(), LinkClinicians(), HubBankHolidays()]
    feature.selfService = [
        NavItem(order: 20, key: "my-sessions", href: AccessURL.mine(.sessions).path, title: "My hub sessions"),
        NavItem(order: 21, key: "my-availability", href: AccessURL.mine(.availability).path, title: "My availability"),
    ]
    feature.personPanels = { person, app in try await StaffList.panel(person, app: app) }
    feature.personWork = { people, day, app in try await StaffList.work(people, on: day, app: app) }
    feature.demo = { context in
        if let federation = context.federation { try await DemoAccess.ensure(context.app, federation: federation) }
    }
    feature.groupSections = [.extendedAccess]
    feature.openAPI = OpenAPI.access
    return feature
}()
