import Assurance
import ConsortCore
import ConsortWeb
import Vapor

/// The policies installed, from the policy folder.
package struct PoliciesPage: Sendable {
    package let policies: [Policy]

    package init(policies: [Policy]) {
        self.policies = policies
    }

    package static func load(app: Application) throws -> PoliciesPage {
        PoliciesPage(policies: try app.policies.allPolicies())
    }
}

extension PoliciesPage {
    package func render(_ ctx: PageContext) -> HTMLPage {
        Layout.page(
            "Policies", ctx, crumbs: [.init(title: "Assurance", href: AssuranceURL.assurance.path)],
            section: "assurance"
        ) {
            H.h1 { "Policies" }
            H.p(.class("lede")) {
                "The rules Consort checks configurations against. Each is a TOML file in the policies folder; copy "
                    + "one, edit it and check it with consort check --policy FILE."
            }
            DataTable(
                id: "policies", caption: "Policies",
                columns: [
                    .init(title: "Name"), .init(title: "Title"), .init(title: "Version"), .init(title: "Levels"),
                ],
                rows: policies.map { p in
                    [
                        .link(p.name, SiteURL.policy(p.name)), .text(p.title), .text(p.version),
                        .text(p.levels.map(\.level.rawValue).joined(separator: ", ")),
                    ]
                }, fileName: "policies.csv"
            ).html(ctx, captionHidden: true)
        }
    }
}
