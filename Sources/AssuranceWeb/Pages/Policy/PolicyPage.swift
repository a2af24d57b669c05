import Assurance
import ConsortCore
import ConsortWeb
import Vapor

/// One policy: its rules at each level, with every source.
package struct PolicyPage: Sendable {
    package let policy: Policy

    package init(policy: Policy) {
        self.policy = policy
    }

    /// The policy called `name`; 404 when there is none.
    package static func load(_ name: String, app: Application) throws -> PolicyPage {
        do {
            return PolicyPage(policy: try app.policies.policy(named: name))
        } catch is BadParameter {
            throw Abort(.notFound, reason: "There is no policy called \(name). The policies page lists them.")
        }
    }
}
