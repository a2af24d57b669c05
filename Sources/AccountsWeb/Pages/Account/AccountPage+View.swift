import ConsortCore
import ConsortWeb
import Vapor

extension AccountPage {
    /// `done`: the password has just been changed.
    package func render(
        _ context: PageContext, errors: [(field: String, message: String)] = [], done: Bool = false,
        status: HTTPStatus = .ok
    ) -> HTMLPage {
        Layout.page("Your account", context, status: status) {
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
}
