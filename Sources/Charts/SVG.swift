import ConsortCore
import Foundation

/// Text escaped for SVG and HTML content and attribute values.
public func escapeXML(_ text: String) -> String {
    // Most text needs no escaping: return it as it is without building a new string.
    if !text.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 }) { return text }
    // Byte by byte: the characters escaped are ASCII, so the UTF-8 of the rest passes through.
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count + 64)
    for b in text.utf8 {
        switch b {
        case 38: out += "&amp;".utf8
        case 60: out += "&lt;".utf8
        case 62: out += "&gt;".utf8
        case 34: out += "&quot;".utf8
        case 39: out += "&#39;".utf8
        default: out.append(b)
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// The opening of an accessible SVG: `role="img"` with a title and a description that screen
/// readers announce (WAI-ARIA graphics practice).
func svgOpen(id: String, width: Double, height: Double, title: String, description: String) -> String {
    """
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(svgNumber(width)) \(svgNumber(height))" \
    width="\(svgNumber(width))" height="\(svgNumber(height))" role="img" aria-labelledby="\(id)-title \(id)-desc" \
    class="chart" id="\(id)"><title id="\(id)-title">\(escapeXML(title))</title><desc \
    id="\(id)-desc">\(escapeXML(description))</desc>
    """
}

/// A chart whose title pages show above it, as well as inside the SVG for screen readers.
public protocol TitledChart {
    var title: String { get }
    func svg() -> String
}

extension TitledChart {
    /// The chart with its title as a visible caption above it (HTML), so that a reader sees what
    /// the chart shows before reading it; the SVG keeps the title for screen readers.
    public var titled: String { "<p class=\"figure-title\">\(escapeXML(title))</p>" + svg() }
}

extension Histogram: TitledChart {}
extension LineChart: TitledChart {}
extension BarChart: TitledChart {}
extension FunnelPlot: TitledChart {}
