import ConsortCore
import Importers
import SQLKit
import Vapor

/// The JSON API under `/api/v1/`: everything the registry pages show, and the federation
/// writes. Reads are public; writes need an account (session cookie with the `X-CSRF-Token`
/// header, or `Authorization: Bearer` with an API token).
enum APIController {
    static func register(_ api: any RoutesBuilder) throws {
        api.get("openapi.json", access: .anyone) { _ in OpenAPI.document }
        api.get("summary", access: .anyone, use: summary)
        api.get("practices", access: .anyone, use: practices)
        api.get("practices", ":code", access: .anyone, use: practice)
        api.get("groups", access: .anyone, use: groups)
        api.get("groups", ":code", access: .anyone, use: group)
        api.get("imports", access: .anyone, use: imports)
        api.get("imports", ":id", access: .anyone, use: importReport)
        api.get("audit", access: .auditReader, use: audit)
        api.get("assurance", access: .anyone, use: AssuranceController.apiReport)
        api.get("policies", access: .anyone, use: AssuranceController.apiPolicies)
        api.get("policies", ":name", access: .anyone, use: AssuranceController.apiPolicy)
        api.get("finance", "allocation", access: .anyone, use: FinanceController.apiAllocation)
        api.get("finance", "risk", access: .anyone, use: FinanceController.apiRisk)
        api.get("finance", "groups", access: .anyone, use: FinanceController.apiGroupRisk)
        api.get("finance", "models", access: .anyone, use: FinanceController.apiModels)
        api.get("finance", "cost-model", access: .anyone, use: FinanceController.apiCostModel)
        api.post("hubs", access: .hubCreator, use: HubsAPI.createHub)
        api.post("hubs", ":id", "sessions", access: .hubManager, use: HubsAPI.addSession)
        api.get("hubs", ":id", "slots", access: .hubViewer, use: HubsAPI.slots)
        api.post("hub-slots", ":id", "bookings", access: .slotBooker, use: HubsAPI.book)
        api.on(.PATCH, "hub-bookings", ":id", access: .bookingEditor, use: HubsAPI.setStatus)
        for register in ["interests", "gifts", "procurement", "breaches"] {
            api.get("groups", ":code", "governance", PathComponent(stringLiteral: register), access: .anyone) { req in
                try await GovernanceController.register(req, register)
            }
        }
        api.get("plans", access: .planner, use: PlanController.apiList)
        api.get("plans", ":id", access: .planner, use: PlanController.apiShow)
        api.get("me", access: .signedIn, use: me)
        api.post("federations", access: .federationCreator, use: createFederation)
        api.on(.PATCH, "federations", ":code", access: .federationEditor, use: updateFederation)
        api.post("federations", ":code", "members", access: .federationEditor, use: addMember)
        api.on(.PATCH, "federations", ":code", "members", ":id", access: .federationEditor, use: changeMember)
        api.on(.DELETE, "federations", ":code", "members", ":id", access: .federationEditor, use: removeMember)
        api.get("practices", ":code", "invitations", access: .practiceManager, use: InvitationController.apiList)
        for action in ["accept", "decline"] {
            api.post("federation-invitations", ":id", PathComponent(stringLiteral: action), access: .invitationPractice) {
                try await InvitationController.apiAnswer($0, action)
            }
        }
        api.post("federation-invitations", ":id", "withdraw", access: .invitationFederation) { try await InvitationController.apiAnswer($0, "withdraw") }
        api.get("**", access: .anyone) { req -> Response in
            throw Abort(.notFound, reason: "There is no API endpoint at \(req.url.path); see /api/v1/openapi.json")
        }
    }

    static func view(_ req: Request) async throws -> RegistryView {
        try await req.registryView(at: QueryReader(req: req).date().day)
    }

    @Sendable static func summary(_ req: Request) async throws -> Response {
        let view = try await view(req)
        return try await req.cachedJSON(view: view) { summary(view) }
    }

    static func summary(_ view: RegistryView) -> DTO.Summary {
        var counts: [String: Int] = [:]
        for kind in GroupKind.allCases { counts[kind.rawValue] = view.active[kind]?.count ?? 0 }
        return DTO.Summary(date: view.date, latestSnapshot: view.latestSnapshot, practices: view.practices.count,
                           patients: view.totalPatients, groups: counts,
                           regions: (view.active[.region] ?? []).compactMap { view.groups[$0] }.map(DTO.GroupSummary.init))
    }

    @Sendable static func practices(_ req: Request) async throws -> Response {
        let view = try await view(req)
        let query = try PracticeQuery(req)
        return try await req.cachedJSON(view: view) { practices(query, view) }
    }

    static func practices(_ query: PracticeQuery, _ view: RegistryView) -> DTO.Page<DTO.PracticeSummary> {
        let rows = query.run(on: view)
        return DTO.Page(date: view.date, total: rows.count, page: query.page, perPage: query.perPage,
                        items: rows.page(query.page, size: query.perPage).map { DTO.PracticeSummary(view.practices[$0]) })
    }

    @Sendable static func practice(_ req: Request) async throws -> Response {
        let view = try await view(req)
        return try await req.cachedJSON(view: view) { try await practice(req, view) }
    }

    static func practice(_ req: Request, _ view: RegistryView) async throws -> DTO.PracticeDetail {
        let code = (req.parameters.get("code") ?? "").uppercased()
        guard let history = try await PracticeView.History.load(code: code, on: Store.sql(req.db)) else {
            throw Abort(.notFound, reason: "There is no practice with the code \(code) in the registry.")
        }
        let row = history.row, p = view.practice(code)
        let groups = ((p.map { Array($0.groups.values) } ?? []) + (p?.federations ?? [])).compactMap { view.groups[$0] }
            .sorted { $0.kind < $1.kind }.map(DTO.GroupSummary.init)
        return DTO.PracticeDetail(
            date: view.date, code: row.code, name: row.name, openAtDate: p != nil, address: row.address, postcode: row.postcode,
            phone: row.phone, latitude: row.latitude, longitude: row.longitude, easting: row.easting, northing: row.northing,
            odsStatus: row.odsStatus, odsOpenedOn: row.odsOpenedOn.flatMap(Day.init(iso:)), knownFrom: try day(row.knownFrom, "known_from"),
            closedOn: row.closedOn.flatMap(Day.init(iso:)), listSize: p?.listSize, listSizeOn: p?.listSizeOn, weightedListSize: p?.weightedListSize,
            imdScore: row.imdScore, imdDecile: row.imdDecile, rurality: row.rurality, contractType: row.contractType, dispensing: row.dispensing,
            groups: groups,
            memberships: history.memberships.compactMap { m, name in
                guard let kind = GroupKind(rawValue: m.kind), let from = Day(iso: m.validFrom) else { return nil }
                return DTO.MembershipEntry(group: m.groupCode, groupName: name, kind: kind, from: from, to: m.validTo.flatMap(Day.init(iso:)))
            },
            listSizes: history.listSizes.compactMap { s in
                Day(iso: s.onDate).map { DTO.ListSizeEntry(on: $0, patients: s.patients, weightedPatients: s.weightedPatients) }
            })
    }

    @Sendable static func groups(_ req: Request) async throws -> Response {
        let view = try await view(req)
        let kind = try QueryReader(req: req).string("kind").map { text in
            guard let kind = GroupKind(rawValue: text) else {
                throw BadParameter(name: "kind", value: text, expected: "use one of " + GroupKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return kind
        }
        let query = try GroupQuery(req)
        return try await req.cachedJSON(view: view) {
            let rows = (kind.map { [$0] } ?? GroupKind.allCases).flatMap { query.run(kind: $0, on: view) }
            return DTO.Page(date: view.date, total: rows.count, page: query.page, perPage: query.perPage,
                            items: rows.page(query.page, size: query.perPage).map(DTO.GroupSummary.init))
        }
    }

    @Sendable static func group(_ req: Request) async throws -> Response {
        let view = try await view(req)
        return try await req.cachedJSON(view: view) { try await group(req, view) }
    }

    static func group(_ req: Request, _ view: RegistryView) async throws -> DTO.GroupDetail {
        let code = (req.parameters.get("code") ?? "").uppercased()
        guard let g = view.groups[code] else { throw Abort(.notFound, reason: "There is no group with the code \(code) in the registry.") }
        let history = try await GroupView.history(of: code, on: Store.sql(req.db))
        return DTO.GroupDetail(
            date: view.date, code: g.code, kind: g.kind, name: g.name, onsCode: g.onsCode, legalForm: g.legalForm, description: g.description,
            validFrom: g.validFrom, validTo: g.validTo, source: g.source,
            ancestors: view.ancestors(of: code).map(DTO.GroupSummary.init),
            children: g.children.compactMap { view.groups[$0] }.filter { !$0.members.isEmpty }.map(DTO.GroupSummary.init),
            practices: g.members.count, patients: g.patients,
            members: view.members(of: g).map(DTO.PracticeSummary.init),
            history: history.compactMap { c in
                Day(iso: c.from).map { DTO.MemberChange(id: c.id, practice: c.practice, practiceName: c.practiceName, from: $0, to: c.to.flatMap(Day.init(iso:))) }
            })
    }

    struct ImportEntry: Content {
        let id: Int64
        let format: String
        let files: String
        let extractDate: String?
        let importedAt: String
        let actor: String
    }

    @Sendable static func imports(_ req: Request) async throws -> [ImportEntry] {
        try await Store.sql(req.db).raw("SELECT id, format, files, extract_date, imported_at, actor, report FROM imports ORDER BY id DESC")
            .all(decoding: AdminController.ImportRow.self, with: snakeCaseRows)
            .map { ImportEntry(id: $0.id, format: $0.format, files: $0.files, extractDate: $0.extractDate, importedAt: $0.importedAt, actor: $0.actor) }
    }

    @Sendable static func importReport(_ req: Request) async throws -> ChangeReport {
        guard let id = req.parameters.get("id", as: Int64.self),
              let row = try await Store.sql(req.db).raw("SELECT id, format, files, extract_date, imported_at, actor, report FROM imports WHERE id = \(bind: id)")
                .first(decoding: AdminController.ImportRow.self, with: snakeCaseRows),
              let report = AdminController.summary(row) else {
            throw Abort(.notFound, reason: "There is no import with that number.")
        }
        return report
    }

    struct AuditEntry: Content {
        let seq: Int
        let recordedAt: String
        let actor: String
        let action: String
        let entity: String
        let entityId: String
        let before: String?
        let after: String?
        let hash: String
    }

    @Sendable static func audit(_ req: Request) async throws -> DTO.Page<AuditEntry> {
        let user = try req.requireUser()
        guard Permissions.canReadAudit(user) else { throw NotPermitted(description: "The audit log is open to administrators and consortium officers.") }
        let q = QueryReader(req: req)
        let page = try q.int("page", range: 1...1_000_000) ?? 1
        let perPage = try q.int("per_page", range: 1...1000) ?? 100
        let (rows, total) = try await AuditLog.page(on: Store.sql(req.db), offset: (page - 1) * perPage, limit: perPage,
                                                    entity: q.string("entity"), entityID: q.string("id"))
        return DTO.Page(date: Day.today(), total: total, page: page, perPage: perPage, items: rows.map {
            AuditEntry(seq: $0.seq, recordedAt: $0.recordedAt, actor: $0.actor, action: $0.action, entity: $0.entity,
                       entityId: $0.entityId, before: $0.beforeJson, after: $0.afterJson, hash: $0.hash)
        })
    }

    struct Me: Content {
        let username: String
        let displayName: String
        let isDemo: Bool
        let roles: [RoleGrant]
        let csrfToken: String?
    }

    @Sendable static func me(_ req: Request) async throws -> Me {
        let user = try req.requireUser()
        return Me(username: user.username, displayName: user.displayName, isDemo: user.isDemo, roles: user.grants, csrfToken: req.session_?.csrfToken)
    }

    // MARK: Federations

    struct FederationInput: Content {
        var name: String?
        var legalForm: String?
        var description: String?
        var validFrom: String?
        var validTo: String?
        var members: [String]?
    }

    struct MemberInput: Content {
        var practice: String?
        var validFrom: String?
        var validTo: String?
    }

    struct Created: Content {
        let code: String
        /// Members that were invited rather than recorded: they join when their practice managers accept.
        let invited: [String]
    }

    @Sendable static func createFederation(_ req: Request) async throws -> Response {
        let user = try Federations.requireCreator(req)
        let input = try req.content.decode(FederationInput.self)
        let details = try Federations.Details.validate(name: input.name, legalForm: input.legalForm, description: input.description,
                                                       validFrom: input.validFrom, validTo: input.validTo).get()
        let (code, invited) = try await Federations.create(details, members: (input.members ?? []).map { $0.uppercased() }, by: user,
                                                           app: req.application)
        let response = try await Created(code: code, invited: invited).encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/groups/\(code)")
        return response
    }

    @Sendable static func updateFederation(_ req: Request) async throws -> DTO.GroupDetail {
        let (group, user) = try await Federations.editable(req)
        let input = try req.content.decode(FederationInput.self)
        let details = try Federations.Details.validate(
            name: input.name ?? group.name, legalForm: input.legalForm ?? group.legalForm?.rawValue,
            description: input.description ?? group.description, validFrom: input.validFrom ?? group.validFrom.iso,
            validTo: input.validTo ?? group.validTo?.iso).get()
        try await Federations.update(group, to: details, by: user, app: req.application)
        return try await self.group(req, req.registryView(at: try QueryReader(req: req).date().day))
    }

    @Sendable static func addMember(_ req: Request) async throws -> Response {
        let (group, user) = try await Federations.editable(req)
        let input = try req.content.decode(MemberInput.self)
        guard let from = Day(iso: input.validFrom ?? "") else {
            throw Federations.Problem(field: "validFrom", message: "give the date the practice joined, as YYYY-MM-DD")
        }
        var to: Day?
        if let text = input.validTo {
            guard let day = Day(iso: text) else { throw Federations.Problem(field: "validTo", message: "give the date the practice left as YYYY-MM-DD, or leave it out") }
            to = day
        }
        switch try await Federations.addMember(group, practice: (input.practice ?? "").uppercased(), from: from, to: to, by: user, app: req.application) {
        case .member(let id):
            struct Added: Content { let id: Int64 }
            return try await Added(id: id).encodeResponse(status: .created, for: req)
        case .invited(let id):
            // Accepted for the practice to answer: it joins when one of its practice managers accepts.
            struct Invited: Content { let invitation: Int64; let status: String }
            let response = try await Invited(invitation: id, status: "pending").encodeResponse(status: .accepted, for: req)
            response.headers.replaceOrAdd(name: .location, value: "/api/v1/practices/\(input.practice?.uppercased() ?? "")/invitations")
            return response
        }
    }

    @Sendable static func changeMember(_ req: Request) async throws -> HTTPStatus {
        let (group, user) = try await Federations.editable(req)
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        struct Input: Content { var validTo: String? }
        let input = try req.content.decode(Input.self)
        var to: Day?
        if let text = input.validTo {
            guard let day = Day(iso: text) else { throw Federations.Problem(field: "validTo", message: "give the date the practice left as YYYY-MM-DD, or null to reopen") }
            to = day
        }
        try await Federations.changeMember(group, id: id, leftOn: to, remove: false, by: user, app: req.application)
        return .noContent
    }

    @Sendable static func removeMember(_ req: Request) async throws -> HTTPStatus {
        let (group, user) = try await Federations.editable(req)
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        try await Federations.changeMember(group, id: id, leftOn: nil, remove: true, by: user, app: req.application)
        return .noContent
    }
}
