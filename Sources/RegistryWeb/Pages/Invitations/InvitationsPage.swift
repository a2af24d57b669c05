import ConsortCore
import ConsortWeb
import SQLKit

/// A practice's invitations to join federations, for its practice managers to answer.
package struct InvitationsPage: Sendable {
    package let practice: PracticeInfo
    /// Every invitation the practice has had, pending first.
    package let rows: [Invitations.Row]
    /// The registry at the page's date (for the federations' names).
    package let view: RegistryView

    package init(practice: PracticeInfo, rows: [Invitations.Row], view: RegistryView) {
        self.practice = practice
        self.rows = rows
        self.view = view
    }

    package static func load(_ practice: PracticeInfo, view: RegistryView, on db: any SQLDatabase) async throws
        -> InvitationsPage
    {
        InvitationsPage(
            practice: practice, rows: try await Invitations.of(practice: practice.code, on: db), view: view)
    }
}
