import ConsortWeb
import Vapor

/// The signed-in person's account: who they are, their roles, what waits for them (the
/// capabilities' notices), and the form to change their password.
package struct AccountPage: Sendable {
    package let user: CurrentUser
    /// What the capabilities ask the person to act on (invitations to answer…).
    package let notices: [Notice]

    package init(user: CurrentUser, notices: [Notice] = []) {
        self.user = user
        self.notices = notices
    }

    package static func load(_ user: CurrentUser, app: Application) async throws -> AccountPage {
        AccountPage(user: user, notices: try await app.notices(for: user))
    }
}
