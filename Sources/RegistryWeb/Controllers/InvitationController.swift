import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// A practice's invitations to join federations (for its practice managers to answer), and
/// answering or withdrawing one, as pages and as the API.
package enum InvitationController {
    /// `/practices/{code}/invitations`: every invitation the practice has had, pending first.
    @Sendable package static func practicePage(_ req: Request) async throws -> Response {
        let (index, view) = try await Scope.practice(req)
        let practice = view.practices[index]
        let rows = try await Invitations.of(practice: practice.code, on: Store.sql(req.db))
        let ctx = PageContext(request: req)
        let errors = QueryReader(req: req).string("error").map { [(field: "invitations", message: $0)] } ?? []
        return try await Layout.page(
            "Invitations to join federations", ctx,
            crumbs: [
                .init(title: "England", href: SiteURL.home.path),
                .init(title: practice.name, href: SiteURL.practice(practice.code)),
            ]
        ) {
            Layout.errorSummary(errors)
            H.h1 { "Invitations to join federations" }
            H.p(.class("lede")) {
                "\(practice.name) (\(practice.code)) joins a federation only when one of its practice managers "
                    + "accepts. "
                "Accepting records the membership from the date shown; declining records the answer. Both are in the "
                    + "audit log."
            }
            if rows.isEmpty { H.p(.class("hint")) { "No federation has invited this practice." } }
            for row in rows { card(row, view: view, ctx: ctx, answer: true) }
        }.encodeResponse(for: req)
    }

    /// One invitation, with its buttons: accept and decline for the practice, withdraw for the federation.
    package static func card(_ row: Invitations.Row, view: RegistryView, ctx: PageContext, answer: Bool) -> Node {
        let federation = view.groups[row.federationCode]?.name ?? row.federationCode
        let practice = view.practice(row.practiceCode)?.name ?? row.practiceCode
        let period = row.validTo.map { "from \(row.validFrom) to \($0)" } ?? "from \(row.validFrom)"
        return H.div(.class("panel"), .id("invitation-\(row.id)")) {
            H.h3(.class("panel-title")) {
                answer ? "\(federation) (\(row.federationCode))" : "\(practice) (\(row.practiceCode))"
            }
            Layout.summaryList([
                ("Membership", .text(period)),
                ("Invited by", .text("\(row.invitedBy) on \(row.invitedAt.prefix(10))")),
                (
                    "Answer",
                    .text(
                        row.status == "pending"
                            ? "Waiting"
                            : "\(row.status.capitalized) by \(row.decidedBy ?? "") on "
                                + "\(row.decidedAt?.prefix(10) ?? "")"
                    )
                ),
            ])
            if row.status == Invitations.Status.pending.rawValue {
                if answer {
                    H.form(
                        .attr("method", "post"), .attr("action", RegistryURL.invitation(.value(row.id), .accept).path),
                        .class("inline-form")
                    ) {
                        Layout.csrfField(ctx)
                        H.button(.type("submit"), .class("button")) { "Accept: join \(federation)" }
                    }
                    " "
                    H.form(
                        .attr("method", "post"), .attr("action", RegistryURL.invitation(.value(row.id), .decline).path),
                        .class("inline-form")
                    ) {
                        Layout.csrfField(ctx)
                        H.button(.type("submit"), .class("button secondary")) { "Decline" }
                    }
                } else {
                    H.form(
                        .attr("method", "post"),
                        .attr("action", RegistryURL.invitation(.value(row.id), .withdraw).path), .class("inline-form")
                    ) {
                        Layout.csrfField(ctx)
                        H.button(
                            .type("submit"), .class("button secondary"),
                            .aria("label", "Withdraw the invitation to \(practice)")
                        ) { "Withdraw" }
                    }
                }
            }
        }
    }

    /// Accept, decline or withdraw, then back to the page the button was on.
    package static func answer(_ req: Request, _ action: RegistryURL.InvitationAction) async throws -> Response {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        let row = try await Invitations.row(id, on: Store.sql(req.db))
        let back =
            action == .withdraw
            ? RegistryURL.editFederation(.value(row.federationCode)).path + "#invitations"
            : RegistryURL.practiceInvitations(.value(row.practiceCode)).path
        do {
            switch action {
            case .accept: try await Invitations.accept(id, by: user, app: req.application)
            case .decline: try await Invitations.decline(id, by: user, app: req.application)
            case .withdraw: try await Invitations.withdraw(id, by: user, app: req.application)
            }
        } catch let problem as FieldProblem {
            return req.redirect(
                to: SiteURL.with(back.replacingOccurrences(of: "#invitations", with: ""), [("error", problem.message)]),
                redirectType: .normal)
        }
        return req.redirect(to: back, redirectType: .normal)
    }

    // MARK: API

    @Sendable package static func apiList(_ req: Request) async throws -> [Invitations.Row] {
        let (index, view) = try await Scope.practice(req)
        return try await Invitations.of(practice: view.practices[index].code, on: Store.sql(req.db))
    }

    package static func apiAnswer(_ req: Request, _ action: RegistryURL.InvitationAction) async throws
        -> Invitations.Row
    {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        switch action {
        case .accept: try await Invitations.accept(id, by: user, app: req.application)
        case .decline: try await Invitations.decline(id, by: user, app: req.application)
        case .withdraw: try await Invitations.withdraw(id, by: user, app: req.application)
        }
        return try await Invitations.row(id, on: Store.sql(req.db))
    }
}
