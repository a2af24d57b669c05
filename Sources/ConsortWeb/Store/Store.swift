import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit

extension SQLDatabase {
    package var isSQLite: Bool { dialect.name == "sqlite" }
}

package enum Store {
    /// Runs `body` in one write transaction. On SQLite the transaction starts with
    /// `BEGIN IMMEDIATE`, taking the write lock before its first read, so that two writers
    /// never deadlock upgrading a read lock; on PostgreSQL it is an ordinary transaction and
    /// writers serialise on the rows they lock.
    package static func write<T: Sendable>(
        _ database: any Database,
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        guard let sql = database as? any SQLDatabase else { fatalError("Consort needs an SQL database") }
        if sql.isSQLite {
            return try await database.withConnection { connection in
                let db = connection as! any SQLDatabase
                try await db.raw("BEGIN IMMEDIATE TRANSACTION").run()
                do {
                    let result = try await body(db)
                    try await db.raw("COMMIT TRANSACTION").run()
                    return result
                } catch {
                    try? await db.raw("ROLLBACK TRANSACTION").run()
                    throw error
                }
            }
        }
        return try await database.transaction { transaction in
            try await body(transaction as! any SQLDatabase)
        }
    }

    /// Inserts rows in batches small enough for both databases' limits on bound parameters.
    package static func insert(
        into table: String, columns: [String], rows: [[any Encodable & Sendable]], on db: any SQLDatabase
    ) async throws {
        guard !rows.isEmpty else { return }
        let perBatch = max(1, 30_000 / max(columns.count, 1))
        var start = 0
        while start < rows.count {
            let end = min(start + perBatch, rows.count)
            let builder = db.insert(into: table).columns(columns)
            for row in rows[start..<end] { builder.values(row) }
            try await builder.run()
            start = end
        }
    }

    package static func sql(_ database: any Database) -> any SQLDatabase { database as! any SQLDatabase }

    /// On SQLite, write-ahead logging, which lets readers carry on while a writer works (the
    /// setting persists in the file).
    package static func useWriteAheadLog(_ database: any Database) async throws {
        let db = sql(database)
        guard db.isSQLite else { return }
        try await db.raw("PRAGMA journal_mode = WAL").run()
    }
}

/// Decodes rows whose column names are snake_case into Swift properties in camelCase. SQLKit's
/// own `.convertFromSnakeCase` converts every key of every row with Unicode property lookups (it
/// took over half of the time to build a registry view); this converts each name once.
package let snakeCaseRows = SQLRowDecoder(keyDecodingStrategy: .custom({ path in SnakeCase.key(path.last!) }))

package enum SnakeCase {
    private static let cache = NIOLockedValueBox<[String: String]>([:])

    package static func key(_ key: any CodingKey) -> any CodingKey {
        let name = key.stringValue
        if let known = cache.withLockedValue({ $0[name] }) { return SomeCodingKey(stringValue: known) }
        var out = ""
        for c in name.unicodeScalars {
            if c.value >= 65 && c.value <= 90 {
                out += "_"
                out.unicodeScalars.append(Unicode.Scalar(c.value + 32)!)
            } else {
                out.unicodeScalars.append(c)
            }
        }
        cache.withLockedValue { $0[name] = out }
        return SomeCodingKey(stringValue: out)
    }
}
