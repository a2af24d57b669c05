import ConsortWeb

/// The page after a vote or a response: what was done, and nothing of what was chosen.
package struct DonePage: Sendable {
    let heading: String
    let message: String

    package func render(_ ctx: PageContext) -> HTMLPage {
        Layout.page(heading, ctx, section: "elections") {
            H.div(.class("callout success"), .attr("role", "status")) {
                H.h1 { heading }
                H.p { message }
            }
            H.p { H.link(ElectionsURL.list.path, "Elections and surveys") }
        }
    }
}
