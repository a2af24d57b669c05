import ConsortCore
import Vapor

/// What every page needs to know about its request.
struct PageContext: Sendable {
    let user: CurrentUser?
    let csrfToken: String?
    /// The "as at" date of registry pages.
    let date: Day
    /// Whether the date was asked for (and so is carried in links), or is today by default.
    let dateGiven: Bool
    let path: String
    let latestSnapshot: Day?

    /// The context of a page that is not about the registry at a date (sign-in, audit, forms):
    /// today's date, the request's path without a `.csv` suffix, and its session's CSRF token.
    init(request req: Request, csrfToken: String? = nil) {
        var path = req.url.path
        if path.hasSuffix(".csv") { path.removeLast(4) }
        self.init(user: req.currentUser, csrfToken: csrfToken ?? req.session_?.csrfToken, date: Day.today(), dateGiven: false,
                  path: path, latestSnapshot: nil)
    }

    init(user: CurrentUser?, csrfToken: String?, date: Day, dateGiven: Bool, path: String, latestSnapshot: Day?) {
        self.user = user; self.csrfToken = csrfToken; self.date = date; self.dateGiven = dateGiven
        self.path = path; self.latestSnapshot = latestSnapshot
    }

    /// A link to a registry path at this page's date.
    func link(_ path: String, _ query: [(String, String)] = []) -> String {
        var items = query
        if dateGiven { items.append(("date", date.iso)) }
        return SiteURL.with(path, items)
    }
}

/// An HTML response.
struct HTMLPage: AsyncResponseEncodable {
    let html: String
    var status: HTTPStatus = .ok

    func encodeResponse(for request: Request) async throws -> Response {
        let response = HTMLPage.response(ByteBuffer(string: html))
        response.status = status
        return response
    }

    static func response(_ body: ByteBuffer) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(buffer: body))
    }
}

/// A CSV download.
struct CSVFile: AsyncResponseEncodable {
    let name: String
    let text: String

    func encodeResponse(for request: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name)\"")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }
}

enum Layout {
    struct Crumb { let title: String; let href: String }

    /// - Parameter refresh: reload the page after this many seconds (a job's progress).
    static func page(_ title: String, _ ctx: PageContext, crumbs: [Crumb] = [], section: String? = nil,
                     status: HTTPStatus = .ok, refresh: Int? = nil, @HTMLBuilder _ content: () -> [Node]) -> HTMLPage {
        let body = content()
        var out = "<!DOCTYPE html>"
        Node.element("html", [.attr("lang", "en-GB")], [
            .element("head", [], [
                Node(storage: .void("meta", [.attr("charset", "utf-8")])),
                Node(storage: .void("meta", [.name("viewport"), .attr("content", "width=device-width, initial-scale=1")])),
                refresh.map { Node(storage: .void("meta", [.attr("http-equiv", "refresh"), .attr("content", String($0))])) } ?? .empty,
                .element("title", [], [.text("\(title) – Consort")]),
                Node(storage: .void("link", [.attr("rel", "stylesheet"), .href("/static/consort.css")])),
            ]),
            .element("body", [], [
                H.a("#main", .class("skip-link")) { "Skip to main content" },
                header(ctx),
                navigation(section),
                H.div(.class("width")) {
                    if !crumbs.isEmpty {
                        H.nav(.class("breadcrumb"), .aria("label", "Breadcrumb")) {
                            H.ol {
                                for crumb in crumbs { H.li { H.link(crumb.href, crumb.title) } }
                            }
                        }
                    }
                    H.el("main", [.id("main"), .attr("tabindex", "-1")]) { body }
                },
                footer(ctx),
            ]),
        ]).render(into: &out)
        return HTMLPage(html: out, status: status)
    }

    static func header(_ ctx: PageContext) -> Node {
        H.el("header", [.class("site-header")]) {
            H.div(.class("width")) {
                H.a("/", .class("brand"), .aria("label", "Consort home")) { "Consort" }
                H.span(.class("tagline")) { "The registry of English general practice and its groups" }
                H.div(.class("account")) {
                    if let user = ctx.user {
                        H.span {
                            "Signed in as "
                            H.a(SiteURL.account) { H.strong { user.displayName } }
                            if user.isDemo { " "; H.span(.class("tag demo")) { "demo" } }
                        }
                        H.form(.attr("method", "post"), .attr("action", SiteURL.logout), .class("inline-form")) {
                            csrfField(ctx)
                            H.button(.type("submit"), .class("link-button")) { "Sign out" }
                        }
                    } else {
                        H.a(SiteURL.with(SiteURL.login, [("next", ctx.path)])) { "Sign in" }
                    }
                }
            }
        }
    }

    static let sections: [(String, String, String)] = [
        ("home", "/", "England"),
        ("practices", SiteURL.practices, "Practices"),
        ("networks", SiteURL.groups(.network), "Networks"),
        ("consortia", SiteURL.groups(.consortium), "Consortia"),
        ("federations", SiteURL.groups(.federation), "Federations"),
        ("icbs", SiteURL.groups(.icb), "STPs / ICBs"),
        ("regions", SiteURL.groups(.region), "Regions"),
        ("assurance", SiteURL.assurance, "Assurance"),
        ("finance", SiteURL.finance, "Finance"),
        ("plans", SiteURL.plans, "Planner"),
        ("hubs", SiteURL.hubs, "Hubs"),
        ("imports", SiteURL.imports, "Imports"),
    ]

    static func navigation(_ section: String?) -> Node {
        H.nav(.class("main-nav"), .aria("label", "Main")) {
            H.ul {
                for (key, href, title) in sections {
                    H.li {
                        if key == section {
                            H.a(href, .aria("current", "page")) { title }
                        } else {
                            H.link(href, title)
                        }
                    }
                }
            }
        }
    }

    static func footer(_ ctx: PageContext) -> Node {
        H.el("footer", [.class("site-footer")]) {
            H.div(.class("width")) {
                H.p {
                    "Registry data: NHS Digital, "
                    H.el("i", []) { "Patients Registered at a GP Practice" }
                    "; OHID Fingertips (IMD 2019); NHS Payments to General Practice; Ordnance Survey Code-Point Open. Contains public sector information licensed under the Open Government Licence v3.0. Contains OS data © Crown copyright and database right 2020."
                }
                H.p {
                    H.link(SiteURL.help, "About the data and how to use Consort")
                    " · "
                    H.link("/api/v1/openapi.json", "JSON API (OpenAPI)")
                    if Permissions.canReadAudit(ctx.user) { " · "; H.link(SiteURL.audit, "Audit log") }
                    if let latest = ctx.latestSnapshot { " · Latest snapshot: \(latest.long)" }
                }
            }
        }
    }

    static func csrfField(_ ctx: PageContext) -> Node {
        H.input(.type("hidden"), .name(CSRFMiddleware.field), .value(ctx.csrfToken ?? ""))
    }

    /// The "as at" form: the date and the page's other query parameters.
    static func dateForm(_ ctx: PageContext, keep: [(String, String)] = []) -> Node {
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

    static func pagination(_ ctx: PageContext, page: Int, pageSize: Int, total: Int, query: [(String, String)]) -> Node {
        let pages = max(1, (total + pageSize - 1) / pageSize)
        let base = query.filter { $0.0 != "page" && $0.0 != "date" }
        return H.nav(.aria("label", "Pages")) {
            H.ul(.class("pagination")) {
                if page > 1 {
                    H.li { H.a(ctx.link(ctx.path, base + [("page", String(page - 1))]), .attr("rel", "prev")) { "← Previous" } }
                }
                H.li { "Page \(page) of \(pages) (\(grouped(total)) in all)" }
                if page < pages {
                    H.li { H.a(ctx.link(ctx.path, base + [("page", String(page + 1))]), .attr("rel", "next")) { "Next →" } }
                }
            }
        }
    }

    static func summaryList(_ rows: [(String, Node)]) -> Node {
        H.dl(.class("summary-list")) {
            for (key, value) in rows {
                H.dt { key }
                H.dd { value }
            }
        }
    }

    /// A field's error message, if the form has one for it.
    static func fieldError(_ errors: [(field: String, message: String)], _ field: String) -> Node {
        guard let e = errors.first(where: { $0.field == field }) else { return .empty }
        return H.span(.class("error-message"), .id("\(field)-error")) { H.span(.class("visually-hidden")) { "Error: " }; e.message }
    }

    /// A form field: label, optional hint (the control refers to it as `<id>-hint`), its error, the control.
    static func field(_ id: String, _ label: String, hint: String? = nil, _ errors: [(field: String, message: String)],
                      @HTMLBuilder _ control: () -> [Node]) -> Node {
        H.div(.class("field")) {
            H.label(.for(id)) { label }
            if let hint { H.div(.class("hint"), .id("\(id)-hint")) { hint } }
            fieldError(errors, id)
            control()
        }
    }

    static func errorSummary(_ errors: [(field: String, message: String)]) -> Node {
        guard !errors.isEmpty else { return .empty }
        return H.div(.class("error-summary"), .attr("role", "alert"), .attr("tabindex", "-1")) {
            H.h2 { "There is a problem" }
            H.ul {
                for e in errors { H.li { H.link("#\(e.field)", e.message) } }
            }
        }
    }
}
