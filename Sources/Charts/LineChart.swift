import ConsortCore
import Foundation

/// Lines of (x, y) points with a legend, on a linear or logarithmic x axis, y from 0.
public struct LineChart: Sendable {
    public struct Series: Sendable {
        public let label: String
        public let points: [(x: Double, y: Double)]
        public init(label: String, points: [(x: Double, y: Double)]) {
            self.label = label
            self.points = points
        }
    }

    public var id: String
    public var title: String
    public var description: String
    public var series: [Series]
    public var xLabel: String
    public var yLabel: String
    public var logX: Bool
    /// Formats y values on the axis (e.g. as percentages).
    public var yFormat: @Sendable (Double) -> String
    public var xFormat: @Sendable (Double) -> String
    public var width: Double
    public var height: Double

    public init(
        id: String, title: String, description: String, series: [Series], xLabel: String, yLabel: String,
        logX: Bool = false,
        yFormat: @escaping @Sendable (Double) -> String = { svgNumber($0, digits: 2) },
        xFormat: @escaping @Sendable (Double) -> String = { grouped(Int($0)) }, width: Double = 600,
        height: Double = 320
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.series = series
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logX = logX
        self.yFormat = yFormat
        self.xFormat = xFormat
        self.width = width
        self.height = height
    }

    public func svg() -> String {
        let left = 58.0
        let right = 150.0
        let top = 12.0
        let bottom = 52.0
        let plotW = width - left - right
        let plotH = height - top - bottom
        let xs = series.flatMap { $0.points.map(\.x) }
        let ys = series.flatMap { $0.points.map(\.y) }
        guard let minX = xs.min(), let maxX = xs.max(), maxX > minX else { return "" }
        let yMax = niceMax(ys.max() ?? 1)
        func tx(_ x: Double) -> Double {
            logX
                ? left + (log10(x) - log10(minX)) / (log10(maxX) - log10(minX)) * plotW
                : left + (x - minX) / (maxX - minX) * plotW
        }
        func ty(_ y: Double) -> Double { top + plotH - y / yMax * plotH }
        var out = svgOpen(id: id, width: width, height: height, title: title, description: description)
        for i in 0...4 {
            let y = yMax * Double(i) / 4
            out +=
                "<line x1=\"\(svgNumber(left))\" x2=\"\(svgNumber(left + plotW))\" y1=\"\(svgNumber(ty(y)))\" "
                + "y2=\"\(svgNumber(ty(y)))\" class=\"grid\"/>"
            out +=
                "<text x=\"\(svgNumber(left - 6))\" y=\"\(svgNumber(ty(y) + 4))\" text-anchor=\"end\" "
                + "class=\"tick\">\(escapeXML(yFormat(y)))</text>"
        }
        let ticks: [Double]
        if logX {
            var t: [Double] = []
            var decade = pow(10, floor(log10(minX)))
            while decade <= maxX * 1.0001 {
                for m in [1.0, 3.0] where decade * m >= minX * 0.9999 && decade * m <= maxX * 1.0001 {
                    t.append(decade * m)
                }
                decade *= 10
            }
            ticks = t
        } else {
            ticks = (0...4).map { minX + (maxX - minX) * Double($0) / 4 }
        }
        for x in ticks {
            out +=
                "<text x=\"\(svgNumber(tx(x)))\" y=\"\(svgNumber(top + plotH + 16))\" text-anchor=\"middle\" "
                + "class=\"tick\">\(escapeXML(xFormat(x)))</text>"
        }
        for (i, s) in series.enumerated() {
            let d = s.points.enumerated().map { j, p in
                "\(j == 0 ? "M" : "L")\(svgNumber(tx(p.x))) \(svgNumber(ty(p.y)))"
            }.joined()
            out += "<path d=\"\(d)\" class=\"line line-\(i % 6)\"><title>\(escapeXML(s.label))</title></path>"
            for p in s.points {
                out +=
                    "<circle cx=\"\(svgNumber(tx(p.x)))\" cy=\"\(svgNumber(ty(p.y)))\" r=\"2.5\" class=\"point "
                    + "line-\(i % 6)\"><title>\(escapeXML(s.label)): \(escapeXML(xFormat(p.x))), "
                    + "\(escapeXML(yFormat(p.y)))</title></circle>"
            }
            let ly = top + 10 + Double(i) * 18
            out += "<path d=\"M\(svgNumber(left + plotW + 12)) \(svgNumber(ly))h18\" class=\"line line-\(i % 6)\"/>"
            out +=
                "<text x=\"\(svgNumber(left + plotW + 36))\" y=\"\(svgNumber(ly + 4))\" "
                + "class=\"tick\">\(escapeXML(s.label))</text>"
        }
        out +=
            "<text x=\"\(svgNumber(left + plotW / 2))\" y=\"\(svgNumber(height - 8))\" text-anchor=\"middle\" "
            + "class=\"axis-label\">\(escapeXML(xLabel))</text>"
        out +=
            "<text transform=\"translate(14 \(svgNumber(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\" "
            + "class=\"axis-label\">\(escapeXML(yLabel))</text>"
        return out + "</svg>"
    }

    private func niceMax(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let power = pow(10, floor(log10(value)))
        for step in [1.0, 2, 2.5, 5, 10] where step * power >= value { return step * power }
        return 10 * power
    }
}

/// Horizontal bars, one per label, with the value written at the end of each bar.
public struct BarChart: Sendable {
    public var id: String
    public var title: String
    public var description: String
    public var bars: [(label: String, value: Double)]
    public var valueFormat: @Sendable (Double) -> String
    public var width: Double

    public init(
        id: String, title: String, description: String, bars: [(label: String, value: Double)],
        valueFormat: @escaping @Sendable (Double) -> String = { svgNumber($0, digits: 2) }, width: Double = 600
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.bars = bars
        self.valueFormat = valueFormat
        self.width = width
    }

    public func svg() -> String {
        let labelW = 260.0
        let valueW = 90.0
        let rowH = 28.0
        let height = Double(bars.count) * rowH + 16
        let maxValue = max(bars.map(\.value).max() ?? 1, 1e-12)
        var out = svgOpen(id: id, width: width, height: height, title: title, description: description)
        for (i, bar) in bars.enumerated() {
            let y = 8 + Double(i) * rowH
            let w = (width - labelW - valueW) * bar.value / maxValue
            out +=
                "<text x=\"\(svgNumber(labelW - 8))\" y=\"\(svgNumber(y + 17))\" text-anchor=\"end\" "
                + "class=\"tick\">\(escapeXML(bar.label))</text>"
            out +=
                "<rect x=\"\(svgNumber(labelW))\" y=\"\(svgNumber(y + 4))\" width=\"\(svgNumber(max(w, 0.5)))\" "
                + "height=\"\(svgNumber(rowH - 10))\" class=\"bar\"><title>\(escapeXML(bar.label)): "
                + "\(escapeXML(valueFormat(bar.value)))</title></rect>"
            out +=
                "<text x=\"\(svgNumber(labelW + w + 6))\" y=\"\(svgNumber(y + 17))\" "
                + "class=\"tick\">\(escapeXML(valueFormat(bar.value)))</text>"
        }
        return out + "</svg>"
    }
}
