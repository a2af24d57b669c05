import ConsortCore
import ConsortWeb
import SQLKit

/// The form that records a federation, or edits one with its members and invitations.
package struct FederationPage: Sendable {
    /// The federation edited; nil when recording a new one.
    package let group: GroupInfo?
    /// Every membership the federation has had.
    package let members: [GroupHistory.Change]
    /// The invitations the federation has sent, newest first.
    package let invitations: [Invitations.Row]
    /// The registry today (for the invited practices' names); nil when recording a new one.
    package let view: RegistryView?

    package init(
        group: GroupInfo?, members: [GroupHistory.Change] = [], invitations: [Invitations.Row] = [],
        view: RegistryView? = nil
    ) {
        self.group = group
        self.members = members
        self.invitations = invitations
        self.view = view
    }

    /// The form for a new federation.
    package static let new = FederationPage(group: nil)

    /// The federation's memberships and invitations.
    package static func load(_ group: GroupInfo, view: RegistryView, on db: any SQLDatabase) async throws
        -> FederationPage
    {
        FederationPage(
            group: group, members: try await GroupHistory.changes(of: group.code, on: db),
            invitations: try await Invitations.of(federation: group.code, on: db), view: view)
    }
}
