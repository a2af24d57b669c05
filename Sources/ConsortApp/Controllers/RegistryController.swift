import ConsortCore
import Vapor

/// The registry's pages: England, practices, groups. Each answers HTML, or with `.csv` on the
/// path the CSV of one of its tables.
enum RegistryController {
    static func context(_ req: Request) async throws -> (RegistryView, PageContext) {
        let (day, given) = try QueryReader(req: req).date()
        let view = try await req.registryView(at: day)
        var path = req.url.path
        if path.hasSuffix(".csv") { path.removeLast(4) }
        let ctx = PageContext(user: req.currentUser, csrfToken: req.session_?.csrfToken, date: day, dateGiven: given,
                              path: path, latestSnapshot: view.latestSnapshot)
        return (view, ctx)
    }

    @Sendable static func home(_ req: Request) async throws -> Response {
        let (view, ctx) = try await context(req)
        if req.url.path.hasSuffix(".csv") {
            let tables = [HomeView.regionsTable(view, ctx),
                          HomeView.binsTable(HomeView.sizeBins(view), ctx, id: "size-bands", caption: "Practices by registered list size",
                                             unit: "Practices", file: "practice-sizes-\(view.date.iso).csv")]
            return try await csvResponse(tables, req: req).encodeResponse(for: req)
        }
        return try await req.cachedPage(view: view) { HomeView.render(view, ctx) }
    }

    @Sendable static func practices(_ req: Request) async throws -> Response {
        let (view, ctx) = try await context(req)
        let query = try PracticeQuery(req)
        if req.url.path.hasSuffix(".csv") {
            let rows = query.run(on: view)
            return try await csvResponse([PracticesView.table(rows, total: rows.count, view, ctx)], req: req).encodeResponse(for: req)
        }
        return try await req.cachedPage(view: view) { PracticesView.render(view, ctx, query: query, rows: query.run(on: view)) }
    }

    @Sendable static func practice(_ req: Request) async throws -> Response {
        var code = req.parameters.get("code") ?? ""
        let csv = code.hasSuffix(".csv")
        if csv { code.removeLast(4) }
        code = code.uppercased()
        let (view, ctx) = try await context(req)
        func history() async throws -> PracticeView.History {
            guard let history = try await PracticeView.History.load(code: code, on: Store.sql(req.db)) else {
                throw Abort(.notFound, reason: "There is no practice with the code \(code) in the registry. Search for it by name or postcode on the practices page.")
            }
            return history
        }
        if csv { return try await csvResponse(PracticeView.tables(history(), view, ctx), req: req).encodeResponse(for: req) }
        return try await req.cachedPage(view: view) { PracticeView.render(try await history(), view, ctx) }
    }

    @Sendable static func groups(_ req: Request) async throws -> Response {
        var slug = req.url.path.split(separator: "/").first.map(String.init) ?? ""
        let csv = slug.hasSuffix(".csv")
        if csv { slug.removeLast(4) }
        guard let kind = GroupKind(slug: slug) else { throw Abort(.notFound) }
        let (view, ctx) = try await context(req)
        let query = try GroupQuery(req)
        if csv {
            let rows = query.run(kind: kind, on: view)
            return try await csvResponse([GroupsView.table(rows, total: rows.count, kind: kind, view, ctx), GroupsView.sizeTable(rows, kind: kind, view, ctx)], req: req)
                .encodeResponse(for: req)
        }
        let canCreate = kind == .federation && Permissions.canCreateFederation(req.currentUser)
        return try await req.cachedPage(view: view, variant: canCreate ? "create" : "") {
            GroupsView.render(view, ctx, kind: kind, query: query, rows: query.run(kind: kind, on: view), canCreate: canCreate)
        }
    }

    @Sendable static func group(_ req: Request) async throws -> Response {
        var code = req.parameters.get("code") ?? ""
        let csv = code.hasSuffix(".csv")
        if csv { code.removeLast(4) }
        code = code.uppercased()
        let (view, ctx) = try await context(req)
        guard let group = view.groups[code] else {
            throw Abort(.notFound, reason: "There is no group with the code \(code) in the registry. Browse the lists of networks, consortia and federations to find it.")
        }
        let canEdit = Permissions.canEdit(group, user: req.currentUser, view: view)
        let page = try QueryReader(req: req).int("page", range: 1...1_000_000) ?? 1
        if csv {
            let history = try await GroupView.history(of: code, on: Store.sql(req.db))
            let access = GroupView.accessTable(group, view, policies: try req.application.assurance.allPolicies())
            return try await csvResponse(GroupView.tables(group, history: history, view, ctx) + [GroupView.sizeTable(group, view, ctx)] + (access.map { [$0] } ?? []),
                                         req: req).encodeResponse(for: req)
        }
        return try await req.cachedPage(view: view, variant: canEdit ? "edit" : "") {
            let changes = try await GroupView.history(of: code, on: Store.sql(req.db), changesOnly: true)
            return GroupView.render(group, changes: changes, view, ctx, canEdit: canEdit, page: page,
                                    policies: try req.application.assurance.allPolicies())
        }
    }
}

extension Request {
    func registryView(at day: Day) async throws -> RegistryView {
        try await application.registryCache.view(at: day, on: Store.sql(application.db))
    }

    /// Serves a registry page from the page cache when the same page (path and query) was
    /// rendered for the same registry version, and the visitor is signed out; otherwise renders
    /// it. Pages for signed-in visitors carry their name and tokens, so they are not cached.
    func cachedPage(view: RegistryView, variant: String = "", _ render: () async throws -> HTMLPage) async throws -> Response {
        guard currentUser == nil, session_ == nil else { return try await render().encodeResponse(for: self) }
        let key = "\(view.version)|\(view.date.iso)|\(variant)|\(url.string)"
        if let body = application.pageCache.get(key) {
            return HTMLPage.response(body)
        }
        let page = try await render()
        guard page.status == .ok else { return try await page.encodeResponse(for: self) }
        let body = ByteBuffer(string: page.html)
        application.pageCache.put(key, body)
        return HTMLPage.response(body)
    }

    /// The same for the API: registry answers are public and the same for everyone, so they are
    /// cached whoever asks, keyed by registry version, date and URL.
    func cachedJSON(view: RegistryView, _ make: () async throws -> some Encodable) async throws -> Response {
        let key = "json|\(view.version)|\(view.date.iso)|\(url.string)"
        if let body = application.pageCache.get(key) { return JSONBody.response(body) }
        let body = try JSONBody.encode(try await make())
        application.pageCache.put(key, body)
        return JSONBody.response(body)
    }
}
