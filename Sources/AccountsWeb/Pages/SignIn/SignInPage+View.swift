import ConsortCore
import ConsortWeb
import Vapor

extension SignInPage {
    /// `context` carries the session's CSRF token (a session starts before signing in).
    package func render(
        _ context: PageContext, errors: [(field: String, message: String)] = [], status: HTTPStatus = .ok
    ) -> HTMLPage {
        Layout.page("Sign in", context, status: status) {
            Layout.errorSummary(errors)
            H.h1 { "Sign in" }
            H.p {
                "Signing in lets you record federations and their members, and do the work your role allows. "
                    + "Everything else in Consort is open to read without an account."
            }
            H.form(.attr("method", "post"), .attr("action", SiteURL.login.path), .attr("novalidate", "")) {
                Layout.csrfField(context)
                H.input(.type("hidden"), .name("next"), .value(AuthController.safeNext(next)))
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
}
