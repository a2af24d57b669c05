import ConsortCore
import ConsortWeb
import Vapor

/// The registry's pages: England, practices, groups. Each answers HTML, or with `.csv` on the
/// path the CSV of one of its tables.
package enum RegistryController {
    @Sendable package static func home(_ req: Request) async throws -> Response {
        let (view, ctx) = try await req.registryContext()
        let page = HomePage(view: view)
        if let csv = try await alternate(page.tables(ctx), req) { return csv }
        return try await req.cachedPage(view: view) { page.render(ctx) }
    }

    @Sendable package static func practices(_ req: Request) async throws -> Response {
        let (view, ctx) = try await req.registryContext()
        let query = try PracticeQuery(req)
        // The search runs only on a miss of the page cache.
        let page = { PracticesPage(view: view, query: query) }
        if let csv = try await alternate(page().tables(ctx), req) { return csv }
        return try await req.cachedPage(view: view) { page().render(ctx) }
    }

    @Sendable package static func practice(_ req: Request) async throws -> Response {
        let code = (req.parameters.get("code") ?? "").uppercased()
        let (view, ctx) = try await req.registryContext()
        let load = { try await PracticePage.load(code: code, view: view, on: Store.sql(req.db)) }
        if let csv = try await alternate(try await load().tables(ctx), req) { return csv }
        return try await req.cachedPage(view: view) { try await load().render(ctx) }
    }

    package static func groups(_ req: Request, _ kind: GroupKind) async throws -> Response {
        let (view, ctx) = try await req.registryContext()
        let canCreate = kind == .federation && Permissions.canCreateFederation(req.currentUser)
        let query = try GroupQuery(req)
        let page = { GroupsPage(view: view, kind: kind, query: query, canCreate: canCreate) }
        if let csv = try await alternate(page().tables(ctx), req) { return csv }
        return try await req.cachedPage(view: view, variant: canCreate ? "create" : "") { page().render(ctx) }
    }

    @Sendable package static func group(_ req: Request) async throws -> Response {
        let code = (req.parameters.get("code") ?? "").uppercased()
        let (view, ctx) = try await req.registryContext()
        let group = try GroupPage.group(code, in: view)
        let canEdit = Permissions.canEdit(group, user: req.currentUser, view: view)
        let number = try QueryReader(req: req).int("page", range: 1...1_000_000) ?? 1
        let load = {
            try await GroupPage.load(
                group, view: view, canEdit: canEdit, page: number,
                sections: try req.application.groupSections(group, view),
                everyMembership: req.format != .html, on: Store.sql(req.db))
        }
        if let csv = try await alternate(try await load().tables(ctx), req) { return csv }
        return try await req.cachedPage(view: view, variant: canEdit ? "edit" : "") { try await load().render(ctx) }
    }
}
