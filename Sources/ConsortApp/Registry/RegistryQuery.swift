import ConsortCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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
    private let values: [String: String]

    /// Reads the request's query string once; any query string, however malformed, is read.
    init(req: Request) {
        values = FormEncoding.firstValues(req.url.query ?? "")
    }

    func string(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    func int(_ name: String, range: ClosedRange<Int>) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw BadParameter(name: name, value: text, expected: "use a whole number from \(range.lowerBound) to \(grouped(range.upperBound))")
        }
        return value
    }

    func double(_ name: String, range: ClosedRange<Double>) throws -> Double? {
        guard let text = string(name) else { return nil }
        guard let value = Double(text.replacingOccurrences(of: ",", with: "")), range.contains(value) else {
            throw BadParameter(name: name, value: text, expected: "use a number from \(svgNumber(range.lowerBound, digits: 2)) to \(svgNumber(range.upperBound, digits: 2))")
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

    func choice<T: RawRepresentable>(_ name: String, _ type: T.Type, default value: T?) throws -> T? where T.RawValue == String, T: CaseIterable {
        guard let text = string(name) else { return value }
        guard let choice = T(rawValue: text) else {
            throw BadParameter(name: name, value: text, expected: "use one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return choice
    }

    func choice<T: RawRepresentable>(_ name: String, _ type: T.Type, default value: T) throws -> T where T.RawValue == String, T: CaseIterable {
        guard let text = string(name) else { return value }
        guard let choice = T(rawValue: text) else {
            throw BadParameter(name: name, value: text, expected: "use one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return choice
    }
}


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

    /// The indices (into `view.practices`) of every matching practice, sorted. Works on indices
    /// and precomputed ranks and byte strings: it runs on every search.
    func run(on view: RegistryView) -> [Int] {
        let tokens = (text ?? "").lowercased().split(whereSeparator: { $0 == " " || $0 == "," }).map { Array($0.utf8) }
        let candidates: [Int]
        if let group { candidates = (view.groups[group]?.members ?? []) } else { candidates = Array(view.practices.indices) }
        var rows: [Int] = []
        rows.reserveCapacity(candidates.count)
        let practices = view.practices, keys = view.searchKeys, masks = view.searchMasks
        let needed = tokens.reduce(UInt64(0)) { $0 | characterMask($1) }
        for i in candidates {
            if !tokens.isEmpty {
                guard masks[i] & needed == needed, tokens.allSatisfy({ contains(keys[i], $0) }) else { continue }
            }
            if minList != nil || maxList != nil {
                let size = practices[i].listSize
                if let minList, (size ?? -1) < minList { continue }
                if let maxList, (size ?? Int.max) > maxList { continue }
            }
            if let decile, practices[i].imdDecile != decile { continue }
            if let rurality {
                let value = practices[i].rurality
                if rurality == "unknown" ? value != nil : value != rurality { continue }
            }
            rows.append(i)
        }
        let ascending = direction == .asc
        let nameRank = view.nameRank
        /// Orders by a key that may be missing (missing last, whichever the direction), then by name.
        func by<T: Comparable>(_ key: (Int) -> T?) {
            let keyed = rows.map { (key($0), $0) }
            rows = keyed.sorted { a, b in
                switch (a.0, b.0) {
                case let (x?, y?): return x == y ? nameRank[a.1] < nameRank[b.1] : (ascending ? x < y : x > y)
                case (nil, nil): return nameRank[a.1] < nameRank[b.1]
                case (nil, _): return false
                case (_, nil): return true
                }
            }.map(\.1)
        }
        switch sort {
        case .code: rows.sort { ascending ? practices[$0].code < practices[$1].code : practices[$0].code > practices[$1].code }
        case .name: rows.sort { ascending ? nameRank[$0] < nameRank[$1] : nameRank[$0] > nameRank[$1] }
        case .postcode: by { practices[$0].postcode == nil ? nil : view.postcodeRank[$0] }
        case .listSize: by { practices[$0].listSize }
        case .imd: by { practices[$0].imdScore }
        case .network: by { practices[$0].groups[.network] }
        case .consortium: by { practices[$0].groups[.consortium] }
        }
        return rows
    }
}

/// Whether `needle` occurs in `haystack` (bytes; both already lower-cased).
func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty else { return true }
    guard haystack.count >= needle.count else { return false }
    // memchr finds candidate first bytes with vector instructions; memcmp checks the rest.
    return haystack.withUnsafeBytes { h in
        needle.withUnsafeBytes { n in
            let base = h.baseAddress!, first = Int32(n[0]), length = n.count
            var offset = 0
            while offset <= h.count - length {
                guard let hit = memchr(base + offset, first, h.count - length - offset + 1) else { return false }
                let at = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + at, n.baseAddress!, length) == 0 { return true }
                offset = at + 1
            }
            return false
        }
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
        let tokens = (text ?? "").lowercased().split(separator: " ").map { Array($0.utf8) }
        var rows = view.groups.values.filter { g in
            guard g.kind == kind else { return false }
            guard includeEmpty || !g.members.isEmpty || (kind == .federation && g.isOpen(at: view.date)) else { return false }
            if let parent, g.parent != parent { return false }
            guard !tokens.isEmpty else { return true }
            let hay = Array("\(g.name) \(g.code)".lowercased().utf8)
            return tokens.allSatisfy { contains(hay, $0) }
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
