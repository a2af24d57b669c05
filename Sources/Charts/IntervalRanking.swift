import ConsortCore
import Foundation

/// A ranking with intervals (a "caterpillar" plot): items in order of value, each a dot with its
/// confidence interval as a vertical bar, a reference line, and dots coloured by comparison.
public struct IntervalRanking: Sendable {
    public struct Item: Sendable {
        public let label: String
        public let value: Double
        public let lower: Double
        public let upper: Double
        /// `better`, `worse`, or anything else (similar).
        public let comparison: String
        public init(label: String, value: Double, lower: Double, upper: Double, comparison: String) {
            self.label = label
            self.value = value
            self.lower = lower
            self.upper = upper
            self.comparison = comparison
        }
    }

    public let id: String
    public let title: String
    public let description: String
    public let items: [Item]
    public let reference: Double
    public let yLabel: String
    public let width: Double
    public let height: Double

    public init(
        id: String, title: String, description: String, items: [Item], reference: Double, yLabel: String,
        width: Double = 640, height: Double = 300
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.items = items.sorted { ($0.value, $0.label) < ($1.value, $1.label) }
        self.reference = reference
        self.yLabel = yLabel
        self.width = width
        self.height = height
    }

    public func svg() -> String {
        guard !items.isEmpty else { return "" }
        let left = 56.0
        let top = 10.0
        let bottom = 24.0
        let plotW = width - left - 10
        let plotH = height - top - bottom
        var low = Swift.min(items.map(\.lower).min() ?? 0, reference)
        var high = Swift.max(items.map(\.upper).max() ?? 1, reference)
        let pad = Swift.max((high - low) * 0.05, 0.5)
        low = Swift.max(0, low - pad)
        high += pad
        func y(_ v: Double) -> Double { top + (high - v) / (high - low) * plotH }
        let stepX = plotW / Double(items.count)
        var out = svgOpen(id: id, width: width, height: height, title: title, description: description)
        out +=
            "<rect x=\"\(svgNumber(left))\" y=\"\(svgNumber(top))\" width=\"\(svgNumber(plotW))\" "
            + "height=\"\(svgNumber(plotH))\" class=\"funnel-bg\"/>"
        out += FunnelPlot.valueGrid(low: low, high: high, left: left, width: plotW, count: 5, y: y)
        out +=
            "<path d=\"M\(svgNumber(left)) \(svgNumber(y(reference)))h\(svgNumber(plotW))\" class=\"funnel-target\"/>"
        var bars = ""
        var dots = ["similar": "", "better": "", "worse": ""]
        for (i, item) in items.enumerated() {
            let x = left + stepX * (Double(i) + 0.5)
            bars += "M\(svgNumber(x)) \(svgNumber(y(item.lower)))V\(svgNumber(y(item.upper)))"
            let key = item.comparison == "better" || item.comparison == "worse" ? item.comparison : "similar"
            dots[key, default: ""] += "M\(svgNumber(x)) \(svgNumber(y(item.value)))h0"
        }
        out += "<path d=\"\(bars)\" class=\"rank-bar\"/>"
        for key in ["similar", "better", "worse"] where !(dots[key] ?? "").isEmpty {
            out += "<path d=\"\(dots[key]!)\" class=\"funnel-\(key)\"/>"
        }
        out += FunnelPlot.axisLabels(
            x: "Practices, lowest to highest", y: yLabel, centreX: left + plotW / 2, bottom: height - 6,
            centreY: top + plotH / 2)
        return out + "</svg>"
    }
}

extension IntervalRanking: TitledChart {}
