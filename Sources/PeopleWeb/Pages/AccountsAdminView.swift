import ConsortCore
import ConsortWeb
import Vapor

/// The accounts page and one account's page.
enum AccountsAdminView {
    static func describe(_ grants: [RoleGrant]) -> String {
        grants.map { g in g.scope.map { "\(g.role.label) (\($0))" } ?? g.role.label }.joined(separator: ", ")
    }

    static func list(_ table: DataTable, search: String, page: Int, total: Int, _ ctx: PageContext) -> HTMLPage {
        Layout.page("Accounts", ctx, section: "accounts") {
            H.h1 { "Accounts" }
            H.p(.class("lead")) {
                "Everyone who can sign in, with their roles. To give someone an account, find or add them under "
                    + "People and invite them: they choose their own password. Demo accounts are generated for trying "
                    + "Consort."
            }
            H.p { H.link(PeopleURL.people.path, "Go to People to invite someone") }
            H.form(.attr("method", "get"), .attr("action", PeopleURL.accounts.path), .class("filters")) {
                Layout.field("q", "Username or name contains", []) {
                    PeopleView.input("q", PeopleForm(), value: search)
                }
                H.button(.type("submit"), .class("button secondary")) { "Search" }
            }
            table.html(ctx, query: [("q", search)])
            if total > AccountsAdminController.pageSize {
                Layout.pagination(
                    ctx, page: page, pageSize: AccountsAdminController.pageSize, total: total, query: [("q", search)])
            }
        }
    }

    static func account(
        _ row: Accounts.AdminRow, grants: [RoleGrant], person: Directory.PersonRow?, form: PeopleForm,
        errors: FormErrors, link: String?, _ ctx: PageContext, status: HTTPStatus
    ) -> HTMLPage {
        let action = { (a: PeopleURL.AccountAction) in PeopleURL.accountAction(.value(row.id), a).path }
        let roleOptions = [("", "Choose a role")] + Role.allCases.map { ($0.rawValue, $0.label) }
        return Layout.page(
            row.username, ctx, crumbs: [.init(title: "Accounts", href: PeopleURL.accounts.path)], section: "accounts",
            status: status
        ) {
            Layout.errorSummary(errors)
            if let link {
                H.div(.class("callout success"), .attr("role", "status")) {
                    H.p {
                        "A link to set a new password has been made"
                            + (person?.email.map { " and will be emailed to \($0)" } ?? "")
                            + ". It works once, for 7 days, and is shown only now:"
                    }
                    H.p { H.el("code", []) { link } }
                }
            }
            H.h1 { row.username }
            Layout.summaryList([
                ("Name", .text(row.displayName + (row.isDemo ? " (demo account)" : ""))),
                ("Roles", .text(describe(grants))),
                (
                    "Person",
                    person.map { H.link(PeopleURL.person(.value($0.id)).path, "\($0.name) (person \($0.id))") }
                        ?? .text("Not linked to the directory")
                ),
                ("Status", .text(row.disabled ? "Disabled: cannot sign in" : "Active")),
                ("Created", .text(String(row.createdAt.prefix(10)))),
            ])
            H.h2 { "Status" }
            Layout.fieldError(errors, "status")
            H.form(.attr("method", "post"), .attr("action", action(row.disabled ? .enable : .disable)), .id("status")) {
                Layout.csrfField(ctx)
                H.button(.type("submit"), .class("button secondary")) {
                    row.disabled ? "Enable the account" : "Disable the account (ends its sessions)"
                }
            }
            H.h2 { "Roles" }
            H.p(.class("hint")) {
                "Practice manager and clinician roles are for a practice (its ODS code); federation manager for a "
                    + "federation or network; consortium officer for a consortium; LMC officer for a "
                    + "consortium or ICB. "
                    + "A change ends the account's sessions."
            }
            for grant in grants where grants.count > 1 {
                H.form(.attr("method", "post"), .attr("action", action(.revoke)), .class("inline-form")) {
                    Layout.csrfField(ctx)
                    H.input(.type("hidden"), .name("role"), .value(grant.role.rawValue))
                    H.input(.type("hidden"), .name("scope"), .value(grant.scope ?? ""))
                    H.button(.type("submit"), .class("button secondary")) { "Take away: \(describe([grant]))" }
                }
            }
            H.form(.attr("method", "post"), .attr("action", action(.grant)), .attr("novalidate", "")) {
                Layout.csrfField(ctx)
                Layout.field("role", "Give a role", errors) { PeopleView.select("role", form, roleOptions) }
                Layout.field("scope", "For (code)", hint: "Leave empty for administrator and public.", errors) {
                    PeopleView.input("scope", form, hint: true)
                }
                H.button(.type("submit"), .class("button secondary")) { "Give the role" }
            }
            H.h2 { "Password" }
            H.form(.attr("method", "post"), .attr("action", action(.reset))) {
                Layout.csrfField(ctx)
                H.p(.class("hint")) {
                    "Makes a single-use link, valid 7 days, with which the holder sets a new password; it is emailed "
                        + "to the linked person's work email when there is one. Administrators never see passwords."
                }
                H.button(.type("submit"), .class("button secondary")) { "Make a link to set a new password" }
            }
            H.h2 { "Person in the directory" }
            H.form(.attr("method", "post"), .attr("action", action(.link)), .attr("novalidate", "")) {
                Layout.csrfField(ctx)
                Layout.field(
                    "person", "Person number", hint: "From the person's page under People; empty to unlink.", errors
                ) {
                    PeopleView.input("person", form, value: row.personId.map(String.init), hint: true)
                }
                H.button(.type("submit"), .class("button secondary")) { "Link the account" }
            }
        }
    }
}
