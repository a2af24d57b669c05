import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// A person of the directory, for an officer who keeps them: details, roles (with leavers),
/// credentials, their account or invitations, and where else they appear.
package struct PersonPage: Sendable {
    package let person: Directory.PersonRow
    package let roles: [Directory.RoleRow]
    package let credentials: [Directory.CredentialRow]
    package let account: Directory.AccountRow?
    package let invitations: [Invitations.Row]
    package let panels: [GroupSection.Content]
    package let managed: Set<String>?
    package let view: RegistryView
    /// A link just made, shown once (it is not stored).
    /// Set just after an invitation is sent, to say where it went.
    package var invitedTo: String? = nil

    package static func load(_ id: Int64, _ req: Request, user: CurrentUser) async throws -> PersonPage {
        let db = Store.sql(req.db)
        let person = try await Directory.require(id, on: db)
        let view = try await req.registryView(at: Day.today())
        var panels: [GroupSection.Content] = []
        for feature in req.application.features {
            panels += try await feature.personPanels?(id, req.application) ?? []
        }
        return PersonPage(
            person: person, roles: try await Directory.roles([id], on: db),
            credentials: try await Directory.credentials([id], on: db),
            account: try await Directory.account(of: id, on: db),
            invitations: try await Invitations.of(person: id, on: db),
            panels: panels, managed: Directory.managedCodes(user, view: view), view: view)
    }

    package func tables() -> [DataTable] {
        let today = Day.today()
        return [
            PeopleView.rolesTable(roles, view: view, today: today),
            PeopleView.credentialsTable(credentials, today: today),
        ]
            + panels.flatMap(\.tables)
    }

    /// The grants an officer can offer: clinician at a practice they keep, their own roles, or self-service.
    func grantOptions(_ user: CurrentUser?) -> [(String, String)] {
        var out: [(String, String)] = [("", "Choose what the account may do"), ("public|", "Self-service only")]
        let today = Day.today()
        let practices = Set(
            roles.filter { $0.isActive(on: today) && view.index[$0.organisationCode] != nil }.map(\.organisationCode))
        for code in practices.sorted() where managed?.contains(code) ?? true {
            out.append(("clinician|\(code)", "Clinician at \(PeopleView.organisation(code, view).0)"))
        }
        for grant in user?.grants ?? [] where grant.scope != nil && grant.role != .clinician {
            out.append(("\(grant.role.rawValue)|\(grant.scope!)", "\(grant.role.label) for \(grant.scope!)"))
        }
        return out
    }

    package func render(_ ctx: PageContext, form: PeopleForm, errors: FormErrors, status: HTTPStatus = .ok)
        -> HTMLPage
    {
        let today = Day.today()
        let base = PeopleURL.self
        let crumbs = [Layout.Crumb(title: "People", href: base.people.path)]
        return Layout.page(person.name, ctx, crumbs: crumbs, section: "people", status: status) {
            Layout.errorSummary(errors)
            if let invitedTo {
                H.div(.class("callout success"), .attr("role", "status")) {
                    H.p {
                        "The invitation has been emailed to \(invitedTo), the work email recorded for \(person.name). "
                            + "The link goes only there: only the person can use it."
                    }
                }
            }
            for warning in PeopleView.credentialWarnings(credentials, today: today) {
                H.div(.class("callout warning"), .attr("role", "status")) { H.p { warning } }
            }
            H.h1 {
                person.name
                if person.isDemo {
                    " "
                    H.span(.class("tag demo")) { "demo" }
                }
            }
            Layout.summaryList([
                ("GMC number", .text(person.gmcNumber ?? "–")), ("NMC PIN", .text(person.nmcPin ?? "–")),
                ("Work email", .text(person.email ?? "–")), ("Phone", .text(person.phone ?? "–")),
                (
                    "Hub sessions a month",
                    .text(person.monthlyLimit.map { "At most \($0), across every federation" } ?? "No overall limit")
                ),
                ("Account", .text(account.map { "\($0.username)\($0.disabled ? " (disabled)" : "")" } ?? "None")),
            ])
            H.el(
                "details",
                errors.contains { ["name", "gmc", "nmc", "email", "phone", "monthly_limit"].contains($0.field) }
                    ? [.attr("open", "")] : []
            ) {
                H.summary { "Change the details" }
                PeopleView.detailsForm(
                    base.personAction(.value(person.id), .details).path, person, form, errors, ctx, limit: true)
            }
            H.h2(.id("roles-heading")) { "Roles" }
            PeopleView.rolesTable(roles, view: view, today: today).html(ctx)
            for r in roles where r.validTo == nil && (managed?.contains(r.organisationCode) ?? true) {
                H.form(
                    .attr("method", "post"), .attr("action", base.personAction(.value(person.id), .endRole).path),
                    .class("inline-form"), .attr("novalidate", "")
                ) {
                    Layout.csrfField(ctx)
                    H.input(.type("hidden"), .name("role_id"), .value(String(r.id)))
                    Layout.field("end-role-\(r.id)", "\(r.label) at \(r.organisationCode) ended on (a leaver)", errors)
                    {
                        PeopleView.input("end-role-\(r.id)", form, type: "date")
                    }
                    H.button(.type("submit"), .class("button secondary")) { "End the role" }
                }
            }
            H.el(
                "details",
                errors.contains { ["organisation", "role", "from", "to", "title"].contains($0.field) }
                    ? [.attr("open", "")] : []
            ) {
                H.summary { "Add a role" }
                H.form(
                    .attr("method", "post"), .attr("action", base.personAction(.value(person.id), .roles).path),
                    .attr("novalidate", "")
                ) {
                    Layout.csrfField(ctx)
                    Layout.field("organisation", "Organisation (ODS or group code)", errors) {
                        PeopleView.input("organisation", form)
                    }
                    Layout.field("role", "Role", errors) { PeopleView.select("role", form, PeopleView.roleOptions()) }
                    Layout.field("title", "Job title (optional)", errors) { PeopleView.input("title", form) }
                    Layout.field("from", "From", errors) { PeopleView.input("from", form, type: "date") }
                    Layout.field("to", "To (if it has ended)", errors) { PeopleView.input("to", form, type: "date") }
                    H.button(.type("submit"), .class("button secondary")) { "Add the role" }
                }
            }
            H.h2 { "Credentials" }
            PeopleView.credentialsTable(credentials, today: today).html(ctx)
            H.el(
                "details",
                errors.contains { ["credential", "label", "reference", "issued_on", "expires_on"].contains($0.field) }
                    ? [.attr("open", "")] : []
            ) {
                H.summary { "Record a credential" }
                PeopleView.credentialForm(base.personAction(.value(person.id), .credentials).path, form, errors, ctx)
            }
            H.h2 { "Account" }
            if let account {
                H.p {
                    "\(person.name) signs in as \(account.username)"
                        + (account.disabled ? "; the account is disabled." : ".")
                }
            } else {
                if let open = invitations.first(where: { $0.isOpen(at: Date()) }) {
                    H.p {
                        "Invited by \(open.createdBy) on \(open.createdAt.prefix(10)) as "
                            + "\(open.grant.map { $0.role.label } ?? "–"); the link works until "
                            + "\(Day(ordinal: Int(open.expiresAt / 86_400)).long)."
                    }
                } else if !invitations.isEmpty {
                    H.p(.class("hint")) { "Earlier invitations have expired or been replaced." }
                }
                H.form(
                    .attr("method", "post"), .attr("action", base.personAction(.value(person.id), .invite).path),
                    .attr("novalidate", "")
                ) {
                    Layout.csrfField(ctx)
                    Layout.field("grant", "What the account may do", errors) {
                        PeopleView.select("grant", form, grantOptions(ctx.user))
                    }
                    H.p(.class("hint")) {
                        person.email.map { "The link is emailed to \($0), the work email recorded." }
                            ?? "Record \(person.name)'s work email first: the link is emailed only there."
                    }
                    H.button(.type("submit"), .class("button")) {
                        invitations.isEmpty ? "Invite them" : "Send a new invitation"
                    }
                }
            }
            for panel in panels {
                if let heading = panel.heading { H.h2 { heading } }
                if let hint = panel.hint { H.p(.class("hint")) { hint } }
                for table in panel.tables { table.html(ctx) }
                if !panel.links.isEmpty { H.ul { for link in panel.links { H.li { H.link(link.href, link.text) } } } }
            }
        }
    }
}
