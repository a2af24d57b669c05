import ConsortCore
import Foundation

/// A map of practices coloured by the group they belong to, so that a configuration can be
/// seen at a glance: each group's practices are dots of its colour inside the shaded outline
/// (convex hull) of the group, over the backdrop of coastline, boundaries and place names.
/// Neighbouring groups never share a colour where the palette allows (see `colours`); groups
/// flagged (e.g. outside a size band) are ringed in red. A legend names the groups when they
/// are few enough to list.
public struct GroupMap: Sendable {
    /// Colours available; the stylesheet defines `map-g0` … `map-g9` (dots) and `map-h0` …
    /// `map-h9` (outlines).
    public static let palette = 10
    /// Groups named one by one in the legend, at most.
    public static let legendLimit = 24

    public var id: String
    public var title: String
    public var description: String
    public var points: [GridPoint]
    /// The group of each point (an index), or -1 for a practice in no group.
    public var groups: [Int]
    /// The name of each group index, for the legend (optional).
    public var names: [Int: String]
    /// Pairs of point indices that are neighbours.
    public var links: [(Int, Int)]
    /// The boundary of a group where it has one (an NHS area with a boundary file), drawn
    /// instead of the outline of its practices.
    public var shapes: [Int: GeoJSON.Area]
    public var flagged: Set<Int>
    public var flagLabel: String
    /// Other practices in the frame, in grey.
    public var context: [GridPoint]
    public var width: Double
    public var backdrop: Basemap.Backdrop?

    public init(
        id: String, title: String, description: String, points: [GridPoint], groups: [Int],
        names: [Int: String] = [:], links: [(Int, Int)], shapes: [Int: GeoJSON.Area] = [:], flagged: Set<Int> = [],
        flagLabel: String = "flagged",
        context: [GridPoint] = [], width: Double = 640, backdrop: Basemap.Backdrop? = nil
    ) {
        self.context = context
        self.id = id
        self.title = title
        self.description = description
        self.points = points
        self.groups = groups
        self.names = names
        self.links = links
        self.shapes = shapes
        self.flagged = flagged
        self.flagLabel = flagLabel
        self.width = width
        self.backdrop = backdrop
    }

    /// A colour for each group such that groups sharing a link differ: DSatur colouring (Brélaz
    /// 1979) — repeatedly the uncoloured group with the most differently coloured neighbours
    /// (then the most neighbours) takes the first colour none of its neighbours has. With
    /// `palette` colours this never fails on a graph whose groups have fewer than `palette`
    /// neighbours; beyond that a clash is possible and the least used colour among neighbours
    /// is taken.
    public static func colours(groups: [Int], links: [(Int, Int)], palette: Int = GroupMap.palette) -> [Int: Int] {
        var adjacent: [Int: Set<Int>] = [:]
        for g in groups where g >= 0 { adjacent[g, default: []] = adjacent[g] ?? [] }
        for (a, b) in links where groups.indices.contains(a) && groups.indices.contains(b) {
            let ga = groups[a]
            let gb = groups[b]
            guard ga >= 0, gb >= 0, ga != gb else { continue }
            adjacent[ga, default: []].insert(gb)
            adjacent[gb, default: []].insert(ga)
        }
        var colour: [Int: Int] = [:]
        var saturation: [Int: Set<Int>] = [:]
        var left = Set(adjacent.keys)
        func key(_ g: Int) -> (Int, Int, Int) { (saturation[g]?.count ?? 0, adjacent[g]?.count ?? 0, -g) }
        while let g = left.max(by: { key($0) < key($1) }) {
            left.remove(g)
            let used = saturation[g] ?? []
            let neighbours = adjacent[g] ?? []
            func clashes(_ c: Int) -> Int { neighbours.filter { colour[$0] == c }.count }
            let free = (0..<palette).first { !used.contains($0) }
            let c = free ?? (0..<palette).min { clashes($0) < clashes($1) } ?? 0
            colour[g] = c
            for n in neighbours where colour[n] == nil { saturation[n, default: []].insert(c) }
        }
        return colour
    }

    /// The convex hull of pixel points, counter-clockwise (Andrew's monotone chain).
    static func hull(_ points: [(Double, Double)]) -> [(Double, Double)] {
        let p = points.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        guard p.count > 2 else { return p }
        func cross(_ o: (Double, Double), _ a: (Double, Double), _ b: (Double, Double)) -> Double {
            (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
        }
        var lower: [(Double, Double)] = []
        for q in p {
            while lower.count >= 2, cross(lower[lower.count - 2], lower[lower.count - 1], q) <= 0 { lower.removeLast() }
            lower.append(q)
        }
        var upper: [(Double, Double)] = []
        for q in p.reversed() {
            while upper.count >= 2, cross(upper[upper.count - 2], upper[upper.count - 1], q) <= 0 { upper.removeLast() }
            upper.append(q)
        }
        return Array(lower.dropLast() + upper.dropLast())
    }

    public func svg() -> String {
        let located = points.indices.filter { groups[$0] >= 0 }
        let focus = located.isEmpty ? points : located.map { points[$0] }
        guard !focus.isEmpty else { return "" }
        let c = MapCanvas(focus: focus, width: width, minimumSpan: 4_000, margin: 0.04)
        let colour = GroupMap.colours(groups: groups, links: links)
        var dots = Array(repeating: "", count: GroupMap.palette)
        var outlines = Array(repeating: "", count: GroupMap.palette)
        var none: [GridPoint] = []
        var ringed: [GridPoint] = []
        var members: [Int: [(Double, Double)]] = [:]
        for (i, p) in points.enumerated() {
            let g = groups[i]
            guard g >= 0 else {
                none.append(p)
                continue
            }
            members[g, default: []].append((c.x(p), c.y(p)))
            if c.contains(p) { dots[colour[g] ?? 0] += "M\(svgNumber(c.x(p))) \(svgNumber(c.y(p)))h0" }
            if flagged.contains(g) { ringed.append(p) }
        }
        for (g, pts) in members.sorted(by: { $0.key < $1.key }) {
            if let shape = shapes[g] {
                outlines[colour[g] ?? 0] += c.path([shape])
                continue
            }
            let h = GroupMap.hull(pts)
            guard let first = h.first else { continue }
            var d = "M\(svgNumber(first.0)) \(svgNumber(first.1))"
            for q in h.dropFirst() { d += "L\(svgNumber(q.0)) \(svgNumber(q.1))" }
            outlines[colour[g] ?? 0] += d + "z"
        }
        var out = c.open(id: id, title: title, description: description, backdrop: backdrop)
        out += c.backdrop(backdrop)
        for (k, d) in outlines.enumerated() where !d.isEmpty { out += "<path d=\"\(d)\" class=\"map-h\(k)\"/>" }
        if !ringed.isEmpty { out += "<path d=\"\(c.dots(ringed))\" class=\"map-flag\"/>" }
        if !none.isEmpty || !context.isEmpty {
            out += "<path d=\"\(c.dots(context + none))\" class=\"map-context\"/>"
        }
        for (k, d) in dots.enumerated() where !d.isEmpty { out += "<path d=\"\(d)\" class=\"map-g\(k)\"/>" }
        out += c.placeNames(backdrop)
        out += c.scaleBar()
        return out + "</svg>"
    }

    /// The legend: each group by name in its colour when there are few enough, else a count;
    /// the flagged ring and practices in no group.
    public func legend() -> String {
        let colour = GroupMap.colours(groups: groups, links: links)
        var count: [Int: Int] = [:]
        for g in groups where g >= 0 { count[g, default: 0] += 1 }
        var entries: [MapLegend.Entry] = []
        if count.count <= GroupMap.legendLimit, !names.isEmpty {
            for g in count.keys.sorted(by: { (names[$0] ?? "", $0) < (names[$1] ?? "", $1) }) {
                let practices = count[g] ?? 0
                entries.append(
                    .init(
                        cssClass: "map-g\(colour[g] ?? 0)",
                        label: "\(names[g] ?? "Group \(g + 1)") (\(grouped(practices)) "
                            + "\(practices == 1 ? "practice" : "practices"))"))
            }
        } else {
            entries.append(
                .init(
                    cssClass: "map-g0",
                    label: "\(grouped(count.count)) groups, each in a colour no neighbouring group has"))
        }
        if !flagged.isEmpty {
            entries.append(.init(cssClass: "map-flag", label: "ringed red: \(flagLabel) (\(grouped(flagged.count)))"))
        }
        if groups.contains(where: { $0 < 0 }) {
            entries.append(.init(cssClass: "map-context", label: "practices in no group"))
        } else if !context.isEmpty {
            entries.append(.init(cssClass: "map-context", label: "other practices"))
        }
        return MapLegend.html(entries)
    }
}
