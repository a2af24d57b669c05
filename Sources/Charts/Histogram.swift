import ConsortCore
import Foundation

/// A bar chart of counts in bins (e.g. practices by list size), with labelled axes.
public struct Histogram: Sendable {
    public struct Bin: Sendable, Equatable {
        public let label: String
        public let count: Int
        public init(label: String, count: Int) {
            self.label = label
            self.count = count
        }
    }

    public var id: String
    public var title: String
    public var description: String
    public var bins: [Bin]
    public var xLabel: String
    public var yLabel: String
    public var width: Double
    public var height: Double

    public init(
        id: String, title: String, description: String, bins: [Bin], xLabel: String, yLabel: String,
        width: Double = 560, height: Double = 260
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.bins = bins
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.width = width
        self.height = height
    }

    /// Bins `values` into ranges of equal width starting at 0, labelled by their lower and upper bounds.
    /// With `cap`, values of `cap` or more share a last bin labelled "cap or more".
    public static func bins(_ values: [Int], width binWidth: Int, cap: Int? = nil, format: (Int) -> String = grouped)
        -> [Bin]
    {
        guard let maximum = values.max(), binWidth > 0 else { return [] }
        let capBin = cap.map { $0 / binWidth }
        let count = min(maximum / binWidth, capBin ?? Int.max) + 1
        var counts = Array(repeating: 0, count: count)
        for v in values where v >= 0 { counts[min(v / binWidth, count - 1)] += 1 }
        return counts.enumerated().map { i, c in
            if let capBin, i == capBin { return Bin(label: "\(format(i * binWidth)) or more", count: c) }
            return Bin(label: "\(format(i * binWidth))–\(format((i + 1) * binWidth - 1))", count: c)
        }
    }

    /// Bins real `values` into about `target` ranges of a round width (1, 2 or 5 times a power
    /// of ten), each labelled "from–to" with `format`; every value falls in exactly one bin.
    public static func bins(_ values: [Double], target: Int = 20, format: (Double) -> String) -> [Bin] {
        let finite = values.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return [] }
        let raw = max((hi - lo) / Double(max(target, 1)), abs(hi) * 1e-9, 1e-12)
        let width = niceStep(raw)
        let start = (lo / width).rounded(.down) * width
        let count = max(1, Int(((hi - start) / width).rounded(.down)) + 1)
        var counts = Array(repeating: 0, count: count)
        for v in finite { counts[min(count - 1, max(0, Int(((v - start) / width).rounded(.down))))] += 1 }
        return counts.enumerated().map { i, c in
            Bin(label: "\(format(start + Double(i) * width))–\(format(start + Double(i + 1) * width))", count: c)
        }
    }

    /// A bin width that gives about `target` bins for values up to `maximum`: 1, 2 or 5 times a power of ten.
    public static func niceWidth(maximum: Int, target: Int = 12) -> Int {
        Int(niceStep(max(1, Double(maximum) / Double(max(target, 1)))))
    }

    /// The smallest of 1, 2 or 5 times a power of ten that is at least `raw` (positive): the step
    /// of every axis and bin in Consort's charts.
    public static func niceStep(_ raw: Double) -> Double {
        let power = pow(10, floor(log10(raw)))
        return [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? 10 * power
    }

    public func svg() -> String {
        let left = 52.0
        let bottom = 56.0
        let top = 12.0
        let right = 8.0
        let plotW = width - left - right
        let plotH = height - top - bottom
        let maxCount = max(bins.map(\.count).max() ?? 1, 1)
        let tick = Histogram.niceWidth(maximum: maxCount, target: 4)
        let yMax = Double(((maxCount + tick - 1) / tick) * tick)
        var out = svgOpen(id: id, width: width, height: height, title: title, description: description)
        var y = 0
        while Double(y) <= yMax {
            let py = top + plotH - Double(y) / yMax * plotH
            out +=
                "<line x1=\"\(svgNumber(left))\" x2=\"\(svgNumber(width - right))\" y1=\"\(svgNumber(py))\" "
                + "y2=\"\(svgNumber(py))\" class=\"grid\"/>"
            out +=
                "<text x=\"\(svgNumber(left - 6))\" y=\"\(svgNumber(py + 4))\" text-anchor=\"end\" "
                + "class=\"tick\">\(grouped(y))</text>"
            y += tick
        }
        let barW = plotW / Double(max(bins.count, 1))
        let labelEvery = max(1, Int((Double(bins.count) * 60 / plotW).rounded(.up)))
        for (i, bin) in bins.enumerated() {
            let h = Double(bin.count) / yMax * plotH
            let x = left + Double(i) * barW
            out +=
                "<rect x=\"\(svgNumber(x + 1))\" y=\"\(svgNumber(top + plotH - h))\" "
                + "width=\"\(svgNumber(max(barW - 2, 1)))\" height=\"\(svgNumber(h))\" "
                + "class=\"bar\"><title>\(escapeXML(bin.label)): \(grouped(bin.count))</title></rect>"
            if i % labelEvery == 0 {
                let first =
                    bin.label.split(separator: "–").first.map(String.init)?.replacingOccurrences(
                        of: " or more", with: "+") ?? bin.label
                out +=
                    "<text x=\"\(svgNumber(x + 2))\" y=\"\(svgNumber(top + plotH + 16))\" "
                    + "class=\"tick\">\(escapeXML(first))</text>"
            }
        }
        out +=
            "<text x=\"\(svgNumber(left + plotW / 2))\" y=\"\(svgNumber(height - 8))\" text-anchor=\"middle\" "
            + "class=\"axis-label\">\(escapeXML(xLabel))</text>"
        out +=
            "<text transform=\"translate(14 \(svgNumber(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\" "
            + "class=\"axis-label\">\(escapeXML(yLabel))</text>"
        return out + "</svg>"
    }
}
