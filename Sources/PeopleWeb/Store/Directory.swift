import ConsortCore
import ConsortWeb
import Foundation
import SQLKit
import Vapor

/// The people directory: one record per person of the workforce, their roles at organisations
/// and their credentials. A person may have an account (`users.person_id`); the registers of
/// governance and the hub lists of extended access link to the same person.
package enum Directory {
    package struct PersonRow: Decodable, Sendable {
        package let id: Int64
        package let name: String
        package let gmcNumber: String?
        package let nmcPin: String?
        package let email: String?
        package let phone: String?
        package let monthlyLimit: Int?
        package let isDemo: Bool
        package let calendarToken: String
    }

    package struct RoleRow: Decodable, Sendable {
        package let id: Int64
        package let personId: Int64
        package let organisationCode: String
        package let role: String
        package let title: String?
        package let validFrom: String
        package let validTo: String?

        package var kind: PersonRole? { PersonRole(rawValue: role) }
        /// The role as shown: its kind, and the words it was recorded with when they differ.
        package var label: String {
            let base = kind?.label ?? role
            guard let title, !title.isEmpty, title.lowercased() != base.lowercased() else { return base }
            return "\(base) (\(title))"
        }
        package func isActive(on day: Day) -> Bool {
            guard let from = Day(iso: validFrom), from <= day else { return false }
            return validTo.flatMap(Day.init(iso:)).map { day <= $0 } ?? true
        }
    }

    package struct CredentialRow: Decodable, Sendable {
        package let id: Int64
        package let personId: Int64
        package let kind: String
        package let label: String?
        package let reference: String?
        package let issuedOn: String
        package let expiresOn: String?

        package var credential: CredentialKind? { CredentialKind(rawValue: kind) }
        package var title: String {
            if let label, !label.isEmpty, credential == .other || credential == nil { return label }
            return credential?.label ?? kind
        }
        package var expiry: Day? { expiresOn.flatMap(Day.init(iso:)) }
        package func covers(_ day: Day) -> Bool {
            guard let from = Day(iso: issuedOn), from <= day else { return false }
            return expiry.map { day <= $0 } ?? true
        }
    }

    package static let personColumns: SQLQueryString =
        "id, name, gmc_number, nmc_pin, email, phone, monthly_limit, is_demo, calendar_token"

    package static func person(_ id: Int64, on db: any SQLDatabase) async throws -> PersonRow? {
        try await db.raw("SELECT \(personColumns) FROM people WHERE id = \(bind: id)").first(
            decoding: PersonRow.self, with: snakeCaseRows)
    }

    package static func require(_ id: Int64, on db: any SQLDatabase) async throws -> PersonRow {
        guard let person = try await person(id, on: db) else {
            throw Abort(.notFound, reason: "There is no person \(id) that you can see.")
        }
        return person
    }

    package static func roles(_ people: [Int64], on db: any SQLDatabase) async throws -> [RoleRow] {
        guard !people.isEmpty else { return [] }
        return try await db.raw(
            """
            SELECT id, person_id, organisation_code, role, title, valid_from, valid_to FROM person_roles \
            WHERE person_id IN (\(ids(people))) ORDER BY valid_from, id
            """
        ).all(decoding: RoleRow.self, with: snakeCaseRows)
    }

    package static func credentials(_ people: [Int64], on db: any SQLDatabase) async throws -> [CredentialRow] {
        guard !people.isEmpty else { return [] }
        return try await db.raw(
            """
            SELECT id, person_id, kind, label, reference, issued_on, expires_on FROM person_credentials \
            WHERE person_id IN (\(ids(people))) ORDER BY kind, issued_on, id
            """
        ).all(decoding: CredentialRow.self, with: snakeCaseRows)
    }

    /// A list of ids as SQL; the ids are integers, so nothing from outside reaches the text.
    package static func ids(_ list: [Int64]) -> SQLQueryString {
        SQLQueryString(list.isEmpty ? "NULL" : list.map(String.init).joined(separator: ","))
    }

    /// The organisations whose officers keep a person: those of their roles (current and past),
    /// and the one whose register or hub list first recorded them. Nothing else: a register or
    /// hub list that found the person by a GMC number or NMC PIN (public numbers) keeps nothing.
    package static func keepers(of person: Int64, on db: any SQLDatabase) async throws -> Set<String> {
        struct Row: Decodable { let recordedFor: String? }
        var codes = Set(try await roles([person], on: db).map(\.organisationCode))
        let row = try await db.raw("SELECT recorded_for FROM people WHERE id = \(bind: person)").first(
            decoding: Row.self, with: snakeCaseRows)
        if let recorded = row?.recordedFor { codes.insert(recorded) }
        return codes
    }

    /// The people kept by any of `codes` (nil: everyone; see `keepers(of:on:)`), with a name
    /// containing `search`, by name, a page at a time; and how many there are in all.
    package static func people(
        keptBy codes: Set<String>?, search: String, limit: Int, offset: Int, on db: any SQLDatabase
    ) async throws -> (rows: [PersonRow], total: Int) {
        var filter: SQLQueryString = "1 = 1"
        if let codes {
            let list: [any Encodable & Sendable] = codes.sorted()
            filter =
                codes.isEmpty
                ? "1 = 0"
                : """
                (recorded_for IN (\(binds: list)) OR id IN (SELECT person_id FROM person_roles \
                WHERE organisation_code IN (\(binds: list))))
                """
        }
        let pattern =
            "%"
            + search.lowercased().replacingOccurrences(of: "%", with: "").replacingOccurrences(
                of: "_", with: "") + "%"
        struct N: Decodable { let n: Int }
        let total =
            try await db.raw("SELECT COUNT(*) AS n FROM people WHERE \(filter) AND LOWER(name) LIKE \(bind: pattern)")
            .first(decoding: N.self)?.n ?? 0
        let rows = try await db.raw(
            """
            SELECT \(personColumns) FROM people WHERE \(filter) AND LOWER(name) LIKE \(bind: pattern) \
            ORDER BY LOWER(name), id LIMIT \(bind: limit) OFFSET \(bind: offset)
            """
        ).all(decoding: PersonRow.self, with: snakeCaseRows)
        return (rows, total)
    }

    /// The person with a GMC number or NMC PIN, if any: how a register or a hub list finds a
    /// person already in the directory.
    package static func person(registration: String, on db: any SQLDatabase) async throws -> PersonRow? {
        let key = registration.trimmingCharacters(in: .whitespaces).uppercased()
        guard !key.isEmpty else { return nil }
        return try await db.raw(
            "SELECT \(personColumns) FROM people WHERE gmc_number = \(bind: key) OR nmc_pin = \(bind: key)"
        ).first(decoding: PersonRow.self, with: snakeCaseRows)
    }

    /// The person with this work email (compared without case), if any.
    package static func person(email: String, on db: any SQLDatabase) async throws -> PersonRow? {
        try await db.raw(
            "SELECT \(personColumns) FROM people WHERE LOWER(email) = \(bind: email.lowercased()) ORDER BY id"
        ).first(decoding: PersonRow.self, with: snakeCaseRows)
    }

    /// The account of a person, if they have one.
    package struct AccountRow: Decodable, Sendable {
        package let id: Int64
        package let username: String
        package let disabled: Bool
    }

    /// Which of these people have an account.
    package static func withAccounts(_ people: [Int64], on db: any SQLDatabase) async throws -> Set<Int64> {
        struct Row: Decodable { let personId: Int64 }
        return Set(
            try await db.raw("SELECT person_id FROM users WHERE person_id IN (\(ids(people)))").all(
                decoding: Row.self, with: snakeCaseRows
            ).map(\.personId))
    }

    package static func account(of person: Int64, on db: any SQLDatabase) async throws -> AccountRow? {
        try await db.raw("SELECT id, username, disabled FROM users WHERE person_id = \(bind: person)").first(
            decoding: AccountRow.self, with: snakeCaseRows)
    }

    /// Creates a person inside the caller's transaction; every feature that adds people (a
    /// register, a hub list, the directory) goes through here.
    /// Adds a person. `organisation` is the organisation whose register or hub list recorded them
    /// (its officers keep the person); nil for a person added with a role, whose role's
    /// organisation keeps them.
    package static func insertPerson(
        name: String, gmc: String? = nil, nmc: String? = nil, email: String? = nil, phone: String? = nil,
        isDemo: Bool, by actor: String, for organisation: String? = nil, on db: any SQLDatabase
    ) async throws -> Int64 {
        struct ID: Decodable { let id: Int64 }
        guard
            let id = try await db.raw(
                """
                INSERT INTO people (name, gmc_number, nmc_pin, email, phone, is_demo, calendar_token, created_by, \
                created_at, recorded_for)
                VALUES (\(bind: name), \(bind: gmc), \(bind: nmc), \(bind: email), \(bind: phone), \(bind: isDemo), \
                \(bind: Tokens.random()), \(bind: actor), \(bind: AuditChain.timestamp()), \(bind: organisation)) \
                RETURNING id
                """
            ).first(decoding: ID.self)?.id
        else { throw Abort(.internalServerError, reason: "The person could not be added.") }
        return id
    }
}
