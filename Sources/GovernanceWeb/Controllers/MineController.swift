import ConsortCore
import ConsortWeb
import Governance
import SQLKit
import Vapor

/// The signed-in person's own declarations of interest and gifts, on each register they are on
/// (each body keeps its own register, so a person declares to each).
package enum MineController {
    package typealias G = GovernanceStore

    /// The register entries of the signed-in person, with their bodies.
    static func entries(_ req: Request) async throws -> (CurrentUser, [(G.Person, GroupInfo)]) {
        let user = try req.requireUser()
        let view = try await req.registryView(at: Day.today())
        let mine = try await G.entries(of: user.personID.map { [$0] } ?? [], on: Store.sql(req.db))
        return (user, mine.compactMap { p in view.groups[p.bodyCode].map { (p, $0) } })
    }

    /// The register entry a form names, if it is the signed-in person's; otherwise 404 as if it did not exist.
    static func entry(_ form: GovernanceForm, _ req: Request) async throws -> (CurrentUser, G.Person, GroupInfo) {
        let (user, mine) = try await entries(req)
        let named = form.person ?? req.query[String.self, at: "person"]
        guard let found = mine.first(where: { String($0.0.id) == named }) else {
            throw Abort(.notFound, reason: "There is no register entry \(named ?? "") of yours.")
        }
        return (user, found.0, found.1)
    }

    static func render(
        _ req: Request, _ page: G.Mine, form: GovernanceForm = .init(), errors: FormErrors = [],
        outcome: (GiftRules.Outcome, String)? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let (_, mine) = try await entries(req)
        let db = Store.sql(req.db)
        let ids = mine.map(\.0.id)
        let loaded = MinePage(
            page: page, entries: mine, declarations: try await G.declarations(ids, on: db),
            seats: try await G.seats(on: db).filter { ids.contains($0.personId) },
            gifts: try await mine.asyncFlatMap { try await G.gifts($0.1.code, on: db) }.filter {
                ids.contains($0.personId)
            })
        if let alternate = try await alternate(loaded.tables(), req) { return alternate }
        return try await loaded.render(
            PageContext(request: req), form: form, errors: errors, outcome: outcome, status: status
        )
        .encodeResponse(for: req)
    }

    @Sendable package static func declarations(_ req: Request) async throws -> Response {
        try await render(req, .declarations)
    }

    @Sendable package static func gifts(_ req: Request) async throws -> Response { try await render(req, .gifts) }

    @Sendable package static func declare(_ req: Request) async throws -> Response {
        let f = try req.content.decode(GovernanceForm.self)
        let (user, person, body) = try await entry(f, req)
        do {
            try await G.addDeclaration(
                person: person, body: body, kind: f.kind, organisation: f.organisation, description: f.description,
                from: f.from, to: f.to, declaredOn: nil, by: user, app: req.application)
            return req.redirect(to: GovernanceURL.mine(.declarations).path + "?declared=1", redirectType: .normal)
        } catch {
            return try await GovernanceController.refused(error) {
                try await render(req, .declarations, form: f, errors: $0, status: $1)
            }
        }
    }

    @Sendable package static func end(_ req: Request) async throws -> Response {
        let f = try req.content.decode(GovernanceForm.self)
        let (user, person, body) = try await entry(f, req)
        do {
            guard let d = Int64(f.declaration ?? "") else { throw Abort(.badRequest, reason: "Which declaration?") }
            try await G.endDeclaration(d, person: person, body: body, on: f.to, by: user, app: req.application)
            return req.redirect(to: GovernanceURL.mine(.declarations).path, redirectType: .normal)
        } catch {
            return try await GovernanceController.refused(error) {
                try await render(req, .declarations, form: f, errors: $0, status: $1)
            }
        }
    }

    @Sendable package static func gift(_ req: Request) async throws -> Response {
        let f = try req.content.decode(GovernanceForm.self)
        let (user, person, body) = try await entry(f, req)
        do {
            let outcome = try await G.addGift(
                body: body, person: person, kind: f.giftKind, source: f.source, promotional: f.promotional == "yes",
                donor: f.donor, description: f.giftDescription, value: f.value, receivedOn: f.receivedOn,
                approvedBy: f.approvedBy, by: user, app: req.application)
            return try await render(req, .gifts, outcome: outcome)
        } catch {
            return try await GovernanceController.refused(error) {
                try await render(req, .gifts, form: f, errors: $0, status: $1)
            }
        }
    }
}

extension GovernanceStore {
    package typealias Mine = GovernanceURL.Mine
}
