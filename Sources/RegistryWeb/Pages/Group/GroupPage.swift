import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// One group's page: what it is, its members at the date, their sizes, a map, its membership
/// history, and the panels other capabilities add (extended access, governance).
package struct GroupPage: Sendable {
    package typealias Section = (place: GroupSection.Place, content: GroupSection.Content)

    package static let membersPerPage = 50

    package let group: GroupInfo
    /// The registry at the page's date.
    package let view: RegistryView
    /// The group's membership changes (for the page), or every membership it has had (for CSV).
    package let history: [GroupHistory.Change]
    /// Whether the reader may edit the group (a federation they manage).
    package let canEdit: Bool
    /// The page of members shown.
    package let page: Int
    /// The panels of the capabilities that add to a group's page.
    package let sections: [Section]
    /// The names the group had before its current one.
    package let formerNames: [FormerName]
    /// Practices that came from or went to other groups of its kind (mergers and splits).
    package let lineage: [GroupLineage.Flow]

    package init(
        group: GroupInfo, view: RegistryView, history: [GroupHistory.Change], canEdit: Bool, page: Int = 1,
        sections: [Section] = [], formerNames: [FormerName] = [], lineage: [GroupLineage.Flow] = []
    ) {
        self.formerNames = formerNames
        self.lineage = lineage
        self.group = group
        self.view = view
        self.history = history
        self.canEdit = canEdit
        self.page = page
        self.sections = sections
    }

    /// The group with `code` at the view's date; 404 when the registry has never held it.
    package static func group(_ code: String, in view: RegistryView) throws -> GroupInfo {
        guard let group = view.groups[code] else {
            throw Abort(
                .notFound,
                reason:
                    "There is no group with the code \(code) in the registry. Browse the lists of networks, consortia "
                    + "and federations to find it."
            )
        }
        return group
    }

    /// Loads the group's history: its changes for the page, or with `everyMembership` (CSV)
    /// every membership it has had.
    package static func load(
        _ group: GroupInfo, view: RegistryView, canEdit: Bool, page: Int, sections: [Section],
        everyMembership: Bool = false, on db: any SQLDatabase
    ) async throws -> GroupPage {
        let history = try await GroupHistory.changes(of: group.code, on: db, changesOnly: !everyMembership)
        return GroupPage(
            group: group, view: view, history: history, canEdit: canEdit, page: page, sections: sections,
            formerNames: try await FormerName.of(group.code, on: db),
            lineage: try await GroupLineage.flows(of: group.code, on: db))
    }
}
