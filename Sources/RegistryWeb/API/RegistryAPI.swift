import ConsortCore
import ConsortWeb
import Importers
import SQLKit
import Vapor

/// The JSON API under `/api/v1/`: everything the registry pages show, and the federation
/// writes. Reads are public; writes need an account (session cookie with the `X-CSRF-Token`
/// header, or `Authorization: Bearer` with an API token).
package enum APIController {
    package static func view(_ req: Request) async throws -> RegistryView {
        try await req.registryView(at: QueryReader(req: req).date().day)
    }

    @Sendable package static func summary(_ req: Request) async throws -> Response {
        let view = try await view(req)
        return try await req.cachedJSON(view: view) { summary(view) }
    }

    package static func summary(_ view: RegistryView) -> DTO.Summary {
        var counts: [String: Int] = [:]
        for kind in GroupKind.allCases { counts[kind.rawValue] = view.active[kind]?.count ?? 0 }
        return DTO.Summary(
            date: view.date, latestSnapshot: view.latestSnapshot, practices: view.practices.count,
            patients: view.totalPatients, patientsSource: view.totalPatientsSource, listSizes: view.sizeStatus(),
            groups: counts,
            regions: (view.active[.region] ?? []).compactMap { view.groups[$0] }.map(DTO.GroupSummary.init))
    }

    @Sendable package static func practices(_ req: Request) async throws -> Response {
        let view = try await view(req)
        let query = try PracticeQuery(req)
        return try await req.cachedJSON(view: view) { practices(query, view) }
    }

    package static func practices(_ query: PracticeQuery, _ view: RegistryView) -> APIPage<DTO.PracticeSummary> {
        let rows = query.run(on: view)
        return APIPage(
            date: view.date, total: rows.count, page: query.page, perPage: query.perPage,
            items: rows.page(query.page, size: query.perPage).map { DTO.PracticeSummary(view.practices[$0]) })
    }

    @Sendable package static func practice(_ req: Request) async throws -> Response {
        let view = try await view(req)
        return try await req.cachedJSON(view: view) { try await practice(req, view) }
    }

    package static func practice(_ req: Request, _ view: RegistryView) async throws -> DTO.PracticeDetail {
        let code = (req.parameters.get("code") ?? "").uppercased()
        guard let history = try await PracticeHistory.load(code: code, on: Store.sql(req.db)) else {
            throw Abort(.notFound, reason: "There is no practice with the code \(code) in the registry.")
        }
        let row = history.row
        let p = view.practice(code)
        let groups = ((p.map { Array($0.groups.values) } ?? []) + (p?.federations ?? [])).compactMap { view.groups[$0] }
            .sorted { $0.kind < $1.kind }.map(DTO.GroupSummary.init)
        return DTO.PracticeDetail(
            date: view.date, code: row.code, name: p?.name ?? row.name, openAtDate: p != nil, address: row.address,
            postcode: row.postcode,
            phone: row.phone, latitude: row.latitude, longitude: row.longitude, easting: row.easting,
            northing: row.northing,
            odsStatus: row.odsStatus, odsOpenedOn: row.odsOpenedOn.flatMap(Day.init(iso:)),
            knownFrom: try day(row.knownFrom, "known_from"),
            closedOn: row.closedOn.flatMap(Day.init(iso:)), listSize: p?.listSize, listSizeOn: p?.listSizeOn,
            weightedListSize: p?.weightedListSize,
            imdScore: row.imdScore, imdDecile: row.imdDecile, rurality: row.rurality, contractType: row.contractType,
            dispensing: row.dispensing,
            groups: groups,
            memberships: history.memberships.compactMap { m, name in
                guard let kind = GroupKind(rawValue: m.kind), let from = Day(iso: m.validFrom) else { return nil }
                return DTO.MembershipEntry(
                    group: m.groupCode, groupName: name, kind: kind, from: from, to: m.validTo.flatMap(Day.init(iso:)))
            },
            listSizes: history.listSizes.compactMap { s in
                Day(iso: s.onDate).map {
                    DTO.ListSizeEntry(on: $0, patients: s.patients, weightedPatients: s.weightedPatients)
                }
            })
    }

    @Sendable package static func groups(_ req: Request) async throws -> Response {
        let view = try await view(req)
        let kind = try QueryReader(req: req).string("kind").map { text in
            guard let kind = GroupKind(rawValue: text) else {
                throw BadParameter(
                    name: "kind", value: text,
                    expected: "use one of " + GroupKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return kind
        }
        let query = try GroupQuery(req)
        return try await req.cachedJSON(view: view) {
            let rows = (kind.map { [$0] } ?? GroupKind.allCases).flatMap { query.run(kind: $0, on: view) }
            return APIPage(
                date: view.date, total: rows.count, page: query.page, perPage: query.perPage,
                items: rows.page(query.page, size: query.perPage).map(DTO.GroupSummary.init))
        }
    }

    @Sendable package static func group(_ req: Request) async throws -> Response {
        let view = try await view(req)
        return try await req.cachedJSON(view: view) { try await group(req, view) }
    }

    package static func group(_ req: Request, _ view: RegistryView) async throws -> DTO.GroupDetail {
        let code = (req.parameters.get("code") ?? "").uppercased()
        guard let g = view.groups[code] else {
            throw Abort(.notFound, reason: "There is no group with the code \(code) in the registry.")
        }
        let history = try await GroupHistory.changes(of: code, on: Store.sql(req.db))
        var detail = DTO.GroupDetail(
            date: view.date, code: g.code, kind: g.kind, name: g.name, onsCode: g.onsCode, legalForm: g.legalForm,
            description: g.description,
            validFrom: g.validFrom, validTo: g.validTo, source: g.source,
            ancestors: view.ancestors(of: code).map(DTO.GroupSummary.init),
            children: g.children.compactMap { view.groups[$0] }.filter { !$0.members.isEmpty }.map(
                DTO.GroupSummary.init),
            practices: g.members.count, patients: g.patients, patientsSource: g.patientsSource,
            listSizes: view.sizeStatus(of: g.members), members: view.members(of: g).map(DTO.PracticeSummary.init),
            history: history.compactMap { c in
                Day(iso: c.from).map {
                    DTO.MemberChange(
                        id: c.id, practice: c.practice, practiceName: c.practiceName, from: $0,
                        to: c.to.flatMap(Day.init(iso:)))
                }
            })
        detail.lineage = try await GroupLineage.flows(of: code, on: Store.sql(req.db)).map(DTO.Flow.init)
        return detail
    }

    package struct ImportEntry: Content {
        package let id: Int64
        package let format: String
        package let files: String
        package let extractDate: String?
        package let importedAt: String
        package let actor: String

        package init(id: Int64, format: String, files: String, extractDate: String?, importedAt: String, actor: String)
        {
            self.id = id
            self.format = format
            self.files = files
            self.extractDate = extractDate
            self.importedAt = importedAt
            self.actor = actor
        }
    }

    @Sendable package static func imports(_ req: Request) async throws -> [ImportEntry] {
        try await ImportLog.all(on: Store.sql(req.db)).map {
            ImportEntry(
                id: $0.id, format: $0.format, files: $0.files, extractDate: $0.extractDate, importedAt: $0.importedAt,
                actor: $0.actor)
        }
    }

    @Sendable package static func importReport(_ req: Request) async throws -> ChangeReport {
        guard let id = req.parameters.get("id", as: Int64.self),
            let row = try await ImportLog.row(id, on: Store.sql(req.db)),
            let report = ImportLog.summary(row)
        else {
            throw Abort(.notFound, reason: "There is no import with that number.")
        }
        return report
    }

    // MARK: Federations

    package struct FederationInput: Content {
        package var name: String?
        package var legalForm: String?
        package var description: String?
        package var validFrom: String?
        package var validTo: String?
        package var members: [String]?

        package init(
            name: String? = nil, legalForm: String? = nil, description: String? = nil, validFrom: String? = nil,
            validTo: String? = nil, members: [String]? = nil
        ) {
            self.name = name
            self.legalForm = legalForm
            self.description = description
            self.validFrom = validFrom
            self.validTo = validTo
            self.members = members
        }
    }

    package struct MemberInput: Content {
        package var practice: String?
        package var validFrom: String?
        package var validTo: String?

        package init(practice: String? = nil, validFrom: String? = nil, validTo: String? = nil) {
            self.practice = practice
            self.validFrom = validFrom
            self.validTo = validTo
        }
    }

    package struct Created: Content {
        package let code: String
        /// Members that were invited rather than recorded: they join when their practice managers accept.
        package let invited: [String]

        package init(code: String, invited: [String]) {
            self.code = code
            self.invited = invited
        }
    }

    @Sendable package static func createFederation(_ req: Request) async throws -> Response {
        let user = try Federations.requireCreator(req)
        let input = try req.content.decode(FederationInput.self)
        let details = try Federations.Details.validate(
            name: input.name, legalForm: input.legalForm, description: input.description,
            validFrom: input.validFrom, validTo: input.validTo
        ).get()
        let (code, invited) = try await Federations.create(
            details, members: (input.members ?? []).map { $0.uppercased() }, by: user,
            app: req.application)
        let response = try await Created(code: code, invited: invited).encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: RegistryURL.API.group(.value(code)).path)
        return response
    }

    @Sendable package static func updateFederation(_ req: Request) async throws -> DTO.GroupDetail {
        let (group, user) = try await Federations.editable(req)
        let input = try req.content.decode(FederationInput.self)
        let details = try Federations.Details.validate(
            name: input.name ?? group.name, legalForm: input.legalForm ?? group.legalForm?.rawValue,
            description: input.description ?? group.description, validFrom: input.validFrom ?? group.validFrom.iso,
            validTo: input.validTo ?? group.validTo?.iso
        ).get()
        try await Federations.update(group, to: details, by: user, app: req.application)
        return try await self.group(req, req.registryView(at: try QueryReader(req: req).date().day))
    }

    @Sendable package static func addMember(_ req: Request) async throws -> Response {
        let (group, user) = try await Federations.editable(req)
        let input = try req.content.decode(MemberInput.self)
        guard let from = Day(iso: input.validFrom ?? "") else {
            throw Federations.Problem(field: "validFrom", message: "give the date the practice joined, as YYYY-MM-DD")
        }
        var to: Day?
        if let text = input.validTo {
            guard let day = Day(iso: text) else {
                throw Federations.Problem(
                    field: "validTo", message: "give the date the practice left as YYYY-MM-DD, or leave it out")
            }
            to = day
        }
        switch try await Federations.addMember(
            group, practice: (input.practice ?? "").uppercased(), from: from, to: to, by: user, app: req.application)
        {
        case .member(let id):
            struct Added: Content { package let id: Int64 }
            return try await Added(id: id).encodeResponse(status: .created, for: req)
        case .invited(let id):
            // Accepted for the practice to answer: it joins when one of its practice managers accepts.
            struct Invited: Content {
                package let invitation: Int64
                package let status: String
            }
            let response = try await Invited(invitation: id, status: "pending").encodeResponse(
                status: .accepted, for: req)
            response.headers.replaceOrAdd(
                name: .location,
                value: RegistryURL.API.practiceInvitations(.value(input.practice?.uppercased() ?? "")).path)
            return response
        }
    }

    @Sendable package static func changeMember(_ req: Request) async throws -> HTTPStatus {
        let (group, user) = try await Federations.editable(req)
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        struct Input: Content { package var validTo: String? }
        let input = try req.content.decode(Input.self)
        var to: Day?
        if let text = input.validTo {
            guard let day = Day(iso: text) else {
                throw Federations.Problem(
                    field: "validTo", message: "give the date the practice left as YYYY-MM-DD, or null to reopen")
            }
            to = day
        }
        try await Federations.changeMember(group, id: id, leftOn: to, remove: false, by: user, app: req.application)
        return .noContent
    }

    @Sendable package static func removeMember(_ req: Request) async throws -> HTTPStatus {
        let (group, user) = try await Federations.editable(req)
        guard let id = req.parameters.get("id", as: Int64.self) else { throw Abort(.notFound) }
        try await Federations.changeMember(group, id: id, leftOn: nil, remove: true, by: user, app: req.application)
        return .noContent
    }
}
