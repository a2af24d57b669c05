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
    /// A colour for each group, given when several maps of a page must agree (see `colours`).
    public var fixedColours: [Int: Int]?

    public init(
        id: String, title: String, description: String, points: [GridPoint], groups: [Int],
        names: [Int: String] = [:], links: [(Int, Int)], shapes: [Int: GeoJSON.Area] = [:], flagged: Set<Int> = [],
        flagLabel: String = "flagged",
        context: [GridPoint] = [], width: Double = 640, backdrop: Basemap.Backdrop? = nil,
        fixedColours: [Int: Int]? = nil
    ) {
        self.fixedColours = fixedColours
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

    /// The colour of each group: the one given (so that maps of one page agree), else DSatur's.
    var colouring: [Int: Int] { fixedColours ?? GroupMap.colours(groups: groups, links: links) }

    /// The groups in legend order (by name), numbered from 1 when there are few enough to list;
    /// the map labels each group's area with its number.
    var numbers: [Int: Int] {
        let present = Set(groups.filter { $0 >= 0 })
        guard present.count <= GroupMap.legendLimit, !names.isEmpty else { return [:] }
        let ordered = present.sorted { (names[$0] ?? "", $0) < (names[$1] ?? "", $1) }
        return Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($1, $0 + 1) })
    }

    /// The outline of a group drawn from its practices: the convex hull of a small octagon
    /// around each, so that a group of one or two practices is an area too.
    static func area(_ pts: [(Double, Double)], radius: Double = 6) -> [(Double, Double)] {
        let ring = (0..<8).map { k in (cos(Double(k) * .pi / 4) * radius, sin(Double(k) * .pi / 4) * radius) }
        return hull(pts.flatMap { p in ring.map { (p.0 + $0.0, p.1 + $0.1) } })
    }

    public func svg() -> String {
        let located = points.indices.filter { groups[$0] >= 0 }
        let focus = located.isEmpty ? points : located.map { points[$0] }
        guard !focus.isEmpty else { return "" }
        let c = MapCanvas(focus: focus, width: width, minimumSpan: 4_000, margin: 0.04)
        let colour = colouring
        let number = numbers
        var dots = Array(repeating: [GridPoint](), count: GroupMap.palette)
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
            if c.contains(p) { dots[colour[g] ?? 0].append(p) }
            if flagged.contains(g) { ringed.append(p) }
        }
        var out = c.open(id: id, title: title, description: description, backdrop: backdrop)
        out += c.backdrop(backdrop)
        // One outline per group, named on hover; then a label with its legend number at its
        // centre where it does not overlap another.
        var labels: [(Double, Double, Double, Double)] = []
        var labelText = ""
        for (g, pts) in members.sorted(by: { $0.key < $1.key }) {
            let d: String
            if let shape = shapes[g] {
                d = c.path([shape])
            } else {
                var path = MapPath()
                path.ring(GroupMap.area(pts))
                d = path.text
            }
            let count = pts.count
            let name = names[g] ?? "Group \(g + 1)"
            out +=
                "<path d=\"\(d)\" class=\"map-h\(colour[g] ?? 0)\"><title>\(escapeXML(name)) "
                + "(\(grouped(count)) \(count == 1 ? "practice" : "practices"))</title></path>"
            guard let n = number[g] else { continue }
            let cx = pts.map(\.0).reduce(0, +) / Double(count)
            let cy = pts.map(\.1).reduce(0, +) / Double(count)
            let w = Double(String(n).count) * 7 + 8
            let box = (cx - w / 2, cy - 9, cx + w / 2, cy + 9)
            guard box.0 > 0, box.2 < c.width, box.1 > 0, box.3 < c.height,
                !labels.contains(where: { $0.0 < box.2 && box.0 < $0.2 && $0.1 < box.3 && box.1 < $0.3 })
            else { continue }
            labels.append(box)
            labelText +=
                "<text x=\"\(svgNumber(cx))\" y=\"\(svgNumber(cy + 4))\" class=\"map-label\">\(n)</text>"
        }
        if !ringed.isEmpty { out += "<path d=\"\(c.dots(ringed))\" class=\"map-flag\"/>" }
        if !none.isEmpty || !context.isEmpty {
            out += "<path d=\"\(c.dots(context + none))\" class=\"map-context\"/>"
        }
        for (k, d) in dots.enumerated() where !d.isEmpty { out += "<path d=\"\(c.dots(d))\" class=\"map-g\(k)\"/>" }
        out += c.placeNames(backdrop, occupied: labels)
        if !labelText.isEmpty { out += "<g aria-hidden=\"true\">\(labelText)</g>" }
        out += c.scaleBar()
        return out + "</svg>"
    }

    /// The legend: each group by number and name in its colour when there are few enough, else
    /// a count; the flagged ring and practices in no group.
    public func legend() -> String {
        let colour = colouring
        let number = numbers
        var count: [Int: Int] = [:]
        for g in groups where g >= 0 { count[g, default: 0] += 1 }
        var entries: [MapLegend.Entry] = []
        if !number.isEmpty {
            for g in count.keys.sorted(by: { (number[$0] ?? 0) < (number[$1] ?? 0) }) {
                let practices = count[g] ?? 0
                entries.append(
                    .init(
                        cssClass: "map-g\(colour[g] ?? 0)",
                        label: "\(number[g] ?? 0). \(names[g] ?? "Group \(g + 1)") (\(grouped(practices)) "
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
