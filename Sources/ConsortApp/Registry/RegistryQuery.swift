import ConsortCore
import Vapor

/// A request parameter that cannot be used, reported with its name and what to do.
struct BadParameter: AbortError {
    let name: String
    let value: String
    let expected: String

    var status: HTTPResponseStatus { .badRequest }
    var reason: String { "The parameter \(name)=\(value) is not valid: \(expected)." }
}

/// Reading the query parameters every registry page and API call shares.
struct QueryReader {
    let req: Request

    func string(_ name: String) -> String? {
        guard let value = req.query[String.self, at: name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    func int(_ name: String, range: ClosedRange<Int>) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw BadParameter(name: name, value: text, expected: "use a whole number from \(range.lowerBound) to \(grouped(range.upperBound))")
        }
        return value
    }

    /// The "as at" date: `date=YYYY-MM-DD`, today by default.
    func date() throws -> (day: Day, given: Bool) {
        guard let text = string("date") else { return (Day.today(), false) }
        guard let day = Day(iso: text) else {
            throw BadParameter(name: "date", value: text, expected: "use a date in the form YYYY-MM-DD, for example 2022-01-01")
        }
        return (day, true)
    }

    func choice<T: RawRepresentable>(_ name: String, _ type: T.Type, default value: T) throws -> T where T.RawValue == String, T: CaseIterable {
        guard let text = string(name) else { return value }
        guard let choice = T(rawValue: text) else {
            throw BadParameter(name: name, value: text, expected: "use one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return choice
    }
}

private func grouped(_ n: Int) -> String { n.formatted() }

enum SortDirection: String, CaseIterable, Sendable { case asc, desc }

/// The practice search: free text over name, code and postcode, and filters.
struct PracticeQuery: Sendable {
    enum Sort: String, CaseIterable, Sendable {
        case code, name, postcode
        case listSize = "list_size"
        case imd
        case network, consortium
    }

    var text: String?
    var group: String?
    var minList: Int?
    var maxList: Int?
    var decile: Int?
    var rurality: String?
    var sort: Sort = .name
    var direction: SortDirection = .asc
    var page = 1
    var perPage = 50

    static let pageSizes = [25, 50, 100, 200]

    init() {}

    init(_ req: Request) throws {
        let q = QueryReader(req: req)
        text = q.string("q")
        group = q.string("group")?.uppercased()
        minList = try q.int("min_list", range: 0...10_000_000)
        maxList = try q.int("max_list", range: 0...10_000_000)
        decile = try q.int("decile", range: 1...10)
        if let r = q.string("rurality") {
            guard ["Urban", "Rural", "unknown"].contains(r) else {
                throw BadParameter(name: "rurality", value: r, expected: "use Urban, Rural or unknown")
            }
            rurality = r
        }
        sort = try q.choice("sort", Sort.self, default: .name)
        direction = try q.choice("dir", SortDirection.self, default: .asc)
        page = try q.int("page", range: 1...1_000_000) ?? 1
        perPage = try q.int("per_page", range: 1...1000) ?? 50
        if let minList, let maxList, minList > maxList {
            throw BadParameter(name: "min_list", value: String(minList), expected: "the smallest list size must not exceed max_list (\(maxList))")
        }
    }

    /// The query as URL items, for links and downloads.
    var items: [(String, String)] {
        var out: [(String, String)] = []
        if let text { out.append(("q", text)) }
        if let group { out.append(("group", group)) }
        if let minList { out.append(("min_list", String(minList))) }
        if let maxList { out.append(("max_list", String(maxList))) }
        if let decile { out.append(("decile", String(decile))) }
        if let rurality { out.append(("rurality", rurality)) }
        if sort != .name { out.append(("sort", sort.rawValue)) }
        if direction != .asc { out.append(("dir", direction.rawValue)) }
        if perPage != 50 { out.append(("per_page", String(perPage))) }
        if page != 1 { out.append(("page", String(page))) }
        return out
    }

    var isFiltered: Bool { text != nil || group != nil || minList != nil || maxList != nil || decile != nil || rurality != nil }

    /// Every matching practice, sorted.
    func run(on view: RegistryView) -> [PracticeInfo] {
        let tokens = (text ?? "").lowercased().split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        let groupMembers: Set<Int>? = group.map { code in Set(view.groups[code]?.members ?? []) }
        var rows: [PracticeInfo] = []
        for (i, p) in view.practices.enumerated() {
            if let groupMembers, !groupMembers.contains(i) { continue }
            if !tokens.allSatisfy({ p.searchText.contains($0) }) { continue }
            if let minList, (p.listSize ?? -1) < minList { continue }
            if let maxList, (p.listSize ?? Int.max) > maxList { continue }
            if let decile, p.imdDecile != decile { continue }
            if let rurality {
                if rurality == "unknown" ? p.rurality != nil : p.rurality != rurality { continue }
            }
            rows.append(p)
        }
        let ascending = direction == .asc
        func order<T: Comparable>(_ a: T?, _ b: T?, _ ta: String, _ tb: String) -> Bool {
            switch (a, b) {
            case let (x?, y?): return x == y ? ta < tb : (ascending ? x < y : x > y)
            case (nil, nil): return ta < tb
            case (nil, _): return false  // unknown values last, either way
            case (_, nil): return true
            }
        }
        switch sort {
        case .code: rows.sort { ascending ? $0.code < $1.code : $0.code > $1.code }
        case .name: rows.sort { order($0.name, $1.name, $0.code, $1.code) }
        case .postcode: rows.sort { order($0.postcode, $1.postcode, $0.code, $1.code) }
        case .listSize: rows.sort { order($0.listSize, $1.listSize, $0.code, $1.code) }
        case .imd: rows.sort { order($0.imdScore, $1.imdScore, $0.code, $1.code) }
        case .network: rows.sort { order($0.groups[.network], $1.groups[.network], $0.code, $1.code) }
        case .consortium: rows.sort { order($0.groups[.consortium], $1.groups[.consortium], $0.code, $1.code) }
        }
        return rows
    }
}

/// The list of groups of one kind.
struct GroupQuery: Sendable {
    enum Sort: String, CaseIterable, Sendable {
        case code, name, practices, patients
    }

    var text: String?
    var parent: String?
    var includeEmpty = false
    var sort: Sort = .name
    var direction: SortDirection = .asc
    var page = 1
    var perPage = 100

    init(_ req: Request) throws {
        let q = QueryReader(req: req)
        text = q.string("q")
        parent = q.string("parent")?.uppercased()
        includeEmpty = q.string("all") == "1"
        sort = try q.choice("sort", Sort.self, default: .name)
        direction = try q.choice("dir", SortDirection.self, default: .asc)
        page = try q.int("page", range: 1...1_000_000) ?? 1
        perPage = try q.int("per_page", range: 1...2000) ?? 100
    }

    var items: [(String, String)] {
        var out: [(String, String)] = []
        if let text { out.append(("q", text)) }
        if let parent { out.append(("parent", parent)) }
        if includeEmpty { out.append(("all", "1")) }
        if sort != .name { out.append(("sort", sort.rawValue)) }
        if direction != .asc { out.append(("dir", direction.rawValue)) }
        if perPage != 100 { out.append(("per_page", String(perPage))) }
        if page != 1 { out.append(("page", String(page))) }
        return out
    }

    func run(kind: GroupKind, on view: RegistryView) -> [GroupInfo] {
        let tokens = (text ?? "").lowercased().split(separator: " ").map(String.init)
        var rows = view.groups.values.filter { g in
            guard g.kind == kind else { return false }
            guard includeEmpty || !g.members.isEmpty || (kind == .federation && g.isOpen(at: view.date)) else { return false }
            if let parent, g.parent != parent { return false }
            let hay = "\(g.name.lowercased()) \(g.code.lowercased())"
            return tokens.allSatisfy { hay.contains($0) }
        }
        let asc = direction == .asc
        switch sort {
        case .code: rows.sort { asc ? $0.code < $1.code : $0.code > $1.code }
        case .name: rows.sort { (($0.name, $0.code) < ($1.name, $1.code)) == asc }
        case .practices: rows.sort { $0.members.count == $1.members.count ? $0.code < $1.code : ($0.members.count < $1.members.count) == asc }
        case .patients: rows.sort { $0.patients == $1.patients ? $0.code < $1.code : ($0.patients < $1.patients) == asc }
        }
        return rows
    }
}

extension Array {
    func page(_ page: Int, size: Int) -> ArraySlice<Element> {
        let start = Swift.min((page - 1) * size, count)
        return self[start..<Swift.min(start + size, count)]
    }
}
