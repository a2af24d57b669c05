import ConsortCore
import ConsortWeb
import Fluent
import Foundation
import SQLKit
import Vapor

/// The tables of a database with their columns and keys, parents before children (by their
/// foreign keys), the schema history left out.
package enum Tables {
    package struct Column {
        package enum Kind { case integer, real, boolean, text }
        package let name: String
        package let kind: Kind
        /// Filled from a sequence (PostgreSQL), which a restore moves past the copied rows.
        package let serial: Bool

        /// The column's value in `row`, typed as the column.
        package func value(in row: any SQLRow) throws -> any Encodable & Sendable {
            // A NULL typed as its column, so that PostgreSQL accepts it where every row's value is NULL.
            if try row.decodeNil(column: name) {
                switch kind {
                case .integer: return Optional<Int64>.none
                case .real: return Optional<Double>.none
                case .boolean: return Optional<Bool>.none
                case .text: return Optional<String>.none
                }
            }
            switch kind {
            case .integer: return try row.decode(column: name, as: Int64.self)
            case .real: return try row.decode(column: name, as: Double.self)
            case .boolean: return try row.decode(column: name, as: Bool.self)
            case .text: return try row.decode(column: name, as: String.self)
            }
        }

        package static func kind(of declared: String) -> Kind {
            let t = declared.lowercased()
            if t.contains("bool") { return .boolean }
            if t.contains("int") { return .integer }
            if t.contains("real") || t.contains("double") || t.contains("float") || t.contains("numeric") {
                return .real
            }
            return .text
        }
    }

    package struct Table {
        package let name: String
        package let columns: [Column]
        package let key: [String]
        package let parents: Set<String>
    }

    package static func count(_ table: String, on db: any SQLDatabase) async throws -> Int {
        struct N: Decodable { package let n: Int }
        return try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decoding: N.self)?.n ?? 0
    }

    package static func read(_ db: any SQLDatabase) async throws -> [Table] {
        var tables: [Table] = []
        struct Name: Decodable { package let name: String }
        if db.isSQLite {
            let names = try await db.raw(
                """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> \
                '_fluent_migrations' ORDER BY name
                """
            ).all(decoding: Name.self).map(\.name)
            for name in names {
                struct Info: Decodable {
                    package let name: String
                    package let type: String
                    package let pk: Int
                }
                struct FK: Decodable { package let table: String }
                let info = try await db.raw("SELECT name, type, pk FROM pragma_table_info(\(bind: name))").all(
                    decoding: Info.self)
                let parents = try await db.raw("SELECT \"table\" FROM pragma_foreign_key_list(\(bind: name))").all(
                    decoding: FK.self)
                tables.append(
                    Table(
                        name: name,
                        columns: info.map { Column(name: $0.name, kind: Column.kind(of: $0.type), serial: false) },
                        key: info.filter { $0.pk > 0 }.sorted { $0.pk < $1.pk }.map(\.name),
                        parents: Set(parents.map(\.table))))
            }
        } else {
            let names = try await db.raw(
                """
                SELECT table_name::text AS name FROM information_schema.tables
                WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> \
                '_fluent_migrations' ORDER BY table_name
                """
            ).all(decoding: Name.self).map(\.name)
            for name in names {
                struct Info: Decodable {
                    package let columnName: String
                    package let dataType: String
                    package let columnDefault: String?
                    package let isIdentity: String
                }
                let info = try await db.raw(
                    """
                    SELECT column_name::text, data_type::text, column_default::text, is_identity::text FROM \
                    information_schema.columns
                    WHERE table_schema = current_schema() AND table_name = \(bind: name) ORDER BY ordinal_position
                    """
                ).all(decoding: Info.self, with: snakeCaseRows)
                struct Key: Decodable { package let name: String }
                let key = try await db.raw(
                    """
                    SELECT a.attname::text AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND \
                    a.attnum = ANY(i.indkey)
                    WHERE i.indrelid = \(bind: name)::regclass AND i.indisprimary ORDER BY a.attnum
                    """
                ).all(decoding: Key.self).map(\.name)
                let parents = try await db.raw(
                    """
                    SELECT DISTINCT c.confrelid::regclass::text AS name FROM pg_constraint c
                    WHERE c.contype = 'f' AND c.conrelid = \(bind: name)::regclass
                    """
                ).all(decoding: Name.self).map(\.name)
                tables.append(
                    Table(
                        name: name,
                        columns: info.map {
                            Column(
                                name: $0.columnName, kind: Column.kind(of: $0.dataType),
                                serial: $0.isIdentity == "YES" || ($0.columnDefault?.hasPrefix("nextval(") ?? false))
                        }, key: key, parents: Set(parents)))
            }
        }
        return ordered(tables)
    }

    /// Parents before children; a table in a cycle (none in Consort's schema) keeps its place.
    package static func ordered(_ tables: [Table]) -> [Table] {
        var done = Set<String>()
        var out: [Table] = []
        let names = Set(tables.map(\.name))
        var pending = tables
        while !pending.isEmpty {
            let ready = pending.filter { $0.parents.subtracting([$0.name]).intersection(names).isSubset(of: done) }
            let next = ready.isEmpty ? [pending[0]] : ready
            for t in next {
                out.append(t)
                done.insert(t.name)
            }
            pending.removeAll { done.contains($0.name) }
        }
        return out
    }
}
