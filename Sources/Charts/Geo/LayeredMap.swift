import ConsortCore
import Foundation

/// A map of England's practices in layers over the backdrop: grey context below, then each
/// layer's dots in its own class (e.g. practices of groups with blocking findings), with a
/// legend and a scale bar.
public struct LayeredMap: Sendable {
    public struct Layer: Sendable {
        public let label: String
        /// A CSS class of the stylesheet (`map-blocking`, `map-advisory`, `map-subject`).
        public let cssClass: String
        public let points: [GridPoint]
        public init(label: String, cssClass: String, points: [GridPoint]) {
            self.label = label
            self.cssClass = cssClass
            self.points = points
        }
    }

    public var id: String
    public var title: String
    public var description: String
    public var context: [GridPoint]
    public var layers: [Layer]
    public var width: Double
    public var backdrop: Basemap.Backdrop?

    public init(
        id: String, title: String, description: String, context: [GridPoint], layers: [Layer], width: Double = 640,
        backdrop: Basemap.Backdrop? = nil
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.context = context
        self.layers = layers
        self.width = width
        self.backdrop = backdrop
    }

    public func svg() -> String {
        let all = context + layers.flatMap(\.points)
        guard !all.isEmpty else { return "" }
        let c = MapCanvas(focus: all, width: width, minimumSpan: 1000, margin: 0.03)
        var out = c.open(id: id, title: title, description: description, backdrop: backdrop)
        out += c.backdrop(backdrop)
        // Dots closer than a pixel draw nothing new at this scale, nor do grey dots under a
        // layer's wider ones.
        let shown = layers.flatMap(\.points)
        out += "<path d=\"\(c.dots(context, spacing: 1.5, hidden: shown))\" class=\"map-context\"/>"
        for layer in layers where !layer.points.isEmpty {
            out += "<path d=\"\(c.dots(layer.points, spacing: 3))\" class=\"\(layer.cssClass)\"/>"
        }
        out += c.placeNames(backdrop)
        out += c.scaleBar()
        return out + "</svg>"
    }

    public func legend() -> String {
        MapLegend.html(
            layers.map { .init(cssClass: $0.cssClass, label: "\($0.label) (\(grouped($0.points.count)))") }
                + [.init(cssClass: "map-context", label: "other practices")])
    }
}
