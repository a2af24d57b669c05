import ConsortCore
import ConsortWeb
import Elections
import Vapor

/// Stored elections and motions: the list, a new election, its page, nominations, the timetable,
/// voting (signed in, or with a ballot credential), the count and its downloads. Every route's
/// access rule has run before these handlers.
package enum ElectionsController {
    @Sendable package static func list(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let db = Store.sql(req.db)
        let view = try await req.registryView(at: Day.today())
        let page = ElectionsListPage(
            elections: try await ElectionStore.visible(to: user, view: view, on: db),
            surveys: try await SurveyStore.visible(to: user, view: view, on: db),
            canCreate: user.grants.contains {
                Scope.pollRunners.contains($0.role)
            }, now: Timetable.now(), today: Day.today())
        return try await page.render(PageContext(request: req)).encodeResponse(for: req)
    }

    @Sendable package static func newForm(_ req: Request) async throws -> Response {
        var form = EngagementForm()
        form.method = "scottish"
        form.seats = "1"
        form.electorate = "gps"
        form.roles = ["gp-partner", "salaried-gp", "sessional-gp"]
        form.groups = (try req.requireUser()).grants.first { Scope.pollRunners.contains($0.role) }?.scope
        return try await NewElectionPage(form: form, errors: []).render(PageContext(request: req))
            .encodeResponse(for: req)
    }

    @Sendable package static func create(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(EngagementForm.self)
        do {
            let id = try await ElectionStore.create(
                form.election, views: { try await req.registryView(at: $0) }, by: user, on: req.db)
            return req.redirect(to: ElectionsURL.election(.value(id)).path, redirectType: .normal)
        } catch {
            guard let errors = FieldProblem.formErrors(error) else { throw error }
            return try await NewElectionPage(form: form, errors: errors)
                .render(PageContext(request: req), status: FieldProblem.status(error)).encodeResponse(for: req)
        }
    }

    static func record(_ req: Request) async throws -> ElectionStore.Record {
        guard let e = try await ElectionStore.load(try Scope.id(req, "election"), on: Store.sql(req.db)) else {
            throw Scope.hidden("election", req)
        }
        return e
    }

    @Sendable package static func show(_ req: Request) async throws -> Response {
        try await render(req, form: EngagementForm(), errors: [])
    }

    static func render(_ req: Request, form: EngagementForm, errors: FormErrors, status: HTTPStatus = .ok)
        async throws -> Response
    {
        let user = try req.requireUser()
        let page = try await ElectionPage.load(
            try await record(req), user: user, view: try await req.registryView(at: Day.today()), on: Store.sql(req.db))
        if let csv = try await alternate(page.tables(), req) { return csv }
        return try await page.render(PageContext(request: req), form: form, errors: errors, status: status)
            .encodeResponse(for: req)
    }

    /// Runs an election's write; on bad input shows the page again with the errors.
    static func write(
        _ req: Request, anchor: String,
        _ body: @escaping (CurrentUser, ElectionStore.Record, EngagementForm) async throws -> Void
    ) async throws -> Response {
        let user = try req.requireUser()
        let e = try await record(req)
        let form = try req.content.decode(EngagementForm.self)
        do {
            try await body(user, e, form)
            return req.redirect(to: ElectionsURL.election(.value(e.id)).path + anchor, redirectType: .normal)
        } catch {
            guard let errors = FieldProblem.formErrors(error) else { throw error }
            return try await render(req, form: form, errors: errors, status: FieldProblem.status(error))
        }
    }

    @Sendable package static func nominate(_ req: Request) async throws -> Response {
        try await write(req, anchor: "#candidates") { user, e, form in
            let mine = try await ElectionStore.entries(of: user, .election, id: e.id, on: Store.sql(req.db))
            guard let nominator = mine.first(where: { String($0.id) == form.nominator }) ?? mine.first else {
                throw FieldProblem(field: "person", message: "only electors on the roll can nominate")
            }
            try await ElectionStore.nominate(
                e, person: form.person.flatMap { Int64($0) }, nominator: nominator.id, by: user, on: req.db)
        }
    }

    @Sendable package static func withdraw(_ req: Request) async throws -> Response {
        try await write(req, anchor: "#candidates") { user, e, form in
            try await ElectionStore.withdraw(
                e, candidate: form.candidate.flatMap { Int64($0) },
                runs: Permissions.canRunPoll(e.groups, user, view: try await req.registryView(at: Day.today())),
                by: user, on: req.db)
        }
    }

    @Sendable package static func move(_ req: Request) async throws -> Response {
        try await write(req, anchor: "#timetable") { user, e, form in
            try await ElectionStore.move(e, ElectionStore.Move(rawValue: form.move ?? ""), by: user, on: req.db)
        }
    }

    @Sendable package static func tally(_ req: Request) async throws -> Response {
        try await write(req, anchor: "#result") { user, e, _ in try await ElectionStore.count(e, by: user, on: req.db) }
    }

    @Sendable package static func vote(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let e = try await record(req)
        let form = try req.content.decode(EngagementForm.self)
        let db = Store.sql(req.db)
        do {
            let mine = try await ElectionStore.entries(of: user, .election, id: e.id, on: db).filter { !$0.done }
            guard let entry = mine.first(where: { String($0.id) == form.entry }) ?? (mine.count == 1 ? mine.first : nil)
            else {
                throw ElectionStore.refuse("ballot", "you have no ballot left to cast in this election")
            }
            let standing = try await ElectionStore.candidates(e.id, on: db).filter {
                $0.stands(motion: e.kind == .motion)
            }
            let paper = try ElectionStore.paper(e, standing: standing, ranks: form.rankings, chosen: form.choice ?? [])
            try await ElectionStore.vote(e, roll: entry, paper: paper, on: req.db)
            return try await BallotPage.cast(e).render(PageContext(request: req)).encodeResponse(for: req)
        } catch {
            guard let errors = FieldProblem.formErrors(error) else { throw error }
            return try await render(req, form: form, errors: errors, status: FieldProblem.status(error))
        }
    }

    @Sendable package static func sheet(_ req: Request) async throws -> Response {
        guard let sheet = try await record(req).result?.sheet else {
            throw Abort(.notFound, reason: "The election has no count sheet yet.")
        }
        return try SheetView.json(sheet, name: "count-sheet.json")
    }

    @Sendable package static func ballots(_ req: Request) async throws -> Response {
        let e = try await record(req)
        guard e.countedAt != nil else {
            throw Abort(.conflict, reason: "The ballots can be downloaded once the election is counted.")
        }
        let text = BLT.write(try await ElectionStore.ballots(e, on: Store.sql(req.db)))
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/plain; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"election-\(e.id).blt\"")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }

    /// A ballot credential's election and roll entry, or the same 404 for any unknown or used link.
    static func credential(_ req: Request) async throws -> (ElectionStore.Record, ElectionStore.RollLine) {
        let token = req.parameters.get("token") ?? ""
        let db = Store.sql(req.db)
        guard let c = try await ElectionStore.credential(token, on: db), c.poll == .election,
            let e = try await ElectionStore.load(c.id, on: db),
            let line = try await ElectionStore.roll(.election, id: c.id, on: db).first(where: { $0.id == c.roll })
        else { throw Abort(.notFound, reason: "This ballot link is not known. Check that it was copied whole.") }
        return (e, line)
    }

    @Sendable package static func ballotForm(_ req: Request) async throws -> Response {
        let (e, line) = try await credential(req)
        let standing = try await ElectionStore.candidates(e.id, on: Store.sql(req.db)).filter {
            $0.stands(motion: e.kind == .motion)
        }
        return try await BallotPage(election: e, entry: line, standing: standing, form: EngagementForm(), errors: [])
            .render(PageContext(request: req)).encodeResponse(for: req)
    }

    @Sendable package static func castWithCredential(_ req: Request) async throws -> Response {
        let (e, line) = try await credential(req)
        let form = try req.content.decode(EngagementForm.self)
        let standing = try await ElectionStore.candidates(e.id, on: Store.sql(req.db)).filter {
            $0.stands(motion: e.kind == .motion)
        }
        do {
            let paper = try ElectionStore.paper(e, standing: standing, ranks: form.rankings, chosen: form.choice ?? [])
            try await ElectionStore.vote(e, roll: line, paper: paper, on: req.db)
            return try await BallotPage.cast(e).render(PageContext(request: req)).encodeResponse(for: req)
        } catch {
            guard let errors = FieldProblem.formErrors(error) else { throw error }
            return try await BallotPage(election: e, entry: line, standing: standing, form: form, errors: errors)
                .render(PageContext(request: req), status: FieldProblem.status(error)).encodeResponse(for: req)
        }
    }
}
