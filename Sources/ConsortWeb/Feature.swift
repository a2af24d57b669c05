import ConsortCore
import Fluent
import Vapor

/// What a capability contributes to Consort: its routes, API, OpenAPI paths, migrations, menu
/// entries, panels on group pages, and demo data. The composition root (`ConsortApp`) lists the
/// features in order; nothing else wires a capability in.
package struct Feature: Sendable {
    /// A short name, e.g. "governance".
    package var name: String
    /// The page routes (each registered with its access rule).
    package var routes: @Sendable (any RoutesBuilder) throws -> Void
    /// The API routes, under `/api/v1`.
    package var api: @Sendable (any RoutesBuilder) throws -> Void = { _ in }
    /// Its part of the OpenAPI document.
    package var openAPI = OpenAPIFragment()
    /// Its migrations, in order (after those of the features before it).
    package var migrations: [any Migration] = []
    /// Entries of the main menu.
    package var navigation: [NavItem] = []
    /// Links in the footer.
    package var footer: [NavItem] = []
    /// Panels on a group's page (and tables in its CSV).
    package var groupSections: [GroupSection] = []
    /// What a signed-in person must act on (an invitation to answer, say), shown on their
    /// account page.
    package var notices: (@Sendable (CurrentUser, Application) async throws -> [Notice])? = nil
    /// Adds the notifications due on a day (a declaration due, a credential expiring), each
    /// keyed by its event so that a second sweep adds nothing; run hourly by the server.
    package var sweep: (@Sendable (Application, Day) async throws -> Void)? = nil
    /// Pages of the signed-in person's own record ("my declarations", "my availability"),
    /// listed on their account page and shown to those `visible` lets see them.
    package var selfService: [NavItem] = []
    /// What people do for organisations beyond their roles (hub sessions worked for a
    /// federation, the practice they staff hubs from), active around a day: links the conflicts
    /// search follows.
    package var personWork: (@Sendable ([Int64], Day, Application) async throws -> [PersonWork])? = nil
    /// Panels on a person's page: where else the person appears (registers, hub lists).
    package var personPanels: (@Sendable (Int64, Application) async throws -> [GroupSection.Content])? = nil
    /// Panels of the signed-in person's "Today" page: what needs them today in this capability
    /// (a practice's hub appointments, a rota's gaps, registers overdue), only what they may see.
    package var today: (@Sendable (CurrentUser, Request) async throws -> [TodayPanel])? = nil
    /// Demo records, made by `consort serve --demo` after the demo accounts.
    package var demo: (@Sendable (DemoContext) async throws -> Void)? = nil
    /// Work at start after migrations (e.g. marking jobs a stopped server left running).
    package var prepare: (@Sendable (Application) async throws -> Void)? = nil
    /// Services to keep in the application's storage, set up at configuration.
    package var configure: (@Sendable (Application) throws -> Void)? = nil

    package init(name: String, routes: @escaping @Sendable (any RoutesBuilder) throws -> Void) {
        self.name = name
        self.routes = routes
    }
}

/// An entry of the main menu or the footer, shown to those `visible` lets see it; entries are
/// shown in increasing `order` whichever feature adds them.
package struct NavItem: Sendable {
    package let order: Int
    package let key: String
    package let href: String
    package let title: String
    package let visible: @Sendable (CurrentUser?) -> Bool

    package init(
        order: Int, key: String, href: String, title: String,
        visible: @escaping @Sendable (CurrentUser?) -> Bool = { _ in true }
    ) {
        self.order = order
        self.key = key
        self.href = href
        self.title = title
        self.visible = visible
    }
}

/// A panel a capability adds to a group's page: a heading, a hint, tables (shown on the page and
/// downloadable as CSV with the group's other tables) and links.
package struct GroupSection: Sendable {
    package struct Content: Sendable {
        package var heading: String?
        package var hint: String?
        package var tables: [DataTable]
        package var links: [(href: String, text: String)]

        package init(
            heading: String? = nil, hint: String? = nil, tables: [DataTable] = [],
            links: [(href: String, text: String)] = []
        ) {
            self.heading = heading
            self.hint = hint
            self.tables = tables
            self.links = links
        }
    }

    /// Where on the page: near the top, under the group's actions, or at the bottom, after the
    /// members and their maps.
    package enum Place: Sendable { case top, bottom }

    package let place: Place
    package let content: @Sendable (GroupInfo, RegistryView, Application) throws -> Content?

    package init(place: Place, content: @escaping @Sendable (GroupInfo, RegistryView, Application) throws -> Content?) {
        self.place = place
        self.content = content
    }
}

extension Application {
    /// The panels every feature adds to `group`'s page at `view`'s date.
    package func groupSections(_ group: GroupInfo, _ view: RegistryView) throws -> [(
        place: GroupSection.Place, content: GroupSection.Content
    )] {
        try features.flatMap(\.groupSections).compactMap { section in
            try section.content(group, view, self).map { (section.place, $0) }
        }
    }
}

/// Work a person does for an organisation, for the conflicts search: "works 6 extended-access
/// hub sessions (June to November 2026)" "for" the federation.
package struct PersonWork: Sendable {
    package let person: Int64
    package let organisation: String
    package let what: String
    package let preposition: String
    package let from: Day
    package let to: Day?

    package init(person: Int64, organisation: String, what: String, preposition: String, from: Day, to: Day?) {
        self.person = person
        self.organisation = organisation
        self.what = what
        self.preposition = preposition
        self.from = from
        self.to = to
    }
}

/// Something a person must act on: a sentence and a link to where they act.
package struct Notice: Sendable {
    package let lead: String
    package let href: String
    package let text: String

    package init(lead: String, href: String, text: String) {
        self.lead = lead
        self.href = href
        self.text = text
    }
}

/// What demo data is made for: the demo consortium, its first practices and the demo federation.
package struct DemoContext: Sendable {
    package let app: Application
    package let consortium: String
    package let practices: [String]
    package let federation: String?

    package init(app: Application, consortium: String, practices: [String], federation: String?) {
        self.app = app
        self.consortium = consortium
        self.practices = practices
        self.federation = federation
    }
}

package struct FeaturesKey: StorageKey { package typealias Value = [Feature] }

/// Every feature's menu and footer entries, each list in increasing `order`.
package struct Menus: Sendable {
    package let navigation: [NavItem]
    package let footer: [NavItem]

    package init(navigation: [NavItem], footer: [NavItem]) {
        self.navigation = navigation.sorted { $0.order < $1.order }
        self.footer = footer.sorted { $0.order < $1.order }
    }
}

struct MenusKey: StorageKey { typealias Value = Menus }

extension Application {
    /// The features Consort was configured with.
    package var features: [Feature] {
        get { storage[FeaturesKey.self] ?? [] }
        set {
            storage[FeaturesKey.self] = newValue
            storage[MenusKey.self] = Menus(
                navigation: newValue.flatMap(\.navigation), footer: newValue.flatMap(\.footer))
        }
    }

    /// The features' menus, gathered once when the features are set.
    package var menus: Menus { storage[MenusKey.self] ?? Menus(navigation: [], footer: []) }
}

extension Application {
    /// Everything every feature says `user` must act on.
    /// Every feature's panels of `user`'s "Today" page, most urgent first.
    package func todayPanels(for user: CurrentUser, _ req: Request) async throws -> [TodayPanel] {
        var out: [TodayPanel] = []
        for feature in features { out += try await feature.today?(user, req) ?? [] }
        return out.enumerated().sorted { ($0.element.urgency, $0.offset) < ($1.element.urgency, $1.offset) }.map(
            \.element)
    }

    package func notices(for user: CurrentUser) async throws -> [Notice] {
        var out: [Notice] = []
        for feature in features { out += try await feature.notices?(user, self) ?? [] }
        return out
    }
}

/// A panel of a person's "Today" page: a heading, a one-line summary with its figures (dated,
/// with their source), the rows that need them (a table) and where to act.
package struct TodayPanel: Sendable {
    /// 0: needs action now (overdue, unstaffed, blocking); 1: for today and tomorrow; 2: to know.
    package let urgency: Int
    package let content: GroupSection.Content

    package init(urgency: Int, _ content: GroupSection.Content) {
        self.urgency = urgency
        self.content = content
    }
}
