import ConsortCore
import Foundation

/// A dot map: context points in grey, subject points in colour (sized by weight), an optional
/// highlighted point, over the backdrop of coastline, boundaries and place names, drawn to fit
/// the subject points with a margin (or a given focus), with a scale bar and a legend.
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
    /// The least extent drawn, in metres, so that a single practice shows its surroundings.
    public var minimumSpan: Double
    public var backdrop: Basemap.Backdrop?
    /// Points the frame must hold, instead of the subjects and highlight (e.g. all England).
    public var focus: [GridPoint]?
    /// Whether to name places (small maps leave them out).
    public var showPlaces: Bool
    /// Legend labels of the subjects, the context and the highlight.
    public var labels: (subjects: String, context: String, highlight: String)

    public init(
        id: String, title: String, description: String, subjects: [Mark], context: [GridPoint] = [],
        highlight: Mark? = nil, width: Double = 640, minimumSpan: Double = 8_000, backdrop: Basemap.Backdrop? = nil,
        focus: [GridPoint]? = nil, showPlaces: Bool = true,
        labels: (subjects: String, context: String, highlight: String) = ("", "other practices", "")
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.subjects = subjects
        self.context = context
        self.highlight = highlight
        self.width = width
        self.minimumSpan = minimumSpan
        self.backdrop = backdrop
        self.focus = focus
        self.showPlaces = showPlaces
        self.labels = labels
    }

    var canvas: MapCanvas {
        MapCanvas(
            focus: focus ?? (subjects.map(\.point) + (highlight.map { [$0.point] } ?? [])), width: width,
            minimumSpan: minimumSpan)
    }

    public func svg() -> String {
        let c = canvas
        var out = c.open(id: id, title: title, description: description, backdrop: backdrop)
        out += c.backdrop(backdrop)
        let contextPath = c.dots(context)
        if !contextPath.isEmpty { out += "<path d=\"\(contextPath)\" class=\"map-context\"/>" }
        let maxWeight = subjects.map(\.weight).max() ?? 1
        let maxRadius = subjects.count > 200 ? 5.0 : 9.0
        for mark in subjects where c.contains(mark.point) {
            let r = max(1.6, maxRadius * sqrt(max(mark.weight, 0) / max(maxWeight, 1)))
            out +=
                "<circle cx=\"\(svgNumber(c.x(mark.point)))\" cy=\"\(svgNumber(c.y(mark.point)))\" "
                + "r=\"\(svgNumber(r))\" class=\"map-subject\"><title>\(escapeXML(mark.label))</title></circle>"
        }
        if showPlaces { out += c.placeNames(backdrop) }
        if let highlight {
            out +=
                "<circle cx=\"\(svgNumber(c.x(highlight.point)))\" cy=\"\(svgNumber(c.y(highlight.point)))\" r=\"6\" "
                + "class=\"map-highlight\"><title>\(escapeXML(highlight.label))</title></circle>"
        }
        out += c.scaleBar()
        return out + "</svg>"
    }

    /// The legend: what each kind of dot is, with counts.
    public func legend() -> String {
        var entries: [MapLegend.Entry] = []
        if !labels.subjects.isEmpty {
            entries.append(
                .init(
                    cssClass: "map-subject", label: "\(labels.subjects) (\(grouped(subjects.count)))", filled: true))
        }
        if !labels.highlight.isEmpty, highlight != nil {
            entries.append(.init(cssClass: "map-highlight", label: labels.highlight, filled: true))
        }
        let shown = context.filter(canvas.contains).count
        if shown > 0, !labels.context.isEmpty {
            entries.append(.init(cssClass: "map-context", label: "\(labels.context) (\(grouped(shown)))"))
        }
        return MapLegend.html(entries)
    }
}

/// A map's legend as an HTML list below the picture, so that it stays readable when the map is
/// scaled down on a phone.
public enum MapLegend {
    public struct Entry: Sendable {
        public let cssClass: String
        public let label: String
        /// An area (a filled square) rather than a dot.
        public let area: Bool
        /// A dot drawn as a filled circle (the class fills) rather than a stroke.
        public let filled: Bool
        public init(cssClass: String, label: String, area: Bool = false, filled: Bool = false) {
            self.cssClass = cssClass
            self.label = label
            self.area = area
            self.filled = filled
        }
    }

    public static func html(_ entries: [Entry]) -> String {
        guard !entries.isEmpty else { return "" }
        var out = "<ul class=\"map-legend\">"
        for e in entries {
            let shape =
                e.area
                ? "<rect x=\"1\" y=\"1\" width=\"12\" height=\"12\" class=\"\(e.cssClass)\"/>"
                : e.filled
                    ? "<circle cx=\"7\" cy=\"7\" r=\"6\" class=\"\(e.cssClass)\"/>"
                    : "<path d=\"M7 7h0\" class=\"\(e.cssClass)\"/>"
            out +=
                "<li><svg width=\"14\" height=\"14\" aria-hidden=\"true\" class=\"swatch\">\(shape)</svg> "
                + "\(escapeXML(e.label))</li>"
        }
        return out + "</ul>"
    }
}
