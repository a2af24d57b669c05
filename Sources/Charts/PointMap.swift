import ConsortCore
import Foundation

/// A point on a map in British National Grid metres (OSGB36 easting and northing), which is a
/// proper projection of Great Britain and so needs no further transformation to draw.
public struct GridPoint: Sendable, Equatable {
    public var easting: Double
    public var northing: Double
    public init(easting: Double, northing: Double) {
        self.easting = easting
        self.northing = northing
    }
}

/// A dot map: context points in grey, subject points in colour (sized by weight), an optional
/// highlighted point, drawn to fit the subject points with a margin.
public struct PointMap: Sendable {
    public struct Mark: Sendable {
        public var point: GridPoint
        public var label: String
        /// Relative size (e.g. list size); the dot's area is proportional to it.
        public var weight: Double
        public init(point: GridPoint, label: String, weight: Double = 1) {
            self.point = point
            self.label = label
            self.weight = weight
        }
    }

    public var id: String
    public var title: String
    public var description: String
    public var subjects: [Mark]
    public var context: [GridPoint]
    public var highlight: Mark?
    public var width: Double
    public var height: Double
    /// The least extent drawn, in metres, so that a single practice shows its surroundings.
    public var minimumSpan: Double

    public init(
        id: String, title: String, description: String, subjects: [Mark], context: [GridPoint] = [],
        highlight: Mark? = nil, width: Double = 480, height: Double = 480, minimumSpan: Double = 8_000
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.subjects = subjects
        self.context = context
        self.highlight = highlight
        self.width = width
        self.height = height
        self.minimumSpan = minimumSpan
    }

    public func svg() -> String {
        let focus = subjects.map(\.point) + (highlight.map { [$0.point] } ?? [])
        var minE = focus.map(\.easting).min() ?? 0
        var maxE = focus.map(\.easting).max() ?? 1
        var minN = focus.map(\.northing).min() ?? 0
        var maxN = focus.map(\.northing).max() ?? 1
        let spanE = max(maxE - minE, minimumSpan)
        let spanN = max(maxN - minN, minimumSpan)
        let midE = (minE + maxE) / 2
        let midN = (minN + maxN) / 2
        let pad = 0.08
        // Keep the aspect ratio: fit the larger of the two spans.
        let padding = 12.0
        let scale = min(
            (width - 2 * padding) / (spanE * (1 + 2 * pad)), (height - 2 * padding) / (spanN * (1 + 2 * pad)))
        minE = midE - (width / 2) / scale
        maxE = midE + (width / 2) / scale
        minN = midN - (height / 2) / scale
        maxN = midN + (height / 2) / scale
        func x(_ p: GridPoint) -> Double { (p.easting - minE) * scale }
        func y(_ p: GridPoint) -> Double { (maxN - p.northing) * scale }
        func inside(_ p: GridPoint) -> Bool {
            p.easting >= minE && p.easting <= maxE && p.northing >= minN && p.northing <= maxN
        }

        var out = svgOpen(id: id, width: width, height: height, title: title, description: description)
        out += "<rect width=\"100%\" height=\"100%\" class=\"map-bg\"/>"
        var contextPath = ""
        for p in context where inside(p) {
            contextPath += "M\(svgNumber(x(p))) \(svgNumber(y(p)))h0"
        }
        if !contextPath.isEmpty { out += "<path d=\"\(contextPath)\" class=\"map-context\"/>" }
        let maxWeight = subjects.map(\.weight).max() ?? 1
        let maxRadius = subjects.count > 200 ? 5.0 : 9.0
        for mark in subjects {
            let r = max(1.6, maxRadius * sqrt(max(mark.weight, 0) / max(maxWeight, 1)))
            out +=
                "<circle cx=\"\(svgNumber(x(mark.point)))\" cy=\"\(svgNumber(y(mark.point)))\" r=\"\(svgNumber(r))\" "
                + "class=\"map-subject\"><title>\(escapeXML(mark.label))</title></circle>"
        }
        if let highlight {
            out +=
                "<circle cx=\"\(svgNumber(x(highlight.point)))\" cy=\"\(svgNumber(y(highlight.point)))\" r=\"7\" "
                + "class=\"map-highlight\"><title>\(escapeXML(highlight.label))</title></circle>"
        }
        // Scale bar: a round number of kilometres about a quarter of the width.
        let km = niceKilometres(width / 4 / scale / 1000)
        let barLength = km * 1000 * scale
        out +=
            "<g class=\"map-scale\"><path d=\"M12 \(svgNumber(height - 14))h\(svgNumber(barLength))\"/><text x=\"12\" "
            + "y=\"\(svgNumber(height - 20))\">\(svgNumber(km, digits: 1)) km</text></g>"
        out += "</svg>"
        return out
    }

    private func niceKilometres(_ raw: Double) -> Double {
        let steps: [Double] = [0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200]
        return steps.last { $0 <= raw } ?? 0.5
    }
}

/// A silhouette of England built from practice locations binned on a square grid, so that a
/// small map can show where a practice is without shipping boundary files.
public struct Silhouette: Sendable {
    public let cells: [GridPoint]
    public let cellSize: Double

    public init(points: [GridPoint], cellSize: Double = 10_000) {
        var seen = Set<Int64>()
        var cells: [GridPoint] = []
        for p in points {
            let i = Int64((p.easting / cellSize).rounded(.down))
            let j = Int64((p.northing / cellSize).rounded(.down))
            if seen.insert(i << 32 | j).inserted {
                cells.append(GridPoint(easting: (Double(i) + 0.5) * cellSize, northing: (Double(j) + 0.5) * cellSize))
            }
        }
        self.cells = cells
        self.cellSize = cellSize
    }

    /// A small map of the whole silhouette with one or more points marked.
    public func svg(id: String, title: String, description: String, marks: [GridPoint], width: Double = 180) -> String {
        guard !cells.isEmpty else { return "" }
        let minE = cells.map(\.easting).min()! - cellSize
        let maxE = cells.map(\.easting).max()! + cellSize
        let minN = cells.map(\.northing).min()! - cellSize
        let maxN = cells.map(\.northing).max()! + cellSize
        let scale = width / (maxE - minE)
        let height = (maxN - minN) * scale
        var out = svgOpen(id: id, width: width, height: height, title: title, description: description)
        let side = cellSize * scale
        var path = ""
        for c in cells {
            let x = svgNumber((c.easting - cellSize / 2 - minE) * scale)
            let y = svgNumber((maxN - c.northing - cellSize / 2) * scale)
            let s = svgNumber(side)
            path += "M\(x) \(y)h\(s)v\(s)h-\(s)z"
        }
        out += "<path d=\"\(path)\" class=\"map-land\"/>"
        for m in marks {
            out +=
                "<circle cx=\"\(svgNumber((m.easting - minE) * scale))\" "
                + "cy=\"\(svgNumber((maxN - m.northing) * scale))\" r=\"4\" class=\"map-highlight\"/>"
        }
        return out + "</svg>"
    }
}
