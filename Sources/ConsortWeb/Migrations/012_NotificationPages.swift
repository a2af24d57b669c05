import Fluent
import SQLKit

/// A notification's page in Consort (`notifications.page`), apart from the link its email
/// carries: a ballot's email holds a single-use link with its secret, which the app never shows,
/// so without a page of its own the notification linked nowhere. Earlier rows keep no page and
/// are shown with their link where it holds no secret, as before.
package struct NotificationPages: AsyncMigration {
    package func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("ALTER TABLE notifications ADD COLUMN page VARCHAR(300)").run()
    }

    package func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("ALTER TABLE notifications DROP COLUMN page").run()
    }
}
