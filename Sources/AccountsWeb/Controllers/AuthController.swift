import ConsortCore
import ConsortWeb
import Foundation
import Vapor

/// Signing in and out, and the account page.
package enum AuthController {
    package struct LoginForm: Content {
        package var username: String?
        package var password: String?
        package var next: String?

        package init(username: String? = nil, password: String? = nil, next: String? = nil) {
            self.username = username
            self.password = password
            self.next = next
        }
    }

    /// Where to go after signing in: a path of this site asked for, else the person's "Today"
    /// page, so that a link cannot send people elsewhere once signed in.
    package static func safeNext(_ next: String?) -> String {
        guard let next, isLocalPath(next) else { return AccountsURL.today.path }
        return next
    }

    /// Whether `text` is a path of this site and nothing a browser could read as another host:
    /// it starts with one `/`, has no backslash, control or format character, neither as written
    /// nor percent-decoded (browsers drop tabs and newlines, so `/\t/host` is `//host`), no
    /// whitespace as written, and parses as a URL with no scheme or host.
    package static func isLocalPath(_ text: String) -> Bool {
        guard text.utf8.count <= 2_048, let decoded = text.removingPercentEncoding,
            !text.unicodeScalars.contains(where: \.properties.isWhitespace)
        else { return false }
        for form in [text, decoded] {
            guard form.hasPrefix("/"), !form.hasPrefix("//"),
                !form.unicodeScalars.contains(where: {
                    $0 == "\\" || $0.properties.generalCategory == .control
                        || $0.properties.generalCategory == .format
                })
            else { return false }
        }
        guard let url = URLComponents(string: text), url.scheme == nil, url.host == nil, url.path.hasPrefix("/")
        else { return false }
        return true
    }

    @Sendable package static func loginForm(_ req: Request) async throws -> Response {
        if req.currentUser != nil { return req.redirect(to: safeNext(req.query[String.self, at: "next"])) }
        let session = try await req.ensureSession()
        return try await SignInPage(next: req.query[String.self, at: "next"])
            .render(PageContext(request: req, csrfToken: session.csrfToken)).encodeResponse(for: req)
    }

    @Sendable package static func login(_ req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let username = (form.username ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = form.password ?? ""
        let page = SignInPage(next: form.next, username: username)
        let context = PageContext(request: req, csrfToken: req.session_?.csrfToken ?? "")
        var errors: [(field: String, message: String)] = []
        if username.isEmpty { errors.append(("username", "Enter your username")) }
        if password.isEmpty { errors.append(("password", "Enter your password")) }
        if !errors.isEmpty {
            return try await page.render(context, errors: errors, status: .badRequest).encodeResponse(for: req)
        }
        let db = Store.sql(req.db)
        let address = req.clientAddress
        if let wait = try await LoginThrottle.retryAfter(username: username, address: address, on: db) {
            let minutes = (wait + 59) / 60
            let response = try await page.render(
                context,
                errors: [
                    (
                        "username",
                        "Too many failed attempts to sign in. Wait \(minutes) minute\(minutes == 1 ? "" : "s") and try "
                            + "again."
                    )
                ],
                status: .tooManyRequests
            ).encodeResponse(for: req)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(wait))
            return response
        }
        guard
            let user = try await Accounts.authenticate(
                username: username, password: password, bcryptCost: req.application.consortConfig.bcryptCost,
                on: db, threadPool: req.application.threadPool)
        else {
            try await LoginThrottle.recordFailure(username: username, address: address, on: db)
            return try await page.render(
                context, errors: [("password", "The username or password is not right")], status: .unauthorized
            ).encodeResponse(for: req)
        }
        try await LoginThrottle.clear(username: username, on: db)
        try await Sessions.deleteExpired(on: db)
        try await req.startSession(for: user)
        return req.redirect(to: safeNext(form.next), redirectType: .normal)
    }

    @Sendable package static func logout(_ req: Request) async throws -> Response {
        try await req.endSession()
        return req.redirect(to: "/", redirectType: .normal)
    }

    @Sendable package static func account(_ req: Request) async throws -> HTMLPage {
        let user = try req.requireUser()
        return try await renderAccount(
            req, user: user, errors: [], done: QueryReader(req: req).string("changed") == "1")
    }

    package static func renderAccount(
        _ req: Request, user: CurrentUser, errors: [(field: String, message: String)], done: Bool,
        status: HTTPStatus = .ok
    ) async throws -> HTMLPage {
        try await AccountPage.load(user, app: req.application)
            .render(PageContext(request: req), errors: errors, done: done, status: status)
    }

    @Sendable package static func changePassword(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        struct Form: Content {
            package var current: String?
            package var new: String?
        }
        let form = try req.content.decode(Form.self)
        let db = Store.sql(req.db)
        // Guessing the current password is limited exactly like guessing it at sign-in, and
        // counts against the same limits.
        if let wait = try await LoginThrottle.retryAfter(username: user.username, address: req.clientAddress, on: db) {
            let minutes = (wait + 59) / 60
            let response = try await renderAccount(
                req, user: user,
                errors: [
                    (
                        "current",
                        "Too many wrong passwords. Wait \(minutes) minute\(minutes == 1 ? "" : "s") and try again."
                    )
                ],
                done: false, status: .tooManyRequests
            ).encodeResponse(for: req)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(wait))
            return response
        }
        guard
            try await Accounts.authenticate(
                username: user.username, password: form.current ?? "",
                bcryptCost: req.application.consortConfig.bcryptCost,
                on: db, threadPool: req.application.threadPool) != nil
        else {
            try await LoginThrottle.recordFailure(username: user.username, address: req.clientAddress, on: db)
            return try await renderAccount(
                req, user: user, errors: [("current", "Your current password is not right")], done: false,
                status: .badRequest
            )
            .encodeResponse(for: req)
        }
        try await LoginThrottle.clear(username: user.username, on: db)
        do {
            try await Accounts.setPassword(
                username: user.username, password: form.new ?? "", bcryptCost: req.application.consortConfig.bcryptCost,
                actor: "user:\(user.username)", on: req.db)
        } catch let problem as Accounts.Problem {
            return try await renderAccount(
                req, user: user,
                errors: [("new", problem.description.prefix(1).uppercased() + problem.description.dropFirst())],
                done: false, status: .badRequest
            ).encodeResponse(for: req)
        }
        // Changing the password ended every session, this one included: start a new one.
        try await req.startSession(for: user)
        return req.redirect(to: SiteURL.account.path + "?changed=1", redirectType: .normal)
    }
}
