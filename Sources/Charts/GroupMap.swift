import ConsortCore
import Foundation

/// A map of practices coloured by the group they belong to, so that a configuration can be
/// seen at a glance. Neighbouring groups get different colours (greedy graph colouring over
/// the groups that share a neighbourhood link), and each practice is joined to its group's
/// centre by a thin spoke so that groups read as shapes; groups flagged (e.g. outside a size
/// band) are ringed in red.
public struct GroupMap: Sendable {
    /// Colours available; the stylesheet defines `map-g0` … `map-g7`.
    public static let palette = 8

    public var id: String
    public var title: String
    public var description: String
    public var points: [GridPoint]
    /// Each point's weight (e.g. patients) for its group's centre; empty for equal weights.
    public var weights: [Double]
    /// The group of each point (an index), or -1 for a practice in no group.
    public var groups: [Int]
    /// Pairs of point indices that are neighbours.
    public var links: [(Int, Int)]
    public var flagged: Set<Int>
    public var flagLabel: String
    public var width: Double

    public init(
        id: String, title: String, description: String, points: [GridPoint], weights: [Double] = [], groups: [Int],
        links: [(Int, Int)],
        flagged: Set<Int> = [], flagLabel: String = "flagged", width: Double = 420
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.points = points
        self.weights = weights
        self.groups = groups
        self.links = links
        self.flagged = flagged
        self.flagLabel = flagLabel
        self.width = width
    }

    /// A colour for each group such that groups sharing a link differ where the palette allows:
    /// groups in order of most neighbours first, each taking the first colour its coloured
    /// neighbours do not use.
    public static func colours(groups: [Int], links: [(Int, Int)]) -> [Int: Int] {
        var adjacent: [Int: Set<Int>] = [:]
        for g in groups where g >= 0 { adjacent[g, default: []] = adjacent[g] ?? [] }
        for (a, b) in links {
            let ga = groups[a]
            let gb = groups[b]
            guard ga >= 0, gb >= 0, ga != gb else { continue }
            adjacent[ga, default: []].insert(gb)
            adjacent[gb, default: []].insert(ga)
        }
        let order = adjacent.keys.sorted { (adjacent[$0]!.count, -$0) > (adjacent[$1]!.count, -$1) }
        var colour: [Int: Int] = [:]
        for g in order {
            let used = Set(adjacent[g]!.compactMap { colour[$0] })
            colour[g] = (0..<palette).first { !used.contains($0) } ?? (g % palette)
        }
        return colour
    }

    public func svg() -> String {
        guard let minE = points.map(\.easting).min(), let maxE = points.map(\.easting).max(),
            let minN = points.map(\.northing).min(), let maxN = points.map(\.northing).max()
        else { return "" }
        let pad = 8.0
        let legend = 28.0
        let spanE = max(maxE - minE, 1000)
        let spanN = max(maxN - minN, 1000)
        let scale = min((width - 2 * pad) / spanE, 1.6 * width / spanN)
        let height = spanN * scale + 2 * pad + legend
        func x(_ p: GridPoint) -> String { svgNumber((p.easting - minE) * scale + pad) }
        func y(_ p: GridPoint) -> String { svgNumber((maxN - p.northing) * scale + pad) }
        let colour = GroupMap.colours(groups: groups, links: links)
        var paths = Array(repeating: "", count: GroupMap.palette)
        var spokes = Array(repeating: "", count: GroupMap.palette)
        var none = ""
        var ringed = ""
        var centre: [Int: (x: Double, y: Double, w: Double)] = [:]
        for (i, p) in points.enumerated() where groups[i] >= 0 {
            let w = weights.isEmpty ? 1 : max(weights[i], 1)
            let c = centre[groups[i]] ?? (0, 0, 0)
            centre[groups[i]] = (c.x + w * p.easting, c.y + w * p.northing, c.w + w)
        }
        for (i, p) in points.enumerated() where groups[i] >= 0 {
            let c = centre[groups[i]]!
            let hub = GridPoint(easting: c.x / c.w, northing: c.y / c.w)
            spokes[colour[groups[i]] ?? 0] += "M\(x(hub)) \(y(hub))L\(x(p)) \(y(p))"
        }
        for (i, p) in points.enumerated() {
            let dot = "M\(x(p)) \(y(p))h0"
            let g = groups[i]
            if g < 0 {
                none += dot
                continue
            }
            paths[colour[g] ?? 0] += dot
            if flagged.contains(g) { ringed += dot }
        }
        var out = svgOpen(id: id, width: width, height: height, title: title, description: description)
        out += "<rect width=\"100%\" height=\"100%\" class=\"map-bg\"/>"
        if !ringed.isEmpty { out += "<path d=\"\(ringed)\" class=\"map-flag\"/>" }
        for (c, d) in spokes.enumerated() where !d.isEmpty { out += "<path d=\"\(d)\" class=\"map-s\(c)\"/>" }
        if !none.isEmpty { out += "<path d=\"\(none)\" class=\"map-context\"/>" }
        for (c, d) in paths.enumerated() where !d.isEmpty { out += "<path d=\"\(d)\" class=\"map-g\(c)\"/>" }
        let groupCount = Set(groups.filter { $0 >= 0 }).count
        let ly = spanN * scale + 2 * pad + 6
        let flagNote = flagged.isEmpty ? "" : "; ringed red: \(escapeXML(flagLabel)) (\(grouped(flagged.count)))"
        out +=
            "<text x=\"\(svgNumber(pad))\" y=\"\(svgNumber(ly + 10))\">\(grouped(groupCount)) "
            + "groups\(flagNote)\(none.isEmpty ? "" : "; grey: in no group")</text>"
        return out + "</svg>"
    }
}
