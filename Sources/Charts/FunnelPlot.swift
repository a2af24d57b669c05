import ConsortCore
import Foundation

/// A funnel plot: each practice's value against its denominator, with control limits around a
/// target that narrow as the denominator grows (Spiegelhalter 2005). Points are coloured by
/// their comparison (`better`, `worse`, other), the limits drawn as lines, the target as a
/// dashed line; axes with round ticks.
public struct FunnelPlot: Sendable {
    public struct Point: Sendable {
        public let denominator: Double
        public let value: Double
        /// `better`, `worse`, or anything else (drawn as similar).
        public let comparison: String
        public let label: String
        public init(denominator: Double, value: Double, comparison: String, label: String) {
            self.denominator = denominator
            self.value = value
            self.comparison = comparison
            self.label = label
        }
    }

    public let id: String
    public let title: String
    public let description: String
    public let points: [Point]
    public let target: Double
    /// The limits at a denominator: (lower 95, upper 95, lower 99.8, upper 99.8), on the value scale.
    public let limits: @Sendable (Double) -> (Double, Double, Double, Double)?
    public let xLabel: String
    public let yLabel: String
    public let width: Double
    public let height: Double

    public init(
        id: String, title: String, description: String, points: [Point], target: Double,
        limits: @escaping @Sendable (Double) -> (Double, Double, Double, Double)?, xLabel: String, yLabel: String,
        width: Double = 640, height: Double = 400
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.points = points
        self.target = target
        self.limits = limits
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.width = width
        self.height = height
    }

    /// A round step for about `count` ticks over `span`.
    static func step(_ span: Double, count: Double) -> Double {
        span > 0 ? Histogram.niceStep(span / count) : 1
    }

    public func svg() -> String {
        let usable = points.filter { $0.denominator > 0 && $0.value.isFinite && $0.denominator.isFinite }
        guard !usable.isEmpty else { return "" }
        let left = 56.0
        let right = 16.0
        let top = 12.0
        let bottom = 44.0
        let maxX = (usable.map(\.denominator).max() ?? 1) * 1.04
        let minX = Swift.max(maxX / 400, 1)
        // The y range holds every point and the target; limits beyond it are clipped.
        var lowY = Swift.min(usable.map(\.value).min() ?? 0, target)
        var highY = Swift.max(usable.map(\.value).max() ?? 1, target)
        let pad = Swift.max((highY - lowY) * 0.05, 0.5)
        lowY = Swift.max(0, lowY - pad)
        highY += pad
        let plotW = width - left - right
        let plotH = height - top - bottom
        func x(_ d: Double) -> Double { left + (d / maxX) * plotW }
        func y(_ v: Double) -> Double { top + (highY - Swift.min(Swift.max(v, lowY), highY)) / (highY - lowY) * plotH }
        var out = svgOpen(id: id, width: width, height: height, title: title, description: description)
        out +=
            "<rect x=\"\(svgNumber(left))\" y=\"\(svgNumber(top))\" width=\"\(svgNumber(plotW))\" "
            + "height=\"\(svgNumber(plotH))\" class=\"funnel-bg\"/>"
        out += Self.valueGrid(low: lowY, high: highY, left: left, width: plotW, count: 6, y: y)
        let xStep = Self.step(maxX, count: 6)
        var xt = 0.0
        while xt <= maxX {
            out +=
                "<text x=\"\(svgNumber(x(xt)))\" y=\"\(svgNumber(top + plotH + 16))\" text-anchor=\"middle\">"
                + "\(grouped(Int(xt)))</text>"
            xt += xStep
        }
        // Limits: 120 steps along the denominator.
        var paths = ["", "", "", ""]
        for k in 0...120 {
            let d = minX + (maxX - minX) * Double(k) / 120
            guard let l = limits(d) else { continue }
            for (i, v) in [l.0, l.1, l.2, l.3].enumerated() {
                paths[i] += (paths[i].isEmpty ? "M" : "L") + "\(svgNumber(x(d))) \(svgNumber(y(v)))"
            }
        }
        out += "<path d=\"\(paths[0])\(paths[1].isEmpty ? "" : "M" + paths[1].dropFirst())\" class=\"funnel-95\"/>"
        out += "<path d=\"\(paths[2])\(paths[3].isEmpty ? "" : "M" + paths[3].dropFirst())\" class=\"funnel-998\"/>"
        out += "<path d=\"M\(svgNumber(left)) \(svgNumber(y(target)))h\(svgNumber(plotW))\" class=\"funnel-target\"/>"
        // Dots as compact relative path data; a dot within a pixel of one already drawn of its
        // kind (dots are 4 to 5 pixels across) draws nothing new and is left out.
        var dots = ["similar": MapPath(), "better": MapPath(), "worse": MapPath()]
        var seen: [String: Set<Int>] = [:]
        for p in usable {
            let key = p.comparison == "better" || p.comparison == "worse" ? p.comparison : "similar"
            let px = x(p.denominator)
            let py = y(p.value)
            let cell = Int(px.rounded()) &* 1_000_003 &+ Int(py.rounded())
            guard seen[key, default: []].insert(cell).inserted else { continue }
            dots[key]?.dot(px, py)
        }
        for key in ["similar", "better", "worse"] where !(dots[key]?.isEmpty ?? true) {
            out += "<path d=\"\(dots[key]!.text)\" class=\"funnel-\(key)\"/>"
        }
        out += Self.axisLabels(
            x: xLabel, y: yLabel, centreX: left + plotW / 2, bottom: height - 6, centreY: top + plotH / 2)
        return out + "</svg>"
    }

    /// Horizontal grid lines with their values at round steps between `low` and `high`.
    static func valueGrid(
        low: Double, high: Double, left: Double, width: Double, count: Double, y: (Double) -> Double
    ) -> String {
        let step = Self.step(high - low, count: count)
        var out = ""
        var tick = (low / step).rounded(.up) * step
        while tick <= high {
            out +=
                "<path d=\"M\(svgNumber(left)) \(svgNumber(y(tick)))h\(svgNumber(width))\" class=\"grid\"/>"
                + "<text x=\"\(svgNumber(left - 6))\" y=\"\(svgNumber(y(tick) + 4))\" text-anchor=\"end\">"
                + "\(svgNumber(tick, digits: step < 1 ? 1 : 0))</text>"
            tick += step
        }
        return out
    }

    /// The x axis's label below the plot and the y axis's turned along the left edge.
    static func axisLabels(x: String, y: String, centreX: Double, bottom: Double, centreY: Double) -> String {
        "<text x=\"\(svgNumber(centreX))\" y=\"\(svgNumber(bottom))\" text-anchor=\"middle\" class=\"axis-label\">"
            + "\(escapeXML(x))</text><text transform=\"translate(14 \(svgNumber(centreY))) rotate(-90)\" "
            + "text-anchor=\"middle\" class=\"axis-label\">\(escapeXML(y))</text>"
    }

    /// The legend; `levels` names the inner and outer limits ("95%", "99.8%").
    public func legend(levels: (inner: String, outer: String) = ("95%", "99.8%")) -> String {
        MapLegend.html([
            .init(cssClass: "funnel-better", label: "better than the target"),
            .init(cssClass: "funnel-similar", label: "similar"),
            .init(cssClass: "funnel-worse", label: "worse"),
            .init(cssClass: "funnel-95-key", label: "\(levels.inner) limits", area: true),
            .init(cssClass: "funnel-998-key", label: "\(levels.outer) limits", area: true),
        ])
    }
}
