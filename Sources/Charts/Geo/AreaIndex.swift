import Foundation

/// Places points in areas, e.g. practices in local authority districts: the area whose polygon
/// holds the point. Every point gets one answer, the same on every run:
/// - on a border two areas share (the point lies in both), the area with the lower code;
/// - in no area (the generalised boundaries shipped cut corners off the coast and along borders),
///   the nearest area whose boundary is within `tolerance` metres, else none.
public struct AreaIndex: Sendable {
    public let areas: [GeoJSON.Area]
    /// How far outside every area a point may lie and still be placed in the nearest (metres).
    public let tolerance: Double

    public init(_ areas: [GeoJSON.Area], tolerance: Double = 2_000) {
        self.areas = areas.sorted { $0.code < $1.code }
        self.tolerance = tolerance
    }

    /// The code of the area the point is in (see the rules above), or nil.
    public func locate(_ p: GridPoint) -> String? {
        if let inside = areas.first(where: { $0.contains(p) }) { return inside.code }
        var best: (code: String, distance: Double)?
        for area in areas
        where p.easting >= area.minE - tolerance && p.easting <= area.maxE + tolerance
            && p.northing >= area.minN - tolerance && p.northing <= area.maxN + tolerance
        {
            let d = Self.distance(p, to: area)
            if d <= tolerance, d < best?.distance ?? .infinity { best = (area.code, d) }
        }
        return best?.code
    }

    /// The distance in metres from a point to the nearest edge of an area's rings.
    static func distance(_ p: GridPoint, to area: GeoJSON.Area) -> Double {
        var best = Double.infinity
        for ring in area.rings where ring.count > 1 {
            var j = ring.count - 1
            for i in ring.indices {
                best = min(best, segmentDistance(p, ring[j], ring[i]))
                j = i
            }
        }
        return best
    }

    static func segmentDistance(_ p: GridPoint, _ a: GridPoint, _ b: GridPoint) -> Double {
        let dx = b.easting - a.easting
        let dy = b.northing - a.northing
        let length = dx * dx + dy * dy
        let t =
            length == 0 ? 0 : max(0, min(1, ((p.easting - a.easting) * dx + (p.northing - a.northing) * dy) / length))
        let x = a.easting + t * dx - p.easting
        let y = a.northing + t * dy - p.northing
        return (x * x + y * y).squareRoot()
    }
}
