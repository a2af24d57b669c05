import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// Using an invitation or a password-reset link: the form to choose a username and password,
/// and signing the person in once the account is ready.
package enum InvitationController {
    /// The link's invitation, or the page that says it no longer works (410), checked before
    /// anything else is shown.
    static func open(_ req: Request) async throws -> Invitations.Row {
        let token = req.parameters.get("token") ?? ""
        guard let row = try await Invitations.find(token: token, on: Store.sql(req.db)), row.isOpen(at: Date()) else {
            throw Abort(
                .gone,
                reason:
                    "This link has expired, has been used, or was replaced by a newer one. Ask whoever sent it for a "
                    + "new link.")
        }
        return row
    }

    @Sendable package static func form(_ req: Request) async throws -> Response {
        let row = try await open(req)
        let name = try await row.personId.mapAsync { try await Directory.person($0, on: Store.sql(req.db))?.name }
        return try await InvitationPage(row: row, personName: name ?? nil).render(
            PageContext(request: req), form: PeopleForm(), errors: []
        ).encodeResponse(for: req)
    }

    @Sendable package static func accept(_ req: Request) async throws -> Response {
        let row = try await open(req)
        let form = try req.content.decode(PeopleForm.self)
        do {
            guard (form["password"] ?? "") == (form["confirm"] ?? "") else {
                throw FieldProblem(field: "confirm", message: "The two passwords differ; type the same one twice")
            }
            let (id, _) = try await Invitations.accept(
                token: req.parameters.get("token") ?? "", username: form["username"], password: form["password"] ?? "",
                app: req.application)
            guard let user = try await Accounts.user(id: id, on: Store.sql(req.db)) else { throw Abort(.gone) }
            try await req.startSession(for: user)
            return req.redirect(to: (user.personID == nil ? SiteURL.account.path : PeopleURL.me.path) + "?welcome=1")
        } catch {
            guard let errors = FieldProblem.formErrors(error) else { throw error }
            let name = try await row.personId.mapAsync { try await Directory.person($0, on: Store.sql(req.db))?.name }
            var kept = form
            kept.values["password"] = nil
            kept.values["confirm"] = nil
            return try await InvitationPage(row: row, personName: name ?? nil).render(
                PageContext(request: req), form: kept, errors: errors, status: FieldProblem.status(error)
            ).encodeResponse(for: req)
        }
    }
}

/// The page behind an invitation or reset link.
struct InvitationPage {
    let row: Invitations.Row
    let personName: String?

    func render(_ ctx: PageContext, form: PeopleForm, errors: FormErrors, status: HTTPStatus = .ok) -> HTMLPage {
        let invite = row.kind == Invitations.Kind.invite.rawValue
        let title = invite ? "Set up your Consort account" : "Set a new password"
        let invitedAs =
            row.grant.map { grant in
                grant.role == .public
                    ? "a member with self-service only"
                    : grant.role.label.lowercased() + (grant.scope.map { " for \($0)" } ?? "")
            } ?? "a member"
        return Layout.page(title, ctx, status: status) {
            Layout.errorSummary(errors)
            H.h1 { title }
            if invite {
                H.p(.class("lead")) {
                    "\(personName ?? "You") — you were invited by \(row.createdBy) as \(invitedAs)."
                }
                H.p {
                    "Once your account is set up you can keep your declarations of interest, your availability for hub "
                        + "sessions and your credentials up to date yourself."
                }
            }
            H.form(.attr("method", "post"), .attr("action", ctx.path), .attr("novalidate", "")) {
                Layout.csrfField(ctx)
                if invite {
                    Layout.field(
                        "username", "Choose a username",
                        hint: "3 to 40 lower-case letters, digits, '.', '-' or '_', e.g. jane.smith", errors
                    ) { PeopleView.input("username", form, autocomplete: "username", hint: true) }
                }
                Layout.field(
                    "password", "Password", hint: "At least 12 characters. A few unrelated words make a strong one.",
                    errors
                ) { PeopleView.input("password", form, type: "password", autocomplete: "new-password", hint: true) }
                Layout.field("confirm", "The same password again", errors) {
                    PeopleView.input("confirm", form, type: "password", autocomplete: "new-password")
                }
                H.button(.type("submit"), .class("button")) { invite ? "Set up my account" : "Set the password" }
            }
        }
    }
}
