import ConsortCore
import ConsortWeb
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

    /// Only local paths are followed after signing in, so the form cannot send people elsewhere.
    package static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\") else { return "/" }
        return next
    }

    @Sendable package static func loginForm(_ req: Request) async throws -> Response {
        if req.currentUser != nil { return req.redirect(to: safeNext(req.query[String.self, at: "next"])) }
        let session = try await req.ensureSession()
        return try await render(
            req, csrf: session.csrfToken, next: req.query[String.self, at: "next"], username: "", errors: []
        )
        .encodeResponse(for: req)
    }

    package static func render(
        _ req: Request, csrf: String, next: String?, username: String, errors: [(field: String, message: String)],
        status: HTTPStatus = .ok
    ) -> HTMLPage {
        let context = PageContext(request: req, csrfToken: csrf)
        return Layout.page("Sign in", context, status: status) {
            Layout.errorSummary(errors)
            H.h1 { "Sign in" }
            H.p {
                "Signing in lets you record federations and their members, and do the work your role allows. "
                    + "Everything else in Consort is open to read without an account."
            }
            H.form(.attr("method", "post"), .attr("action", SiteURL.login.path), .attr("novalidate", "")) {
                Layout.csrfField(context)
                H.input(.type("hidden"), .name("next"), .value(safeNext(next)))
                H.div(.class("field")) {
                    H.label(.for("username")) { "Username" }
                    H.input(
                        .type("text"), .id("username"), .name("username"), .value(username),
                        .attr("autocomplete", "username"),
                        .attr("autocapitalize", "none"), .attr("spellcheck", "false"))
                }
                H.div(.class("field")) {
                    H.label(.for("password")) { "Password" }
                    H.input(
                        .type("password"), .id("password"), .name("password"), .attr("autocomplete", "current-password")
                    )
                }
                H.button(.type("submit"), .class("button")) { "Sign in" }
            }
            H.p(.class("hint")) {
                "Accounts are created by your system administrator. To try Consort, start it with --demo: it prints a "
                    + "demo account for each role."
            }
        }
    }

    @Sendable package static func login(_ req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let username = (form.username ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = form.password ?? ""
        let csrf = req.session_?.csrfToken ?? ""
        var errors: [(field: String, message: String)] = []
        if username.isEmpty { errors.append(("username", "Enter your username")) }
        if password.isEmpty { errors.append(("password", "Enter your password")) }
        if !errors.isEmpty {
            return try await render(
                req, csrf: csrf, next: form.next, username: username, errors: errors, status: .badRequest
            ).encodeResponse(for: req)
        }
        let db = Store.sql(req.db)
        let address = req.clientAddress
        if let wait = try await LoginThrottle.retryAfter(username: username, address: address, on: db) {
            let minutes = (wait + 59) / 60
            let response = try await render(
                req, csrf: csrf, next: form.next, username: username,
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
            return try await render(
                req, csrf: csrf, next: form.next, username: username,
                errors: [("password", "The username or password is not right")], status: .unauthorized
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
        let context = PageContext(request: req)
        let notices = try await req.application.notices(for: user)
        return Layout.page("Your account", context, status: status) {
            Layout.errorSummary(errors)
            if done {
                H.div(.class("callout success"), .attr("role", "status")) { H.p { "Your password has been changed." } }
            }
            for notice in notices {
                H.div(.class("callout warning"), .attr("role", "status")) {
                    H.p {
                        H.strong { notice.lead + " " }
                        H.link(notice.href, notice.text)
                    }
                }
            }
            H.h1 { "Your account" }
            Layout.summaryList([
                ("Name", .text(user.displayName)),
                ("Username", .text(user.username)),
                (
                    "Roles",
                    H.ul {
                        for grant in user.grants {
                            H.li {
                                grant.role.label
                                if let scope = grant.scope {
                                    " for "
                                    H.link(SiteURL.group(scope), scope)
                                }
                            }
                        }
                    }
                ),
                ("Demo account", .text(user.isDemo ? "Yes: generated for trying Consort; not a real person" : "No")),
            ])
            H.h2 { "Change your password" }
            H.form(.attr("method", "post"), .attr("action", AccountsURL.accountPassword.path), .attr("novalidate", ""))
            {
                Layout.csrfField(context)
                H.div(.class("field")) {
                    H.label(.for("current")) { "Current password" }
                    H.input(
                        .type("password"), .id("current"), .name("current"), .attr("autocomplete", "current-password"))
                }
                H.div(.class("field")) {
                    H.label(.for("new")) { "New password" }
                    H.span(.class("hint"), .id("new-hint")) {
                        "At least 12 characters. A few unrelated words make a strong one."
                    }
                    H.input(
                        .type("password"), .id("new"), .name("new"), .attr("autocomplete", "new-password"),
                        .aria("describedby", "new-hint"))
                }
                H.button(.type("submit"), .class("button")) { "Change password" }
            }
        }
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
