import Fluent
import SQLKit

/// Papers sealed in the box, each stored once with its weight: `sealed` papers hold AES-GCM
/// ciphertext under a key derived from the audit key (outside the database), so that a copy of
/// the database files, write-ahead logs included, cannot read a paper even in the commit that
/// marked its voter; `weight` replaces the identical copies a weighted vote used to be stored as.
/// Papers cast before this migration stay as they were (unsealed, weight 1 each copy).
package struct SealPapers: AsyncMigration {
    package func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE engagement_papers ADD COLUMN weight INTEGER NOT NULL DEFAULT 1").run()
        try await sql.raw("ALTER TABLE engagement_papers ADD COLUMN sealed BOOLEAN NOT NULL DEFAULT FALSE").run()
    }

    package func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE engagement_papers DROP COLUMN sealed").run()
        try await sql.raw("ALTER TABLE engagement_papers DROP COLUMN weight").run()
    }
}
