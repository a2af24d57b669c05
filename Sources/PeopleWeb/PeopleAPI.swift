import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// People, their roles and credentials as JSON: the people an officer keeps, one person, and
/// the signed-in person's own record.
package enum PeopleAPI {
    package struct PersonJSON: Content {
        package let id: Int64
        package let name: String
        package let gmcNumber: String?
        package let nmcPin: String?
        package let email: String?
        package let phone: String?
        package let monthlyLimit: Int?
        package let isDemo: Bool
        package let roles: [RoleJSON]
        package let credentials: [CredentialJSON]
    }

    package struct RoleJSON: Content {
        package let organisation: String
        package let role: String
        package let title: String?
        package let from: String
        package let to: String?
    }

    package struct CredentialJSON: Content {
        package let kind: String
        package let label: String
        package let reference: String?
        package let issuedOn: String
        package let expiresOn: String?
        package let standing: String
    }

    static func json(_ people: [Directory.PersonRow], on db: any SQLDatabase) async throws -> [PersonJSON] {
        let ids = people.map(\.id)
        let roles = Dictionary(grouping: try await Directory.roles(ids, on: db), by: \.personId)
        let credentials = Dictionary(grouping: try await Directory.credentials(ids, on: db), by: \.personId)
        let today = Day.today()
        return people.map { p in
            PersonJSON(
                id: p.id, name: p.name, gmcNumber: p.gmcNumber, nmcPin: p.nmcPin, email: p.email, phone: p.phone,
                monthlyLimit: p.monthlyLimit, isDemo: p.isDemo,
                roles: (roles[p.id] ?? []).map {
                    RoleJSON(
                        organisation: $0.organisationCode, role: $0.role, title: $0.title, from: $0.validFrom,
                        to: $0.validTo)
                },
                credentials: (credentials[p.id] ?? []).map {
                    CredentialJSON(
                        kind: $0.kind, label: $0.title, reference: $0.reference, issuedOn: $0.issuedOn,
                        expiresOn: $0.expiresOn, standing: today.standing(ofExpiry: $0.expiry).rawValue)
                })
        }
    }

    @Sendable package static func people(_ req: Request) async throws -> APIPage<PersonJSON> {
        let user = try req.requireUser()
        let q = QueryReader(req: req)
        let page = try q.int("page", range: 1...1_000_000) ?? 1
        let perPage = try q.int("per_page", range: 1...1000) ?? 100
        let view = try await req.registryView(at: Day.today())
        let db = Store.sql(req.db)
        let (rows, total) = try await Directory.people(
            keptBy: Directory.managedCodes(user, view: view), search: q.string("name") ?? "", limit: perPage,
            offset: (page - 1) * perPage, on: db)
        return APIPage(
            date: Day.today(), total: total, page: page, perPage: perPage, items: try await json(rows, on: db))
    }

    @Sendable package static func person(_ req: Request) async throws -> PersonJSON {
        let db = Store.sql(req.db)
        let row = try await Directory.require(try Scope.id(req, "person"), on: db)
        return try await json([row], on: db)[0]
    }

    @Sendable package static func me(_ req: Request) async throws -> PersonJSON {
        let user = try req.requireUser()
        let db = Store.sql(req.db)
        let row = try await Directory.require(user.personID ?? 0, on: db)
        return try await json([row], on: db)[0]
    }
}
