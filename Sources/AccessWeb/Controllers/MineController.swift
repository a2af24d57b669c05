import Access
import ConsortCore
import ConsortWeb
import PeopleWeb
import SQLKit
import Vapor

/// The signed-in person's own hub work: their sessions for every federation with one calendar
/// feed, and their availability and limits, per federation and across all of them.
package enum MineAccessController {
    static func person(_ req: Request) throws -> (CurrentUser, Int64) {
        let user = try req.requireUser()
        guard let person = user.personID else { throw Abort(.forbidden) }
        return (user, person)
    }

    @Sendable package static func sessions(_ req: Request) async throws -> Response {
        let (_, person) = try person(req)
        let db = Store.sql(req.db)
        let today = Day.today()
        let list = try await StaffList.sessions(
            person: person, from: today.adding(days: -30), through: today.adding(days: 183), on: db)
        let view = try await req.registryView(at: today)
        var table = AccessView.sessionsTable(
            list, view: view, today: today, id: "my-sessions", caption: "My extended-access sessions",
            fileName: "my-sessions")
        table.emptyText = "You have no published sessions from 30 days ago to six months ahead."
        if let alternate = try await alternate([table], req) { return alternate }
        let token = try await StaffList.calendarToken(person: person, on: db)
        let feed = token.map { req.application.consortConfig.publicURL + AccessURL.calendar($0) }
        return try await MineAccessView.sessions(table, feed: feed, PageContext(request: req)).encodeResponse(for: req)
    }

    static func renderAvailability(
        _ req: Request, form: [String: String] = [:], errors: FormErrors = [], saved: Bool = false,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let (_, person) = try person(req)
        let db = Store.sql(req.db)
        let rows = try await StaffList.rows(person: person, on: db)
        let hubs = Dictionary(
            uniqueKeysWithValues: try await Set(rows.map(\.groupCode)).asyncFlatMap {
                try await HubSetup.hubs(of: $0, on: db)
            }.map { ($0.id, $0.name) })
        let view = try await req.registryView(at: Day.today())
        let me = try await Directory.require(person, on: db)
        return try await MineAccessView.availability(
            rows, hubs: hubs, view: view, overall: me.monthlyLimit, form: form, errors: errors, saved: saved,
            PageContext(request: req), status: status
        ).encodeResponse(for: req)
    }

    @Sendable package static func availability(_ req: Request) async throws -> Response {
        try await renderAvailability(req, saved: req.query[String.self, at: "saved"] == "1")
    }

    @Sendable package static func saveAvailability(_ req: Request) async throws -> Response {
        let (user, person) = try person(req)
        let form = try req.content.decode([String: String].self)
        let rows = try await StaffList.rows(person: person, on: Store.sql(req.db))
        guard let row = rows.first(where: { String($0.id) == form["clinician"] }) else {
            throw Abort(.notFound, reason: "There is no hub list entry \(form["clinician"] ?? "") of yours.")
        }
        do {
            try await StaffList.updateOwn(
                row, availability: form["availability-\(row.id)"], maxPerMonth: form["max-\(row.id)"], by: user,
                app: req.application)
            return req.redirect(to: AccessURL.mine(.availability).path + "?saved=1", redirectType: .normal)
        } catch {
            guard let errors = FieldProblem.formErrors(error) else { throw error }
            return try await renderAvailability(req, form: form, errors: errors, status: FieldProblem.status(error))
        }
    }

    @Sendable package static func saveLimit(_ req: Request) async throws -> Response {
        let (user, person) = try person(req)
        let form = try req.content.decode([String: String].self)
        do {
            try await Directory.setMonthlyLimit(person, form["overall"], by: user, app: req.application)
            return req.redirect(to: AccessURL.mine(.availability).path + "?saved=1", redirectType: .normal)
        } catch {
            guard let errors = FieldProblem.formErrors(error) else { throw error }
            return try await renderAvailability(req, form: form, errors: errors, status: FieldProblem.status(error))
        }
    }
}
