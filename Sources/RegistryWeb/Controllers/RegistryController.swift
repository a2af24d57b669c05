import ConsortCore
import ConsortWeb
import Vapor

/// The registry's pages: England, practices, groups. Each answers HTML, or with `.csv` on the
/// path the CSV of one of its tables.
package enum RegistryController {
    @Sendable package static func home(_ req: Request) async throws -> Response {
        let (view, ctx) = try await req.registryContext()
        if req.format == .csv {
            let tables = [
                HomeView.regionsTable(view, ctx),
                HomeView.binsTable(
                    HomeView.sizeBins(view), ctx, id: "size-bands", caption: "Practices by registered list size",
                    unit: "Practices", file: "practice-sizes-\(view.date.iso).csv"),
            ]
            return try await csvResponse(tables, req: req).encodeResponse(for: req)
        }
        return try await req.cachedPage(view: view) { HomeView.render(view, ctx) }
    }

    @Sendable package static func practices(_ req: Request) async throws -> Response {
        let (view, ctx) = try await req.registryContext()
        let query = try PracticeQuery(req)
        if req.format == .csv {
            let rows = query.run(on: view)
            return try await csvResponse([PracticesView.table(rows, total: rows.count, view, ctx)], req: req)
                .encodeResponse(for: req)
        }
        return try await req.cachedPage(view: view) {
            PracticesView.render(view, ctx, query: query, rows: query.run(on: view))
        }
    }

    @Sendable package static func practice(_ req: Request) async throws -> Response {
        let code = (req.parameters.get("code") ?? "").uppercased()
        let (view, ctx) = try await req.registryContext()
        func history() async throws -> PracticeView.History {
            guard let history = try await PracticeView.History.load(code: code, on: Store.sql(req.db)) else {
                throw Abort(
                    .notFound,
                    reason:
                        "There is no practice with the code \(code) in the registry. Search for it by name or postcode "
                        + "on the practices page."
                )
            }
            return history
        }
        if req.format == .csv, let csv = try await alternate(PracticeView.tables(history(), view, ctx), req) {
            return csv
        }
        return try await req.cachedPage(view: view) { PracticeView.render(try await history(), view, ctx) }
    }

    package static func groups(_ req: Request, _ kind: GroupKind) async throws -> Response {
        let (view, ctx) = try await req.registryContext()
        let query = try GroupQuery(req)
        if req.format == .csv {
            let rows = query.run(kind: kind, on: view)
            if let csv = try await alternate(
                [
                    GroupsView.table(rows, total: rows.count, kind: kind, view, ctx),
                    GroupsView.sizeTable(rows, kind: kind, view, ctx),
                ], req)
            {
                return csv
            }
        }
        let canCreate = kind == .federation && Permissions.canCreateFederation(req.currentUser)
        return try await req.cachedPage(view: view, variant: canCreate ? "create" : "") {
            GroupsView.render(
                view, ctx, kind: kind, query: query, rows: query.run(kind: kind, on: view), canCreate: canCreate)
        }
    }

    @Sendable package static func group(_ req: Request) async throws -> Response {
        let code = (req.parameters.get("code") ?? "").uppercased()
        let (view, ctx) = try await req.registryContext()
        guard let group = view.groups[code] else {
            throw Abort(
                .notFound,
                reason:
                    "There is no group with the code \(code) in the registry. Browse the lists of networks, consortia "
                    + "and federations to find it."
            )
        }
        let canEdit = Permissions.canEdit(group, user: req.currentUser, view: view)
        let page = try QueryReader(req: req).int("page", range: 1...1_000_000) ?? 1
        let sections = try req.application.groupSections(group, view)
        if req.format == .csv {
            let history = try await GroupView.history(of: code, on: Store.sql(req.db))
            let tables = GroupView.tables(group, history: history, view, ctx) + [GroupView.sizeTable(group, view, ctx)]
            if let csv = try await alternate(tables + sections.flatMap(\.content.tables), req) { return csv }
        }
        return try await req.cachedPage(view: view, variant: canEdit ? "edit" : "") {
            let changes = try await GroupView.history(of: code, on: Store.sql(req.db), changesOnly: true)
            return GroupView.render(
                group, changes: changes, view, ctx, canEdit: canEdit, page: page, sections: sections)
        }
    }
}
