import Charts
import ConsortCore
import ConsortWeb
import Vapor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The practice search: free text over name, code, postcode and network name, or the name of a
/// town (practices within a few kilometres of it), and filters.
package struct PracticeQuery: Sendable {
    package enum Sort: String, CaseIterable, Sendable {
        case code, name, postcode
        case listSize = "list_size"
        case imd
        case network, consortium
    }

    package var text: String?
    package var group: String?
    package var minList: Int?
    package var maxList: Int?
    package var decile: Int?
    package var rurality: String?
    package var sort: Sort = .name
    package var direction: SortDirection = .asc
    package var page = 1
    package var perPage = 50

    package static let pageSizes = [25, 50, 100, 200]
    /// Named places (OS Open Names towns and cities, ONS major towns) a search can name.
    package var places: [GeoJSON.Place] = []
    /// How near a named place a practice must be to be found by its name: a town, a city.
    package static let townRadius = 5_000.0
    package static let cityRadius = 8_000.0

    package init() {}

    package init(_ req: Request) throws {
        let q = QueryReader(req: req)
        text = q.string("q")
        places = req.application.basemap.places
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
            throw BadParameter(
                name: "min_list", value: String(minList),
                expected: "the smallest list size must not exceed max_list (\(maxList))")
        }
    }

    /// The query as URL items, for links and downloads.
    package var items: [(String, String)] {
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

    package var isFiltered: Bool {
        text != nil || group != nil || minList != nil || maxList != nil || decile != nil || rurality != nil
    }

    /// The practices near the place the search text names (a town's name, whole), if it names one.
    package func nearPlace(_ view: RegistryView) -> Set<Int> {
        let name = (text ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard name.count >= 3, let place = places.first(where: { $0.name.lowercased() == name }) else { return [] }
        let radius = place.kind == "Town" ? Self.townRadius : Self.cityRadius
        var out = Set<Int>()
        for (i, p) in view.practices.enumerated() {
            guard let g = p.gridPoint else { continue }
            let de = g.easting - place.point.easting
            let dn = g.northing - place.point.northing
            if de * de + dn * dn <= radius * radius { out.insert(i) }
        }
        return out
    }

    /// The indices (into `view.practices`) of every matching practice, sorted. Works on indices
    /// and precomputed ranks and byte strings: it runs on every search.
    package func run(on view: RegistryView) -> [Int] {
        let tokens = (text ?? "").lowercased().split(whereSeparator: { $0 == " " || $0 == "," }).map { Array($0.utf8) }
        let candidates: [Int]
        if let group {
            candidates = (view.groups[group]?.members ?? [])
        } else {
            candidates = Array(view.practices.indices)
        }
        var rows: [Int] = []
        rows.reserveCapacity(candidates.count)
        let practices = view.practices
        let near = nearPlace(view)
        let keys = view.searchKeys
        let masks = view.searchMasks
        let needed = tokens.reduce(UInt64(0)) { $0 | characterMask($1) }
        for i in candidates {
            if !tokens.isEmpty {
                let matches = masks[i] & needed == needed && tokens.allSatisfy({ contains(keys[i], $0) })
                guard matches || near.contains(i) else { continue }
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
                case (let x?, let y?): return x == y ? nameRank[a.1] < nameRank[b.1] : (ascending ? x < y : x > y)
                case (nil, nil): return nameRank[a.1] < nameRank[b.1]
                case (nil, _): return false
                case (_, nil): return true
                }
            }.map(\.1)
        }
        switch sort {
        case .code:
            rows.sort { ascending ? practices[$0].code < practices[$1].code : practices[$0].code > practices[$1].code }
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

/// The list of groups of one kind.
package struct GroupQuery: Sendable {
    package enum Sort: String, CaseIterable, Sendable {
        case code, name, practices, patients
    }

    package var text: String?
    package var parent: String?
    package var includeEmpty = false
    package var sort: Sort = .name
    package var direction: SortDirection = .asc
    package var page = 1
    package var perPage = 100

    /// Every group of the kind, by name.
    package init() {}

    package init(_ req: Request) throws {
        let q = QueryReader(req: req)
        text = q.string("q")
        parent = q.string("parent")?.uppercased()
        includeEmpty = q.string("all") == "1"
        sort = try q.choice("sort", Sort.self, default: .name)
        direction = try q.choice("dir", SortDirection.self, default: .asc)
        page = try q.int("page", range: 1...1_000_000) ?? 1
        perPage = try q.int("per_page", range: 1...2000) ?? 100
    }

    package var items: [(String, String)] {
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

    package func run(kind: GroupKind, on view: RegistryView) -> [GroupInfo] {
        let tokens = (text ?? "").lowercased().split(separator: " ").map { Array($0.utf8) }
        var rows = view.groups.values.filter { g in
            guard g.kind == kind else { return false }
            guard includeEmpty || !g.members.isEmpty || (kind == .federation && g.isOpen(at: view.date)) else {
                return false
            }
            if let parent, g.parent != parent { return false }
            guard !tokens.isEmpty else { return true }
            let hay = Array("\(g.name) \(g.code)".lowercased().utf8)
            return tokens.allSatisfy { contains(hay, $0) }
        }
        let asc = direction == .asc
        switch sort {
        case .code: rows.sort { asc ? $0.code < $1.code : $0.code > $1.code }
        case .name: rows.sort { (($0.name, $0.code) < ($1.name, $1.code)) == asc }
        case .practices:
            rows.sort {
                $0.members.count == $1.members.count ? $0.code < $1.code : ($0.members.count < $1.members.count) == asc
            }
        case .patients:
            rows.sort { $0.patients == $1.patients ? $0.code < $1.code : ($0.patients < $1.patients) == asc }
        }
        return rows
    }
}
