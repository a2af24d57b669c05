import Vapor

/// Finds the request's session (cookie) or API token (`Authorization: Bearer …`) and signs the
/// account in for the request; sets any new session cookie on the way out.
package struct SessionMiddleware: AsyncMiddleware {
    package let config: AppConfig

    package func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let db = Store.sql(req.db)
        if let bearer = req.headers.bearerAuthorization {
            guard let user = try await Accounts.user(forToken: bearer.token, on: db) else {
                throw Abort(.unauthorized, reason: "The API token is not valid or its account is disabled.")
            }
            req.auth.login(user)
            req.storage[BearerKey.self] = true
        } else if let token = req.cookies[Sessions.cookieName]?.string, !token.isEmpty {
            if let session = try await Sessions.find(token: token, lifetime: config.sessionLifetime, on: db) {
                req.storage[SessionKey.self] = session
                if let user = session.user { req.auth.login(user) }
            } else {
                req.storage[PendingCookieKey.self] = Sessions.expiredCookie(secure: config.secureCookies)
            }
        }
        let response = try await next.respond(to: req)
        if let cookie = req.storage[PendingCookieKey.self] {
            response.cookies[Sessions.cookieName] = cookie
        }
        return response
    }

    package init(config: AppConfig) {
        self.config = config
    }
}

extension Request {
    /// The request's session, created (without an account) if it has none, so that a form can
    /// carry a CSRF token before anyone signs in.
    package func ensureSession() async throws -> SessionInfo {
        if let session = session_ { return session }
        let config = application.consortConfig
        let (token, info) = try await Sessions.create(userID: nil, lifetime: config.sessionLifetime, on: Store.sql(db))
        storage[SessionKey.self] = info
        storage[PendingCookieKey.self] = Sessions.cookie(
            token: token, lifetime: config.sessionLifetime, secure: config.secureCookies)
        return info
    }

    /// Replaces the session with a new one for `user` (a new token defeats session fixation).
    package func startSession(for user: CurrentUser) async throws {
        let config = application.consortConfig
        let db = Store.sql(self.db)
        if let old = session_ { try await Sessions.delete(id: old.id, on: db) }
        let (token, info) = try await Sessions.create(userID: user.id, lifetime: config.sessionLifetime, on: db)
        storage[SessionKey.self] = info
        auth.login(user)
        storage[PendingCookieKey.self] = Sessions.cookie(
            token: token, lifetime: config.sessionLifetime, secure: config.secureCookies)
    }

    package func endSession() async throws {
        if let session = session_ { try await Sessions.delete(id: session.id, on: Store.sql(db)) }
        storage[SessionKey.self] = nil
        auth.logout(CurrentUser.self)
        storage[PendingCookieKey.self] = Sessions.expiredCookie(secure: application.consortConfig.secureCookies)
    }

    /// The client's address, from `X-Forwarded-For` when `CONSORT_TRUST_PROXY=1`.
    package var clientAddress: String {
        if application.consortConfig.trustProxy,
            let forwarded = headers.first(name: "X-Forwarded-For")?.split(separator: ",").first
        {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return remoteAddress?.ipAddress ?? "unknown"
    }
}

/// Refuses any state-changing request that does not carry the session's CSRF token, in the
/// form field `_csrf` or the `X-CSRF-Token` header (as it is or masked, see
/// `Tokens.masked`). Requests authenticated with an API token
/// carry no cookie and so cannot be forged by another site; they are exempt.
package struct CSRFMiddleware: AsyncMiddleware {
    package static let field = "_csrf"
    /// The largest upload (an NHS file: the ODS practices file is about 3 MB, the totals 1 MB).
    package static let uploadLimit = 64 << 20

    package func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard [.POST, .PUT, .PATCH, .DELETE].contains(req.method), !req.isBearerAuthenticated else {
            return try await next.respond(to: req)
        }
        var provided = req.headers.first(name: "X-CSRF-Token")
        if provided == nil, let type = req.headers.contentType, type == .urlEncodedForm || type == .formData {
            // Forms are small; only an administrator's upload of NHS files (multipart) may be large,
            // and only a signed-in administrator's request is read that far.
            let large = type == .formData && req.session_?.user?.isAdministrator == true
            _ = try await req.body.collect(max: large ? CSRFMiddleware.uploadLimit : 1 << 20).get()
            if type == .urlEncodedForm {
                // Only the token's own field is decoded, not a pasted megabyte beside it.
                provided = req.body.string.flatMap { FormEncoding.firstValue(of: CSRFMiddleware.field, in: $0) }
            } else {
                provided = try? req.content.get(String.self, at: CSRFMiddleware.field)
            }
        }
        guard let expected = req.session_?.csrfToken, let provided, Tokens.matches(expected, provided) else {
            throw Abort(
                .forbidden,
                reason:
                    "This form has expired or did not come from Consort (its security token is missing or wrong). Go "
                    + "back, reload the page and try again."
            )
        }
        return try await next.respond(to: req)
    }
}

/// Headers that keep pages from being framed, sniffed or leaking addresses, and a content
/// security policy that allows only Consort's own styles and no scripts from elsewhere.
package struct SecurityHeadersMiddleware: AsyncMiddleware {
    package func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: req)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(
            name: "Content-Security-Policy",
            value:
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors "
                + "'none'; form-action 'self'; base-uri 'none'"
        )
        return response
    }
}
