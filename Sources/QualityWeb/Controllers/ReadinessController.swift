import ConsortCore
import ConsortWeb
import Quality
import Vapor

/// Inspection readiness (C10): a practice's evidence against CQC's quality statements and its
/// DSPT record, a group's matrix of its members and the policies it shares. Every route's access
/// rule has run before these handlers.
package enum ReadinessController {
    static func practicePage(_ req: Request) async throws -> (ReadinessPage, PracticeInfo) {
        let user = try req.requireUser()
        let (index, view) = try await Scope.practice(req)
        let practice = view.practices[index]
        return (
            try await ReadinessPage.load(practice: practice, view: view, user: user, on: Store.sql(req.db)), practice
        )
    }

    @Sendable package static func practice(_ req: Request) async throws -> Response {
        let (page, _) = try await practicePage(req)
        if let csv = try await alternate(page.tables(), req) { return csv }
        return try await page.render(PageContext(request: req)).encodeResponse(for: req)
    }

    @Sendable package static func report(_ req: Request) async throws -> Response {
        let (page, _) = try await practicePage(req)
        return try await page.report(PageContext(request: req)).encodeResponse(for: req)
    }

    /// Runs a practice's write; on bad input shows the page again with the form and its errors.
    static func practiceWrite(
        _ req: Request, anchor: String,
        _ write: @escaping (CurrentUser, PracticeInfo, ReadinessForm) async throws -> Void
    ) async throws -> Response {
        let user = try req.requireUser()
        let (index, view) = try await Scope.practice(req)
        let practice = view.practices[index]
        let form = try req.content.decode(ReadinessForm.self)
        do {
            try await write(user, practice, form)
            return req.redirect(to: QualityURL.readiness(.value(practice.code)).path + anchor, redirectType: .normal)
        } catch {
            guard let errors = FieldProblem.formErrors(error) else { throw error }
            let page = try await ReadinessPage.load(practice: practice, view: view, user: user, on: Store.sql(req.db))
            return try await page.render(
                PageContext(request: req), form: form, errors: errors, status: FieldProblem.status(error)
            ).encodeResponse(for: req)
        }
    }

    @Sendable package static func addEvidence(_ req: Request) async throws -> Response {
        try await practiceWrite(req, anchor: "#evidence") { user, practice, form in
            let people = try await ReadinessStore.people(at: [practice.code], on: Day.today(), db: Store.sql(req.db))
            try await ReadinessStore.addEvidence(
                form.evidence, owner: .practice, code: practice.code, people: Set(people.map(\.id)), by: user,
                on: req.db)
        }
    }

    @Sendable package static func adopt(_ req: Request) async throws -> Response {
        try await practiceWrite(req, anchor: "#adopted") { user, practice, form in
            let groups = practice.federations + [practice.groups[.network]].compactMap { $0 }
            let offered = try await ReadinessStore.evidence(practices: [], groups: groups, on: Store.sql(req.db))
            guard let id = Int64(form.policy ?? ""), offered.contains(where: { $0.id == id }) else {
                throw FieldProblem(
                    field: "policy", message: "choose a policy shared by one of the practice's federations or networks")
            }
            try await ReadinessStore.adopt(id, practice: practice.code, by: user, on: req.db)
        }
    }

    @Sendable package static func recordDSPT(_ req: Request) async throws -> Response {
        try await practiceWrite(req, anchor: "#dspt") { user, practice, form in
            try await ReadinessStore.recordDSPT(
                practice: practice.code, year: form.year, status: form.status, publishedOn: form.publishedOn,
                standards: form.standards ?? [], by: user, on: req.db)
        }
    }

    @Sendable package static func group(_ req: Request) async throws -> Response {
        try await renderGroup(req, form: ReadinessForm(), errors: [])
    }

    static func renderGroup(_ req: Request, form: ReadinessForm, errors: FormErrors, status: HTTPStatus = .ok)
        async throws -> Response
    {
        let user = try req.requireUser()
        let (group, view) = try await Scope.group(req)
        let page = try QueryReader(req: req).int("page", range: 1...100_000) ?? 1
        let matrix = try await MatrixPage.load(group, view: view, user: user, page: page, on: Store.sql(req.db))
        if let csv = try await alternate(matrix.tables(), req) { return csv }
        return try await matrix.render(PageContext(request: req), form: form, errors: errors, status: status)
            .encodeResponse(for: req)
    }

    @Sendable package static func sharePolicy(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let (group, _) = try await Scope.group(req)
        let form = try req.content.decode(ReadinessForm.self)
        do {
            let people = try await ReadinessStore.people(at: [group.code], on: Day.today(), db: Store.sql(req.db))
            try await ReadinessStore.addEvidence(
                form.evidence, owner: .group, code: group.code, people: Set(people.map(\.id)), by: user, on: req.db)
            return req.redirect(
                to: QualityURL.groupReadiness(.value(group.code)).path + "#policies", redirectType: .normal)
        } catch {
            guard let errors = FieldProblem.formErrors(error) else { throw error }
            return try await renderGroup(req, form: form, errors: errors, status: FieldProblem.status(error))
        }
    }

    @Sendable package static func retire(_ req: Request) async throws -> Response {
        let user = try req.requireUser()
        let id = try Scope.id(req, "evidence")
        guard let (kind, code) = try await ReadinessStore.owner(of: id, on: Store.sql(req.db)) else {
            throw Scope.hidden("evidence", req)
        }
        try await ReadinessStore.retire(id, by: user, on: req.db)
        let back = kind == .practice ? QualityURL.readiness(.value(code)) : QualityURL.groupReadiness(.value(code))
        return req.redirect(to: back.path, redirectType: .normal)
    }
}
