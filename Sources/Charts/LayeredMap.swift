import ConsortCore
import Foundation

/// A map of England's practices in layers: grey context below, then each layer's dots in its
/// own class (e.g. practices of groups with blocking findings), with a legend.
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

    public init(
        id: String, title: String, description: String, context: [GridPoint], layers: [Layer], width: Double = 420
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.context = context
        self.layers = layers
        self.width = width
    }

    public func svg() -> String {
        let all = context + layers.flatMap(\.points)
        guard let minE = all.map(\.easting).min(), let maxE = all.map(\.easting).max(),
            let minN = all.map(\.northing).min(), let maxN = all.map(\.northing).max()
        else { return "" }
        let pad = 8.0
        let legend = Double(layers.count) * 18 + 10
        let spanE = max(maxE - minE, 1000)
        let spanN = max(maxN - minN, 1000)
        let scale = (width - 2 * pad) / spanE
        let height = spanN * scale + 2 * pad + legend
        func x(_ p: GridPoint) -> String { svgNumber((p.easting - minE) * scale + pad) }
        func y(_ p: GridPoint) -> String { svgNumber((maxN - p.northing) * scale + pad) }
        var out = svgOpen(id: id, width: width, height: height, title: title, description: description)
        out += "<rect width=\"100%\" height=\"100%\" class=\"map-bg\"/>"
        var path = ""
        for p in context { path += "M\(x(p)) \(y(p))h0" }
        out += "<path d=\"\(path)\" class=\"map-context\"/>"
        for layer in layers where !layer.points.isEmpty {
            var dots = ""
            for p in layer.points { dots += "M\(x(p)) \(y(p))h0" }
            out += "<path d=\"\(dots)\" class=\"\(layer.cssClass)\"/>"
        }
        var ly = spanN * scale + 2 * pad + 6
        for layer in layers {
            out += "<path d=\"M\(svgNumber(pad + 6)) \(svgNumber(ly + 6))h0\" class=\"\(layer.cssClass)\"/>"
            out +=
                "<text x=\"\(svgNumber(pad + 18))\" y=\"\(svgNumber(ly + 10))\">\(escapeXML(layer.label)) "
                + "(\(grouped(layer.points.count)))</text>"
            ly += 18
        }
        return out + "</svg>"
    }
}
