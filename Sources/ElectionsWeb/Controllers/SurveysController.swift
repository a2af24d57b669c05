import ConsortCore
import ConsortWeb
import Elections
import Fluent
import Vapor

/// Surveys: a new survey (from a template or not), its page with the form to answer it, the
/// answer (signed in, or with a survey link), and its results. Every route's access rule has run
/// before these handlers.
package enum SurveysController {
    @Sendable package static func newForm(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        var form = EngagementForm()
        form.electorate = "gps"
        form.roles = ["gp-partner", "salaried-gp", "sessional-gp"]
        form.groups = user.grants.first { Scope.pollRunners.contains($0.role) }?.scope
        let today = Day.today()
        form.opensOn = today.iso
        form.closesOn = today.adding(days: 14).iso
        if let t = SurveyTemplate.all.first(where: { $0.id == (try? req.query.get(String.self, at: "template")) }) {
            form.template = t.id
            form.title = t.title
            form.questions = t.text
            form.anonymous = t.anonymous ? "anonymous" : "named"
            form.electorate = t.perPractice ? "practices" : "gps"
        }
        return try await NewSurveyPage(form: form, errors: []).render(PageContext(request: req)).encodeResponse(
            for: req)
    }

    @Sendable package static func create(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(EngagementForm.self)
        do {
            let id = try await SurveyStore.create(
                form.survey, views: { try await req.registryView(at: $0) }, by: user, on: req.db)
            return req.redirect(to: SurveysURL.survey(.value(id)).path, redirectType: .normal)
        } catch {
            guard let errors = FieldProblem.formErrors(error) else { throw error }
            return try await NewSurveyPage(form: form, errors: errors)
                .render(PageContext(request: req), status: FieldProblem.status(error)).encodeResponse(for: req)
        }
    }

    static func record(_ req: Request) async throws -> SurveyStore.Record {
        guard let s = try await SurveyStore.load(try Scope.id(req, "survey"), on: Store.sql(req.db)) else {
            throw Scope.hidden("survey", req)
        }
        return s
    }

    @Sendable package static func show(_ req: Request) async throws -> Response {
        try await render(req, form: EngagementForm(), errors: [])
    }

    static func render(_ req: Request, form: EngagementForm, errors: FormErrors, status: HTTPStatus = .ok)
        async throws -> Response
    {
        let user = try req.requireUser()
        let s = try await record(req)
        let db = Store.sql(req.db)
        let roll = try await ElectionStore.roll(.survey, id: s.id, on: db)
        let mine = ElectionStore.mine(of: user, in: roll)
        let page = SurveyPage(
            survey: s, mine: mine,
            runs: Permissions.canRunPoll(s.groups, user, view: try await req.registryView(at: Day.today())),
            onRoll: roll.count,
            answered: roll.filter(\.done).count, today: Day.today(), action: SurveysURL.respond(.value(s.id)).path)
        return try await page.render(PageContext(request: req), form: form, errors: errors, status: status)
            .encodeResponse(for: req)
    }

    /// Checks a response against the survey's questions, then puts it in the box.
    static func answer(_ s: SurveyStore.Record, roll: Int64, form: EngagementForm, on db: any Fluent.Database)
        async throws
    {
        guard let questionnaire = s.questionnaire else {
            throw Abort(.internalServerError, reason: "The survey's questions cannot be read.")
        }
        switch questionnaire.answers(form.answers) {
        case .failure(let problems):
            throw FieldProblems(
                all: problems.byQuestion.sorted { $0.key < $1.key }.map {
                    FieldProblem(field: "q\($0.key + 1)", message: "question \($0.key + 1): \($0.value)")
                })
        case .success(let answers):
            try await SurveyStore.respond(s, roll: roll, answers: answers, on: db)
        }
    }

    @Sendable package static func respond(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let s = try await record(req)
        let form = try req.content.decode(EngagementForm.self)
        do {
            let open = try await ElectionStore.entries(of: user, .survey, id: s.id, on: Store.sql(req.db)).filter {
                !$0.done
            }
            guard let entry = open.first(where: { String($0.id) == form.entry }) ?? (open.count == 1 ? open.first : nil)
            else { throw ElectionStore.refuse("answers", "you have no response left to give in this survey") }
            try await answer(s, roll: entry.id, form: form, on: req.db)
            return try await SurveyPage.thanks(s).render(PageContext(request: req)).encodeResponse(for: req)
        } catch {
            guard let errors = FieldProblem.formErrors(error) else { throw error }
            return try await render(req, form: form, errors: errors, status: FieldProblem.status(error))
        }
    }

    @Sendable package static func results(_ req: Request) async throws -> Response {
        let s = try await record(req)
        let view = try await req.registryView(at: Day(iso: s.rollOn) ?? Day.today())
        let page = try await ResultsPage.load(s, view: view, on: Store.sql(req.db))
        if let csv = try await alternate(page.tables(), req) { return csv }
        return try await page.render(PageContext(request: req)).encodeResponse(for: req)
    }

    static func credential(_ req: Request) async throws -> (SurveyStore.Record, ElectionStore.RollLine) {
        let db = Store.sql(req.db)
        guard let c = try await ElectionStore.credential(req.parameters.get("token") ?? "", on: db), c.poll == .survey,
            let s = try await SurveyStore.load(c.id, on: db),
            let line = try await ElectionStore.roll(.survey, id: c.id, on: db).first(where: { $0.id == c.roll })
        else { throw Abort(.notFound, reason: "This survey link is not known. Check that it was copied whole.") }
        return (s, line)
    }

    @Sendable package static func answerForm(_ req: Request) async throws -> Response {
        let (s, line) = try await credential(req)
        return try await SurveyPage(
            survey: s, mine: [line], runs: false, onRoll: 0, answered: 0, today: Day.today(), action: req.url.path
        ).render(PageContext(request: req), form: EngagementForm(), errors: []).encodeResponse(for: req)
    }

    @Sendable package static func answerWithCredential(_ req: Request) async throws -> Response {
        let (s, line) = try await credential(req)
        let form = try req.content.decode(EngagementForm.self)
        do {
            try await answer(s, roll: line.id, form: form, on: req.db)
            return try await SurveyPage.thanks(s).render(PageContext(request: req)).encodeResponse(for: req)
        } catch {
            guard let errors = FieldProblem.formErrors(error) else { throw error }
            return try await SurveyPage(
                survey: s, mine: [line], runs: false, onRoll: 0, answered: 0, today: Day.today(), action: req.url.path
            ).render(PageContext(request: req), form: form, errors: errors, status: FieldProblem.status(error))
                .encodeResponse(for: req)
        }
    }
}
