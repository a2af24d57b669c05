import Fluent
import SQLKit

/// Hubs close on England's bank holidays unless they say they open.
package struct HubBankHolidays: AsyncMigration {
    package var name: String { "ConsortApp.HubBankHolidays" }

    package func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw(
            "ALTER TABLE hubs ADD COLUMN opens_on_bank_holidays BOOLEAN NOT NULL DEFAULT FALSE"
        ).run()
    }

    package func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("ALTER TABLE hubs DROP COLUMN opens_on_bank_holidays").run()
    }
}
