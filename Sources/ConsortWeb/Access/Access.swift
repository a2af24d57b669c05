import ConsortCore
import Vapor

/// Who may use a route, declared where the route is registered and checked before its handler
/// decodes, validates, looks up or renders anything. A route cannot be registered without one
/// (`RoutesBuilder.on(_:_:access:use:)` is the only way routes are added), and the permission
/// matrix test reads every route's rule from the route table.
///
/// The check runs in three steps: a rule open to anyone passes; otherwise the caller must be
/// signed in (pages redirect to sign in, the API answers 401); then the caller must hold one of
/// the rule's roles (403, before anything is looked up); then, for a rule about an object named
/// in the path, the object's scope is loaded and checked against the caller's scopes. An object
/// the caller may not see answers 404 exactly as one that does not exist, so ids reveal nothing.
package struct Access: Sendable {
    /// The rule's name, e.g. `booking-editor`: what the route table and the matrix test show.
    package let name: String
    /// The roles that can ever pass; nil when anyone may, signed in or not. Empty means any
    /// signed-in account.
    package let roles: Set<Role>?
    /// The object-level check, given the signed-in caller; throws to refuse.
    package let object: (@Sendable (Request, CurrentUser) async throws -> Void)?
    /// Whether the token in the path is the credential (an emailed ballot, survey or invitation
    /// link): open to anyone, and its pages start a session (without an account) so that their
    /// forms carry a CSRF token in a browser that has never seen Consort.
    package let isLink: Bool

    package init(
        _ name: String, roles: Set<Role>?, object: (@Sendable (Request, CurrentUser) async throws -> Void)? = nil
    ) {
        self.name = name
        self.roles = roles
        self.object = object
        self.isLink = false
    }

    private init(link name: String) {
        self.name = name
        self.roles = nil
        self.object = nil
        self.isLink = true
    }

    /// A rule for the pages of an emailed link, whose token in the path is its own authority; the
    /// handler refuses an unknown, used or expired token before showing anything.
    package static func link(_ name: String) -> Access { Access(link: name) }

    /// Refuses the request unless the caller passes the rule.
    package func authorise(_ req: Request) async throws {
        guard let roles else { return }
        let user = try req.requireUser()
        if !roles.isEmpty, !roles.contains(where: user.holds) {
            throw NotPermitted(
                description: "Your account's roles do not include this. It is for: "
                    + Role.allCases.filter(roles.contains).map(\.label).joined(separator: ", ") + ".")
        }
        try await object?(req, user)
    }

    package static let anyone = Access("anyone", roles: nil)
    package static let signedIn = Access("signed-in", roles: [])
    /// Every role but `public`: the people who work in the NHS organisations Consort serves.
    package static let staff = Access("staff", roles: Set(Role.allCases).subtracting([.public]))
}

/// A route's entry in the route table: its method, path and access rule.
public struct RouteAccess: Sendable, Hashable {
    public let method: String
    /// The path as registered, with `:name` for parameters.
    public let path: String
    /// The access rule's name.
    public let rule: String
    /// The roles that can ever pass; nil when anyone may.
    public let roles: Set<Role>?

    package init(method: String, path: String, rule: String, roles: Set<Role>?) {
        self.method = method
        self.path = path
        self.rule = rule
        self.roles = roles
    }
}

extension Application {
    /// Every route with its access rule, for the permission matrix and the documentation. A
    /// route registered without a rule appears with the rule `undeclared`.
    public var routeTable: [RouteAccess] {
        routes.all.map { route in
            let access = route.userInfo["access"] as? Access
            return RouteAccess(
                method: route.method.rawValue, path: "/" + route.path.map(\.description).joined(separator: "/"),
                rule: access?.name ?? "undeclared", roles: access?.roles)
        }
    }
}

extension RoutesBuilder {
    /// Answers every path under `prefix` not otherwise routed (the API's "no such endpoint").
    package func catchAll<R: AsyncResponseEncodable>(
        under prefix: [PathComponent], access: Access,
        use handler: @escaping @Sendable (Request) async throws -> R
    ) {
        guardedRoute(.GET, prefix + [.catchall], access) { req in try await handler(req).encodeResponse(for: req) }
    }

    /// The one way a route is registered: `prepare` (which reads the path's format), then the
    /// access rule, then the text check, then the handler.
    @discardableResult
    func guardedRoute(
        _ method: HTTPMethod, _ path: [PathComponent], _ access: Access,
        prepare: @escaping @Sendable (Request) -> Void = { _ in },
        _ handler: @escaping @Sendable (Request) async throws -> Response
    ) -> Route {
        let route = on(method, path) { req async throws -> Response in
            prepare(req)
            if access.isLink { try req.application.linkLimiter.admit(req.clientAddress) }
            try await access.authorise(req)
            try TextCheck.refuseControlCharacters(in: req)
            if access.isLink, method == .GET { _ = try await req.ensureSession() }
            return try await handler(req)
        }
        route.userInfo["access"] = access
        return route
    }
}

/// Refuses text with control characters anywhere a request carries it: a NUL byte in a name
/// would otherwise reach the database (PostgreSQL refuses it) or a page.
package enum TextCheck {
    package static func refuseControlCharacters(in req: Request) throws {
        for (name, value) in FormEncoding.pairs(req.url.query ?? "") {
            try check(value, field: name, place: "query parameter")
            try check(name, field: name, place: "query parameter name")
        }
        for name in req.parameters.allNames {
            try check(req.parameters.get(name) ?? "", field: name, place: "address")
        }
        guard let body = req.body.string, !body.isEmpty else { return }
        if req.headers.contentType == .json {
            // Decoded strings: JSON escapes such as \u0000 are control characters too.
            guard let value = try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed])
            else { return }
            try walk(value, field: "")
        } else if req.headers.contentType == .urlEncodedForm {
            for (name, value) in FormEncoding.pairs(body) {
                try check(value, field: name, place: "form field")
                try check(name, field: name, place: "form field name")
            }
        }
    }

    private static func walk(_ value: Any, field: String) throws {
        switch value {
        case let text as String: try check(text, field: field.isEmpty ? "body" : field, place: "field")
        case let list as [Any]: for (i, item) in list.enumerated() { try walk(item, field: "\(field)[\(i)]") }
        case let object as [String: Any]:
            for (key, item) in object {
                let path = field.isEmpty ? key : "\(field).\(key)"
                try check(key, field: path, place: "field name")
                try walk(item, field: path)
            }
        default: return
        }
    }

    private static func check(_ text: String, field: String, place: String) throws {
        guard let scalar = InputText.control(in: text) else { return }
        let shown = String(field.unicodeScalars.filter { InputText.control(in: String($0)) == nil }.prefix(60))
        throw FieldProblem(
            field: shown,
            message:
                "the \(place) \(shown) contains the control character \(InputText.name(scalar)); remove it and send "
                + "again"
        )
    }
}
