import ConsortCore
import ConsortWeb
import Vapor

/// Extended access (C7): hubs, clinicians, rotas, booking, calendar feeds and the report.
package let accessFeature: Feature = {
    var feature = Feature(name: "access") { routes in
        routes.get("hubs", access: .staff, use: AccessController.hubList)
        routes.get("hubs.csv", access: .staff, use: AccessController.hubList)
        routes.get("hubs", ":id", access: .hubViewer, use: AccessController.hubPage)
        routes.post("hubs", ":id", access: .hubManager, use: AccessController.updateHub)
        routes.post("hubs", ":id", "templates", access: .hubManager, use: AccessController.changeTemplates)
        routes.get("hub-slots", ":id", "book", access: .slotBooker, use: AccessController.bookForm)
        routes.post("hub-slots", ":id", "book", access: .slotBooker, use: AccessController.book)
        routes.post("hub-bookings", ":id", access: .bookingEditor, use: AccessController.changeBooking)
        routes.get("practices", ":code", "hub-appointments", access: .practiceAppointments, use: AccessController.practiceAppointments)
        routes.get("practices", ":code", "hub-appointments.csv", access: .practiceAppointments, use: AccessController.practiceAppointments)
        routes.get("groups", ":code", "access", access: .groupAccess, use: AccessController.overview)
        routes.get("groups", ":code", "access.csv", access: .groupAccess, use: AccessController.overview)
        routes.post("groups", ":code", "access", "hubs", access: .groupAccessManager, use: AccessController.createHub)
        routes.post("groups", ":code", "access", "rotas", access: .groupAccessManager, use: AccessController.buildRota)
        routes.get("groups", ":code", "access", "clinicians", access: .groupAccessManager, use: AccessController.clinicians)
        routes.get("groups", ":code", "access", "clinicians.csv", access: .groupAccessManager, use: AccessController.clinicians)
        routes.post("groups", ":code", "access", "clinicians", access: .groupAccessManager, use: AccessController.saveClinician)
        routes.get("groups", ":code", "access", "clinicians", ":id", access: .groupAccessManager, use: AccessController.editClinicianForm)
        routes.post("groups", ":code", "access", "clinicians", ":id", access: .groupAccessManager, use: AccessController.saveClinician)
        routes.get("rotas", ":id", access: .rotaManager, use: AccessController.rotaPage)
        routes.get("rotas", ":id", "rota.csv", access: .rotaManager, use: AccessController.rotaPage)
        for action in ["assign", "add", "remove", "not-run", "publish", "delete"] {
            routes.post("rotas", ":id", PathComponent(stringLiteral: action), access: .rotaManager) { try await AccessController.rotaAction($0, action) }
        }
        routes.get("calendar", ":token", access: .anyone, use: AccessController.calendar)
    }
    feature.api = { api in
        api.post("hubs", access: .hubCreator, use: HubsAPI.createHub)
        api.post("hubs", ":id", "sessions", access: .hubManager, use: HubsAPI.addSession)
        api.get("hubs", ":id", "slots", access: .hubViewer, use: HubsAPI.slots)
        api.post("hub-slots", ":id", "bookings", access: .slotBooker, use: HubsAPI.book)
        api.on(.PATCH, "hub-bookings", ":id", access: .bookingEditor, use: HubsAPI.setStatus)
    }
    feature.navigation = [NavItem(order: 110, key: "hubs", href: SiteURL.hubs, title: "Hubs")]
    feature.migrations = [CreateExtendedAccess(), CreateRotas()]
    feature.demo = { context in
            if let federation = context.federation { try await DemoAccess.ensure(context.app, federation: federation) }
        }
    feature.groupSections = [.extendedAccess]
    return feature
}()
