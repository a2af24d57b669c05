import ConsortCore
import Foundation

/// The frame of a map: the extent of British National Grid it shows and the size it is drawn at.
/// The width is the page's; the height follows the shape of the area (within limits), so a
/// long region is drawn long and a wide one wide. Draws the backdrop (sea, land, boundaries and
/// place names, chosen for the scale) and a scale bar.
public struct MapCanvas: Sendable {
    public let width: Double
    public let height: Double
    /// Pixels per metre.
    public let scale: Double
    public let minE: Double
    public let maxN: Double

    /// A frame around `focus` with a margin, at least `minimumSpan` metres across.
    public init(
        focus: [GridPoint], width: Double = 640, minimumSpan: Double = 8_000, margin: Double = 0.06,
        heightRatio: ClosedRange<Double> = 0.55...1.35
    ) {
        var minE = focus.map(\.easting).min() ?? 130_000
        var maxE = focus.map(\.easting).max() ?? 660_000
        var minN = focus.map(\.northing).min() ?? 0
        var maxN = focus.map(\.northing).max() ?? 660_000
        let spanE = max(maxE - minE, minimumSpan) * (1 + 2 * margin)
        let spanN = max(maxN - minN, minimumSpan) * (1 + 2 * margin)
        let ratio = min(max(spanN / spanE, heightRatio.lowerBound), heightRatio.upperBound)
        let height = (width * ratio).rounded()
        let scale = min(width / spanE, height / spanN)
        let midE = (minE + maxE) / 2
        let midN = (minN + maxN) / 2
        minE = midE - width / 2 / scale
        maxN = midN + height / 2 / scale
        maxE = midE + width / 2 / scale
        minN = midN - height / 2 / scale
        self.width = width
        self.height = height
        self.scale = scale
        self.minE = minE
        self.maxN = maxN
    }

    /// The opening of the map's SVG, its description naming the backdrop's sources.
    func open(id: String, title: String, description: String, backdrop: Basemap.Backdrop?) -> String {
        let source = backdrop?.source ?? ""
        return svgOpen(
            id: id, width: width, height: height, title: title,
            description: source.isEmpty ? description : "\(description) \(source)")
    }

    /// The rounding of coordinates in path data, in tenths of a pixel: whole pixels on a frame
    /// so wide that finer lines could not be told apart.
    var step: Int { spanKm > 250 ? 10 : 1 }

    /// The width of the frame on the ground, in kilometres.
    public var spanKm: Double { width / scale / 1000 }

    public func x(_ p: GridPoint) -> Double { (p.easting - minE) * scale }
    public func y(_ p: GridPoint) -> Double { (maxN - p.northing) * scale }
    public func contains(_ p: GridPoint) -> Bool {
        let px = x(p)
        let py = y(p)
        return px >= 0 && px <= width && py >= 0 && py <= height
    }

    /// Path commands drawing a round dot (a zero-length segment with a round line cap) at each
    /// point in the frame; a point in the same cell of a `spacing`-pixel grid as one already
    /// drawn (or one of `hidden`, drawn above) is left out, as it would draw nothing new.
    public func dots(_ points: [GridPoint], spacing: Double = 0.5, hidden: [GridPoint] = []) -> String {
        var d = MapPath(step: step)
        var seen = Set<Int>()
        func cell(_ p: GridPoint) -> Int {
            Int((x(p) / spacing).rounded()) &* 1_000_003 &+ Int((y(p) / spacing).rounded())
        }
        for p in hidden where contains(p) { seen.insert(cell(p)) }
        for p in points where contains(p) {
            guard seen.insert(cell(p)).inserted else { continue }
            d.dot(x(p), y(p))
        }
        return d.text
    }

    /// The path of the areas' rings in the frame: each ring clipped to the frame (with a margin
    /// wider than any line drawn) and simplified to `tolerance` pixels.
    func path(_ areas: [GeoJSON.Area], tolerance: Double = 0.6) -> String {
        let e0 = minE
        let e1 = minE + width / scale
        let n0 = maxN - height / scale
        let frame = (x0: -4.0, y0: -4.0, x1: width + 4, y1: height + 4)
        var d = MapPath(step: step)
        for area in areas where area.maxE >= e0 && area.minE <= e1 && area.maxN >= n0 && area.minN <= maxN {
            for ring in area.rings {
                d.ring(ring.map { (x($0), y($0)) }, clippedTo: frame, tolerance: tolerance)
            }
        }
        return d.text
    }

    /// Sea, land (England lighter than its neighbours), boundaries of regions, ICBs (or STPs) and,
    /// at closer scales, sub-ICB locations (or CCGs), and place names that do not overlap.
    public func backdrop(_ b: Basemap.Backdrop?) -> String {
        var out = "<rect width=\"100%\" height=\"100%\" class=\"map-bg\"/>"
        guard let b else { return out }
        // Wide frames draw finer detail than a line can show: thinned more.
        let coarse = spanKm > 250 ? 1.6 : 1.0
        let england = b.land.filter { $0.code.hasPrefix("E") }
        let others = b.land.filter { !$0.code.hasPrefix("E") }
        let o = path(others, tolerance: 0.6 * coarse)
        if !o.isEmpty { out += "<path d=\"\(o)\" class=\"map-land-other\"/>" }
        let e = path(england, tolerance: 0.6 * coarse)
        if !e.isEmpty { out += "<path d=\"\(e)\" class=\"map-land\"/>" }
        if spanKm < 250, let sub = b.subICBs {
            let d = path(sub.areas, tolerance: 0.9)
            if !d.isEmpty { out += "<path d=\"\(d)\" class=\"map-b-sub\"/>" }
        }
        if let icbs = b.icbs {
            let d = path(icbs.areas, tolerance: 0.8 * coarse)
            if !d.isEmpty { out += "<path d=\"\(d)\" class=\"map-b-icb\"/>" }
        }
        if let regions = b.regions {
            let d = path(regions.areas, tolerance: 0.6 * coarse)
            if !d.isEmpty { out += "<path d=\"\(d)\" class=\"map-b-region\"/>" }
        }
        return out
    }

    /// Place names drawn above everything else: cities at any scale, major towns below 350 km
    /// across, other towns below 90 km; a name is left out where it would overlap one already
    /// placed (or an `occupied` box) or leave the frame.
    public func placeNames(_ b: Basemap.Backdrop?, occupied: [(Double, Double, Double, Double)] = []) -> String {
        guard let b else { return "" }
        // The scale bar's corner is kept clear, and any labels already placed.
        var boxes: [(Double, Double, Double, Double)] = [(0, height - 40, width / 4 + 30, height)] + occupied
        var out = ""
        let limit = max(6, Int(width * height / 9_000)) + occupied.count
        for place in b.places {
            guard boxes.count <= limit else { break }
            switch place.kind {
            case "City": break
            case "Major town": if spanKm > 350 { continue }
            default: if spanKm > 90 { continue }
            }
            guard contains(place.point) else { continue }
            let px = x(place.point)
            let py = y(place.point)
            let w = Double(place.name.count) * 6.2 + 8
            let box = (px - 3, py - 9, px + w, py + 5)
            guard box.2 < width - 2, box.1 > 2, box.3 < height - 2 else { continue }
            if boxes.contains(where: { $0.0 < box.2 && box.0 < $0.2 && $0.1 < box.3 && box.1 < $0.3 }) { continue }
            boxes.append(box)
            out +=
                "<circle cx=\"\(svgNumber(px))\" cy=\"\(svgNumber(py))\" r=\"2\" class=\"map-place-dot\"/>"
                + "<text x=\"\(svgNumber(px + 5))\" y=\"\(svgNumber(py + 4))\" class=\"map-place\">"
                + "\(escapeXML(place.name))</text>"
        }
        return out.isEmpty ? "" : "<g aria-hidden=\"true\">\(out)</g>"
    }

    /// A scale bar in the bottom left: a round number of kilometres about a fifth of the width.
    public func scaleBar() -> String {
        let steps: [Double] = [0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200]
        let km = steps.last { $0 <= spanKm / 5 } ?? 0.5
        let length = km * 1000 * scale
        let y0 = height - 12
        return "<g class=\"map-scale\"><rect x=\"6\" y=\"\(svgNumber(y0 - 20))\" width=\"\(svgNumber(length + 12))\" "
            + "height=\"26\" class=\"map-scale-bg\"/><path d=\"M12 \(svgNumber(y0 - 4))v4h\(svgNumber(length))v-4\"/>"
            + "<text x=\"12\" y=\"\(svgNumber(y0 - 8))\">\(svgNumber(km, digits: 1)) km</text></g>"
    }
}
