import ConsortCore
import ConsortWeb
import Vapor

/// `GET /api/v1/fhir/Organization/{code}` and `GET /api/v1/fhir/Organization?…`: practices and
/// groups as FHIR R4 resources at a date (`date`, default the latest snapshot), read by code or
/// searched by `type`, `name` and `partof`, as a `searchset` Bundle. Problems answer with an
/// `OperationOutcome`, as FHIR clients expect.
package enum FHIRController {
    package struct Issue: Encodable, Sendable {
        package var severity = "error"
        package let code: String
        package let diagnostics: String
    }

    package struct OperationOutcome: Encodable, Sendable {
        package var resourceType = "OperationOutcome"
        package let issue: [Issue]
    }

    package struct Bundle: Encodable, Sendable {
        package struct Link: Encodable, Sendable {
            package let relation: String
            package let url: String
        }
        package struct Search: Encodable, Sendable { package var mode = "match" }
        package struct Entry: Encodable, Sendable {
            package let fullUrl: String
            package let resource: FHIR.Organization
            package var search = Search()
        }
        package var resourceType = "Bundle"
        package var type = "searchset"
        package let total: Int
        package let link: [Link]
        package let entry: [Entry]?
    }

    static func answer(_ value: some Encodable, status: HTTPResponseStatus = .ok) throws -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/fhir+json; charset=utf-8")
        return Response(status: status, headers: headers, body: .init(buffer: try JSONBody.encode(value)))
    }

    static func outcome(_ status: HTTPResponseStatus, _ code: String, _ text: String) throws -> Response {
        try answer(OperationOutcome(issue: [Issue(code: code, diagnostics: text)]), status: status)
    }

    @Sendable package static func read(_ req: Request) async throws -> Response {
        let view: RegistryView
        do { view = try await req.registryView(at: QueryReader(req: req).date().day) } catch let bad as BadParameter {
            return try outcome(.badRequest, "invalid", bad.reason)
        }
        let code = (req.parameters.get("code") ?? "").uppercased()
        if let p = view.practice(code) { return try answer(FHIR.organization(p, in: view)) }
        if let g = view.groups[code] { return try answer(FHIR.organization(g, in: view)) }
        return try outcome(
            .notFound, "not-found",
            "There is no practice or group with the code \(code) in the registry on \(view.date.iso).")
    }

    @Sendable package static func search(_ req: Request) async throws -> Response {
        do {
            let query = QueryReader(req: req)
            let view = try await req.registryView(at: try query.date().day)
            let search = try FHIRSearch(query)
            let matches = search.run(on: view)
            let count = search.count
            let page = min(search.page, max(1, (matches.count + count - 1) / count))
            let base = RegistryURL.API.fhirOrganizations.path
            func link(_ relation: String, _ page: Int) -> Bundle.Link {
                Bundle.Link(relation: relation, url: SiteURL.with(base, search.query(date: view.date, page: page)))
            }
            var links = [link("self", page)]
            if page * count < matches.count { links.append(link("next", page + 1)) }
            if page > 1 { links.append(link("previous", page - 1)) }
            let entries = matches.page(page, size: count).map {
                Bundle.Entry(fullUrl: "\(base)/\($0.id)", resource: $0)
            }
            return try answer(Bundle(total: matches.count, link: links, entry: entries.isEmpty ? nil : entries))
        } catch let bad as BadParameter {
            return try outcome(.badRequest, "invalid", bad.reason)
        }
    }
}

/// The search parameters of `Organization` that Consort supports: `type` (an ODS role code such
/// as 76 or `system|code`, or a Consort kind such as `network`, `federation`), `name` (starts a
/// word of the name at the date, any case; `name:contains` anywhere), `partof` (`Organization/CODE`
/// or `CODE`: the groups whose parent it is and the practices that belong to it at the date,
/// federations included), `identifier` (`system|CODE` or `CODE`), `_count` (1–500, default 50)
/// and `page`.
struct FHIRSearch {
    var types: [String] = []
    var name: String?
    var nameContains: String?
    var partOf: String?
    var identifier: String?
    var count = 50
    var page = 1

    init(_ query: QueryReader) throws {
        if let text = query.string("type") {
            types = text.split(separator: ",").map { String($0.split(separator: "|").last ?? "").lowercased() }
        }
        name = query.string("name")?.lowercased()
        nameContains = query.string("name:contains")?.lowercased()
        if let text = query.string("partof") {
            partOf = String(text.split(separator: "/").last ?? "").uppercased()
        }
        if let text = query.string("identifier") {
            let parts = text.split(separator: "|", omittingEmptySubsequences: false)
            if parts.count == 2, !parts[0].isEmpty, parts[0] != FHIR.odsCodeSystem {
                throw BadParameter(
                    name: "identifier", value: text, expected: "use \(FHIR.odsCodeSystem)|CODE or the ODS code alone")
            }
            identifier = String(parts.last ?? "").uppercased()
        }
        count = try query.int("_count", range: 1...500) ?? 50
        page = try query.int("page", range: 1...1_000_000) ?? 1
        for type in types where !FHIRSearch.knownTypes.contains(type) {
            throw BadParameter(
                name: "type", value: type,
                expected: "use an ODS role code (76, 272, 98, 319, 318, 209) or a kind: practice, "
                    + GroupKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
    }

    static let knownTypes: Set<String> = Set(["76", "272", "98", "319", "318", "209", "practice"]).union(
        GroupKind.allCases.map(\.rawValue))

    func matchesType(_ resource: FHIR.Organization, kind: GroupKind?) -> Bool {
        guard !types.isEmpty else { return true }
        let codes = (resource.type.first?.coding ?? []).map(\.code) + [kind?.rawValue ?? "practice"]
        return codes.contains { types.contains($0) }
    }

    func matchesName(_ text: String) -> Bool {
        let lower = text.lowercased()
        if let nameContains, !lower.contains(nameContains) { return false }
        guard let name else { return true }
        return lower.hasPrefix(name) || lower.contains(" " + name)
    }

    func run(on view: RegistryView) -> [FHIR.Organization] {
        var out: [FHIR.Organization] = []
        // Practices as indexes into the view, groups by code.
        var practices: [Int]
        var groupCodes: [String]
        if let partOf {
            let group = view.groups[partOf]
            practices = group?.members ?? []
            groupCodes = group?.children.filter { view.groups[$0]?.members.isEmpty == false } ?? []
        } else {
            practices = Array(view.practices.indices)
            groupCodes = GroupKind.allCases.flatMap { view.active[$0] ?? [] }
        }
        if let identifier {
            practices = practices.filter { view.practices[$0].code == identifier }
            groupCodes = groupCodes.filter { $0 == identifier && view.groups[$0].map(FHIR.hasODSCode) == true }
        }
        for i in practices {
            let p = view.practices[i]
            guard matchesName(p.name) else { continue }
            let resource = FHIR.organization(p, in: view)
            if matchesType(resource, kind: nil) { out.append(resource) }
        }
        for code in groupCodes.sorted() {
            guard let g = view.groups[code], matchesName(g.name) else { continue }
            let resource = FHIR.organization(g, in: view)
            if matchesType(resource, kind: g.kind) { out.append(resource) }
        }
        return out
    }

    func query(date: Day, page: Int) -> [(String, String)] {
        var items: [(String, String)] = [("date", date.iso)]
        if !types.isEmpty { items.append(("type", types.joined(separator: ","))) }
        if let name { items.append(("name", name)) }
        if let nameContains { items.append(("name:contains", nameContains)) }
        if let partOf { items.append(("partof", "Organization/\(partOf)")) }
        if let identifier { items.append(("identifier", "\(FHIR.odsCodeSystem)|\(identifier)")) }
        return items + [("_count", String(count)), ("page", String(page))]
    }
}
