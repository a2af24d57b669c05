import ConsortCore
import ConsortWeb
import Governance
import SQLKit
import Vapor

extension GovernanceController {
    // MARK: Register of interests

    package static func interests(_ req: Request) async throws -> Response {
        let (body, _) = try await body(req)
        let day = try QueryReader(req: req).day("date") ?? Day.today()
        let page = try await InterestsPage.load(body, day: day, user: req.currentUser, on: Store.sql(req.db))
        if let data = try await alternate(page.tables(), req) { return data }
        return try await page.render(PageContext(request: req)).encodeResponse(for: req)
    }

    // MARK: Gifts and hospitality

    package static func gifts(_ req: Request) async throws -> Response {
        let (body, _) = try await body(req)
        return try await renderGifts(req, body, form: GovernanceForm(), errors: [], outcome: nil)
    }

    package static func renderGifts(
        _ req: Request, _ body: GroupInfo, form: Form, errors: Errors, outcome: (GiftRules.Outcome, String)?,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let page = try await GiftsPage.load(body, user: req.currentUser, on: Store.sql(req.db))
        if let data = try await alternate(page.tables(), req) { return data }
        return try await page.render(
            PageContext(request: req), form: form, errors: errors, outcome: outcome, status: status
        ).encodeResponse(for: req)
    }

    @Sendable package static func addGift(_ req: Request) async throws -> Response {
        let (body, _) = try await body(req)
        let user = try officer(req, body)
        let f = try req.content.decode(GovernanceForm.self)
        do {
            guard let pid = Int64(f.person ?? ""), case let person = try await G.person(pid, on: Store.sql(req.db)),
                person.bodyCode == body.code
            else {
                throw FieldProblem(field: "person", message: "Choose the person it was offered to")
            }
            let outcome = try await G.addGift(
                body: body, person: person, kind: f.giftKind, source: f.source, promotional: f.promotional == "yes",
                donor: f.donor, description: f.giftDescription, value: f.value, receivedOn: f.receivedOn,
                approvedBy: f.approvedBy, by: user, app: req.application)
            return try await renderGifts(req, body, form: GovernanceForm(), errors: [], outcome: outcome)
        } catch {
            return try await refused(error) {
                try await renderGifts(req, body, form: f, errors: $0, outcome: nil, status: $1)
            }
        }
    }

    // MARK: Procurement decisions and breaches

    package static func procurement(_ req: Request) async throws -> Response {
        let (body, _) = try await body(req)
        let page = try await ProcurementPage.load(body, on: Store.sql(req.db))
        if let data = try await alternate(page.tables(), req) { return data }
        return try await page.render(PageContext(request: req)).encodeResponse(for: req)
    }

    package static func breaches(_ req: Request) async throws -> Response {
        let (body, _) = try await body(req)
        return try await renderBreaches(req, body, form: GovernanceForm(), errors: [])
    }

    package static func renderBreaches(
        _ req: Request, _ body: GroupInfo, form: Form, errors: Errors, status: HTTPStatus = .ok
    ) async throws -> Response {
        let page = try await BreachesPage.load(body, user: req.currentUser, on: Store.sql(req.db))
        if let data = try await alternate(page.tables(), req) { return data }
        return try await page.render(PageContext(request: req), form: form, errors: errors, status: status)
            .encodeResponse(for: req)
    }

    @Sendable package static func addBreach(_ req: Request) async throws -> Response {
        let (body, _) = try await body(req)
        let user = try officer(req, body)
        let f = try req.content.decode(GovernanceForm.self)
        do {
            try await G.addBreach(
                body: body, occurredOn: f.occurredOn, summary: f.summary, action: f.breachAction, by: user,
                app: req.application)
            return req.redirect(to: GovernanceURL.register(.value(body.code), .breaches).path, redirectType: .normal)
        } catch {
            return try await refused(error) { try await renderBreaches(req, body, form: f, errors: $0, status: $1) }
        }
    }
}
