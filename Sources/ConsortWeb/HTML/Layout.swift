import Charts
import ConsortCore
import Vapor

/// What every page needs to know about its request.
package struct PageContext: Sendable {
    package let user: CurrentUser?
    package let csrfToken: String?
    /// The "as at" date of registry pages.
    package let date: Day
    /// Whether the date was asked for (and so is carried in links), or is today by default.
    package let dateGiven: Bool
    package let path: String
    package let latestSnapshot: Day?
    /// The map layers in force at the date of the registry's configuration the page shows.
    package let backdrop: Basemap.Backdrop
    /// Every feature's menu and footer entries, in order; a page shows those the user may see.
    let menus: Menus
    /// The main menu the user may see. Filtered only when a page is rendered, not for a page
    /// served from the cache.
    package var navigation: [NavItem] { menus.navigation.filter { $0.visible(user) } }
    /// The footer's links the user may see.
    package var footer: [NavItem] { menus.footer.filter { $0.visible(user) } }

    /// The context of a page that is not about the registry at a date (sign-in, audit, forms):
    /// today's date, the request's path without a `.csv` suffix, and its session's CSRF token.
    package init(request req: Request, csrfToken: String? = nil) {
        self.init(
            request: req, csrfToken: csrfToken, date: Day.today(), dateGiven: false, path: req.pagePath,
            latestSnapshot: nil)
    }

    /// The context of a request for a page at `date`.
    package init(
        request req: Request, csrfToken: String? = nil, date: Day, dateGiven: Bool, path: String, latestSnapshot: Day?
    ) {
        self.user = req.currentUser
        self.csrfToken = csrfToken ?? req.session_?.csrfToken
        self.date = date
        self.dateGiven = dateGiven
        self.path = path
        self.latestSnapshot = latestSnapshot
        // Maps show the boundaries of the configuration's date: that of the latest snapshot of
        // memberships on or before the page's date.
        self.backdrop = req.application.basemap.backdrop(at: min(latestSnapshot ?? date, date))
        self.menus = req.application.menus
    }

    /// A context made by hand (view tests).
    package init(
        user: CurrentUser?, csrfToken: String?, date: Day, dateGiven: Bool, path: String, latestSnapshot: Day?,
        navigation: [NavItem] = [], footer: [NavItem] = []
    ) {
        self.user = user
        self.csrfToken = csrfToken
        self.date = date
        self.dateGiven = dateGiven
        self.path = path
        self.latestSnapshot = latestSnapshot
        self.backdrop = Basemap.empty.backdrop(at: date)
        self.menus = Menus(navigation: navigation, footer: footer)
    }

    /// A link to a registry path at this page's date.
    package func link(_ path: String, _ query: [(String, String)] = []) -> String {
        var items = query
        if dateGiven { items.append(("date", date.iso)) }
        return SiteURL.with(path, items)
    }
}

/// An HTML response.
package struct HTMLPage: AsyncResponseEncodable {
    package let html: String
    package var status: HTTPStatus = .ok

    package func encodeResponse(for request: Request) async throws -> Response {
        let response = HTMLPage.response(ByteBuffer(string: html))
        response.status = status
        return response
    }

    package static func response(_ body: ByteBuffer) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(buffer: body))
    }

    package init(html: String, status: HTTPStatus = .ok) {
        self.html = html
        self.status = status
    }
}

/// A CSV download.
package struct CSVFile: AsyncResponseEncodable {
    package let name: String
    package let text: String

    package func encodeResponse(for request: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name)\"")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }

    package init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}

package enum Layout {
    /// A name as lists show it: generated demo records marked "(demo)", once, whether or not the
    /// name already says so.
    package static func demoName(_ name: String, isDemo: Bool) -> String {
        isDemo && !name.contains("(demo)") ? name + " (demo)" : name
    }

    /// Consort's icon: a white C on the header's blue, as an inline SVG (no request, allowed by
    /// the content security policy's `img-src data:`).
    static let favicon =
        "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' "
        + "height='32' rx='6' fill='%23005eb8'/%3E%3Ctext x='16' y='23' font-family='Arial,sans-serif' "
        + "font-size='20' font-weight='700' fill='white' text-anchor='middle'%3EC%3C/text%3E%3C/svg%3E"

    package struct Crumb {
        package let title: String
        package let href: String

        package init(title: String, href: String) {
            self.title = title
            self.href = href
        }
    }

    /// - Parameter refresh: reload the page after this many seconds (a job's progress).
    package static func page(
        _ title: String, _ ctx: PageContext, crumbs: [Crumb] = [], section: String? = nil,
        status: HTTPStatus = .ok, refresh: Int? = nil, @HTMLBuilder _ content: () -> [Node]
    ) -> HTMLPage {
        let body = content()
        var out = "<!DOCTYPE html>"
        Node.element(
            "html", [.attr("lang", "en-GB")],
            [
                .element(
                    "head", [],
                    [
                        Node(storage: .void("meta", [.attr("charset", "utf-8")])),
                        Node(
                            storage: .void(
                                "meta", [.name("viewport"), .attr("content", "width=device-width, initial-scale=1")])),
                        refresh.map {
                            Node(
                                storage: .void("meta", [.attr("http-equiv", "refresh"), .attr("content", String($0))]))
                        } ?? .empty,
                        .element("title", [], [.text("\(title) – Consort")]),
                        Node(storage: .void("link", [.attr("rel", "stylesheet"), .href("/static/consort.css")])),
                        Node(storage: .void("link", [.attr("rel", "icon"), .href(favicon)])),
                    ]),
                .element(
                    "body", [],
                    [
                        H.a("#main", .class("skip-link")) { "Skip to main content" },
                        header(ctx),
                        navigation(ctx, section),
                        H.div(.class("width")) {
                            if !crumbs.isEmpty {
                                H.nav(.class("breadcrumb"), .aria("label", "Breadcrumb")) {
                                    H.ol {
                                        for crumb in crumbs { H.li { H.link(crumb.href, crumb.title) } }
                                    }
                                }
                            }
                            dataAge(ctx)
                            H.el("main", [.id("main"), .attr("tabindex", "-1")]) { body }
                        },
                        footer(ctx),
                    ]),
            ]
        ).render(into: &out)
        return HTMLPage(html: out, status: status)
    }

    package static func header(_ ctx: PageContext) -> Node {
        H.el("header", [.class("site-header")]) {
            H.div(.class("width")) {
                H.a(SiteURL.home.path, .class("brand"), .aria("label", "Consort home")) { "Consort" }
                H.span(.class("tagline")) { "The registry of English general practice and its groups" }
                H.div(.class("account")) {
                    if let user = ctx.user {
                        H.span {
                            "Signed in as "
                            H.a(SiteURL.account.path) { H.strong { user.displayName } }
                            if user.isDemo {
                                " "
                                H.span(.class("tag demo")) { "demo" }
                            }
                        }
                        H.form(.attr("method", "post"), .attr("action", SiteURL.logout.path), .class("inline-form")) {
                            csrfField(ctx)
                            H.button(.type("submit"), .class("link-button")) { "Sign out" }
                        }
                    } else {
                        H.a(SiteURL.with(SiteURL.login.path, [("next", ctx.path)])) { "Sign in" }
                    }
                }
            }
        }
    }

    package static func navigation(_ ctx: PageContext, _ section: String?) -> Node {
        H.nav(.class("main-nav"), .aria("label", "Main")) {
            H.ul {
                for item in ctx.navigation {
                    H.li {
                        if item.key == section {
                            H.a(item.href, .aria("current", "page")) { item.title }
                        } else {
                            H.link(item.href, item.title)
                        }
                    }
                }
            }
        }
    }

    package static func footer(_ ctx: PageContext) -> Node {
        H.el("footer", [.class("site-footer")]) {
            H.div(.class("width")) {
                H.p {
                    "Registry data: NHS Digital, "
                    H.el("i", []) { "Patients Registered at a GP Practice" }
                    "; OHID Fingertips (IMD 2019); NHS Payments to General Practice; Ordnance Survey Code-Point Open. "
                        + "Contains public sector information licensed under the Open Government Licence v3.0. "
                        + "Contains OS data © Crown copyright and database right 2020."
                }
                H.p {
                    H.link(SiteURL.help.path, "About the data and how to use Consort")
                    " · "
                    H.link(SiteURL.openAPI.path, "JSON API (OpenAPI)")
                    for item in ctx.footer {
                        " · "
                        H.link(item.href, item.title)
                    }
                    if let latest = ctx.latestSnapshot { " · Latest snapshot: \(latest.long)" }
                }
            }
        }
    }

    package static func csrfField(_ ctx: PageContext) -> Node {
        H.input(.type("hidden"), .name(CSRFMiddleware.field), .value(ctx.csrfToken.map(Tokens.masked) ?? ""))
    }

    /// The "as at" form: the date and the page's other query parameters.
    package static func dateForm(_ ctx: PageContext, keep: [(String, String)] = []) -> Node {
        H.form(.attr("method", "get"), .attr("action", ctx.path), .class("filters"), .aria("label", "Date")) {
            for (key, value) in keep where key != "date" && key != "page" {
                H.input(.type("hidden"), .name(key), .value(value))
            }
            H.div(.class("field")) {
                H.label(.for("as-at")) { "As at" }
                H.input(.type("date"), .id("as-at"), .name("date"), .value(ctx.date.iso))
            }
            H.button(.type("submit"), .class("button secondary")) { "Show" }
            H.p(.class("hint")) {
                if let latest = ctx.latestSnapshot {
                    "Figures as the registry held them on \(ctx.date.long). Latest NHS snapshot: \(latest.long)."
                } else {
                    "Figures as the registry held them on \(ctx.date.long)."
                }
            }
        }
    }

    package static func pagination(_ ctx: PageContext, page: Int, pageSize: Int, total: Int, query: [(String, String)])
        -> Node
    {
        let pages = max(1, (total + pageSize - 1) / pageSize)
        let base = query.filter { $0.0 != "page" && $0.0 != "date" }
        return H.nav(.aria("label", "Pages")) {
            H.ul(.class("pagination")) {
                if page > 1 {
                    H.li {
                        H.a(ctx.link(ctx.path, base + [("page", String(page - 1))]), .attr("rel", "prev")) {
                            "← Previous"
                        }
                    }
                }
                H.li { "Page \(page) of \(pages) (\(grouped(total)) in all)" }
                if page < pages {
                    let next = ctx.link(ctx.path, base + [("page", String(page + 1))])
                    H.li { H.a(next, .attr("rel", "next")) { "Next →" } }
                }
            }
        }
    }

    package static func summaryList(_ rows: [(String, Node)]) -> Node {
        H.dl(.class("summary-list")) {
            for (key, value) in rows {
                H.dt { key }
                H.dd { value }
            }
        }
    }

    /// A field's error message, if the form has one for it.
    package static func fieldError(_ errors: [(field: String, message: String)], _ field: String) -> Node {
        guard let e = errors.first(where: { $0.field == field }) else { return .empty }
        return H.span(.class("error-message"), .id("\(field)-error")) {
            H.span(.class("visually-hidden")) { "Error: " }
            e.message
        }
    }

    /// A form field: label, optional hint (the control refers to it as `<id>-hint`), its error, the control.
    package static func field(
        _ id: String, _ label: String, hint: String? = nil, _ errors: [(field: String, message: String)],
        @HTMLBuilder _ control: () -> [Node]
    ) -> Node {
        H.div(.class("field")) {
            H.label(.for(id)) { label }
            if let hint { H.div(.class("hint"), .id("\(id)-hint")) { hint } }
            fieldError(errors, id)
            control()
        }
    }

    package static func errorSummary(_ errors: [(field: String, message: String)]) -> Node {
        guard !errors.isEmpty else { return .empty }
        return H.div(.class("error-summary"), .attr("role", "alert"), .attr("tabindex", "-1")) {
            H.h2 { "There is a problem" }
            H.ul {
                for e in errors { H.li { H.link("#\(e.field)", e.message) } }
            }
        }
    }

    package static func field(_ id: String, _ label: String, _ control: Node, hint: (String, String)? = nil) -> Node {
        H.div(.class("field")) {
            H.label(.for(id)) { label }
            control
            if let hint { H.span(.class("hint"), .id(hint.0)) { hint.1 } }
        }
    }

    package static func stat(_ figure: String, _ label: String, _ href: String?) -> Node {
        H.li {
            H.span(.class("figure")) { figure }
            if let href { H.link(href, label) } else { label }
        }
    }

    package static func checkbox(_ id: String, name: String, value: String, checked: Bool) -> Node {
        choice("checkbox", id, name: name, value: value, checked: checked)
    }

    /// A checkbox or radio button, checked or not, with more attributes (a hint's id).
    package static func choice(
        _ type: String, _ id: String, name: String, value: String, checked: Bool, _ more: Attribute...
    ) -> Node {
        var attributes: [Attribute] = [.type(type), .id(id), .name(name), .value(value)] + more
        if checked { attributes.append(.attr("checked", "")) }
        return Node(storage: .void("input", attributes))
    }
}
