import ConsortCore
import ConsortWeb
import Vapor

extension InvitationsPage {
    package func render(_ ctx: PageContext, errors: [(field: String, message: String)] = []) -> HTMLPage {
        Layout.page(
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
            for row in rows { Self.card(row, view: view, ctx: ctx, answer: true) }
        }
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
}
