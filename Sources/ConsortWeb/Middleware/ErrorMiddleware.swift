import ConsortCore
import Vapor

/// Turns errors into answers: JSON `{"error": {"reason": …}}` under `/api/`, an HTML page
/// elsewhere, and a redirect to the sign-in page for a browser that needs to sign in.
package struct ConsortErrorMiddleware: AsyncMiddleware {
    package struct Body: Content {
        package struct Detail: Content {
            package let reason: String

            package init(reason: String) {
                self.reason = reason
            }
        }
        package let error: Detail

        package init(error: Detail) {
            self.error = error
        }
    }

    package func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: req)
        } catch {
            return await answer(error, for: req)
        }
    }

    package func answer(_ error: any Error, for req: Request) async -> Response {
        let status: HTTPStatus
        let reason: String
        var headers = HTTPHeaders()
        switch error {
        case let signIn as SignInRequired:
            if !req.isAPI {
                let response = req.redirect(
                    to: SiteURL.with(SiteURL.login.path, [("next", signIn.next)]), redirectType: .normal)
                if let cookie = req.storage[PendingCookieKey.self] { response.cookies[Sessions.cookieName] = cookie }
                return response
            }
            status = .unauthorized
            reason =
                "Sign in first: send the session cookie with an X-CSRF-Token header, or an API token as Authorization: "
                + "Bearer."
        case let denied as NotPermitted:
            status = .forbidden
            reason = denied.description
        case let abort as any AbortError:
            status = abort.status
            reason = abort.reason
            headers = abort.headers
        case let problem as Accounts.Problem:
            status = .badRequest
            reason = problem.description
        default:
            status = .internalServerError
            reason =
                "Something went wrong on the server. The error has been logged; try again, and if it keeps happening "
                + "tell your system administrator."
            req.logger.report(error: error)
        }
        if status == .notFound, reason == "Not Found", !req.isAPI {
            return page(
                status: status,
                reason: "There is no page at this address. Check the address, or start from the home page.", req: req)
        }
        let wantsJSON = req.headers.accept.contains {
            $0.mediaType.type == "application" && $0.mediaType.subType == "json"
        }
        if req.isAPI || wantsJSON {
            let response = Response(status: status, headers: headers)
            try? response.content.encode(Body(error: .init(reason: reason)))
            return response
        }
        let response = page(status: status, reason: reason, req: req)
        for (name, value) in headers where ["retry-after", "allow"].contains(name.lowercased()) {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        return response
    }

    package func page(status: HTTPStatus, reason: String, req: Request) -> Response {
        let ctx = PageContext(request: req)
        let title: String
        switch status.code {
        case 400: title = "There is a problem with the request"
        case 403: title = "You cannot do this"
        case 404: title = "Page not found"
        case 429: title = "Too many attempts"
        case 500...: title = "Sorry, there is a problem with the service"
        default: title = status.reasonPhrase
        }
        let html = Layout.page(title, ctx, status: status) {
            H.h1 { title }
            H.p(.class("lede")) { reason }
            H.p { H.link(SiteURL.home.path, "Go to the home page") }
        }
        let response = Response(
            status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: .init(string: html.html))
        if let cookie = req.storage[PendingCookieKey.self] { response.cookies[Sessions.cookieName] = cookie }
        return response
    }
}
