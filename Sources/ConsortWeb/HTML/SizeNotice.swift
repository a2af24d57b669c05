import ConsortCore

extension Layout {
    /// Says how old the list sizes behind a page's patient figures are: a hint with their date
    /// when they are current, a warning naming how many practices and patients are affected,
    /// and how old they are, when some are missing or older than the memberships.
    package static func sizeNotice(_ status: ListSizeStatus, more: [String] = []) -> Node {
        let warnings = status.warnings
        guard !warnings.isEmpty else {
            return H.p(.class("hint")) {
                "Patient figures: registered patients \(status.asAt). "
                H.a(SiteURL.sources.path) { "Sources of the registry" }
            }
        }
        return H.div(.class("callout warning"), .attr("role", "status")) {
            H.p { H.strong { "These patient figures are not current." } }
            for sentence in warnings + more { H.p { sentence } }
            H.p { H.a(SiteURL.sources.path) { "Sources of the registry" } }
        }
    }
}

extension RegistryView {
    /// The list sizes of some practices of the view (all by default, computed once with the view).
    package func sizeStatus(of members: [Int]? = nil) -> ListSizeStatus {
        members.map { configuration.sizeStatus(of: $0) } ?? listSizes
    }
}

extension Layout {
    /// A panel a capability adds to a page (a group's page, a person's "Today"): its heading,
    /// hint, tables (captions hidden under a heading that says the same) and links.
    package static func section(_ section: GroupSection.Content, _ ctx: PageContext) -> Node {
        let hideCaption = section.heading != nil && section.tables.count == 1
        return .fragment([
            section.heading.map { heading in H.h2 { heading } } ?? .empty,
            section.hint.map { hint in H.p(.class("hint")) { hint } } ?? .empty,
            .fragment(section.tables.map { $0.html(ctx, captionHidden: hideCaption) }),
            .fragment(section.links.map { link in H.p { H.link(link.href, link.text) } }),
        ])
    }
}
