import Foundation

/// A polygon layer or a point layer read from a GeoJSON (RFC 7946) `FeatureCollection` in
/// WGS84 longitude and latitude, projected to the British National Grid as it is read.
///
/// Reading is total: a feature whose geometry is missing, of another type or malformed, or whose
/// code property is missing, is skipped and counted rather than stopping the read.
public enum GeoJSON {
    /// A named area: the rings of its polygons (exterior and holes alike, as drawing needs no
    /// distinction) and its bounding box.
    public struct Area: Sendable {
        public let code: String
        public let name: String
        public let rings: [[GridPoint]]
        public let minE: Double
        public let maxE: Double
        public let minN: Double
        public let maxN: Double

        public init(code: String, name: String, rings: [[GridPoint]]) {
            self.code = code
            self.name = name
            self.rings = rings
            let all = rings.joined()
            minE = all.map(\.easting).min() ?? 0
            maxE = all.map(\.easting).max() ?? 0
            minN = all.map(\.northing).min() ?? 0
            maxN = all.map(\.northing).max() ?? 0
        }

        /// Whether the point lies inside the area: an odd number of its rings' edges cross a ray
        /// from the point (even–odd rule, so holes are outside). A point exactly on an edge
        /// counts as inside.
        public func contains(_ p: GridPoint) -> Bool {
            guard p.easting >= minE, p.easting <= maxE, p.northing >= minN, p.northing <= maxN else { return false }
            var inside = false
            for ring in rings where ring.count > 2 {
                var j = ring.count - 1
                for i in ring.indices {
                    let a = ring[i]
                    let b = ring[j]
                    if GeoJSON.onSegment(p, a, b) { return true }
                    if (a.northing > p.northing) != (b.northing > p.northing) {
                        let t = (p.northing - a.northing) / (b.northing - a.northing)
                        if p.easting < a.easting + t * (b.easting - a.easting) { inside.toggle() }
                    }
                    j = i
                }
            }
            return inside
        }
    }

    /// A labelled point.
    public struct Place: Sendable {
        public let name: String
        public let kind: String
        public let point: GridPoint
        public init(name: String, kind: String, point: GridPoint) {
            self.name = name
            self.kind = kind
            self.point = point
        }
    }

    /// What a read found: the features kept and how many were skipped.
    public struct Read<T: Sendable>: Sendable {
        public let features: [T]
        public let skipped: Int
    }

    static func onSegment(_ p: GridPoint, _ a: GridPoint, _ b: GridPoint) -> Bool {
        let cross =
            (b.easting - a.easting) * (p.northing - a.northing) - (b.northing - a.northing) * (p.easting - a.easting)
        guard abs(cross) < 1e-6 * max(1, abs(b.easting - a.easting) + abs(b.northing - a.northing)) else {
            return false
        }
        return p.easting >= min(a.easting, b.easting) && p.easting <= max(a.easting, b.easting)
            && p.northing >= min(a.northing, b.northing) && p.northing <= max(a.northing, b.northing)
    }

    static func features(_ data: Data) throws -> [[String: Any]] {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            root["type"] as? String == "FeatureCollection", let features = root["features"] as? [[String: Any]]
        else { throw GeoJSONError.notAFeatureCollection }
        return features
    }

    /// The areas of a polygon layer, with the code and name from the given properties.
    public static func areas(_ data: Data, code codeKey: String, name nameKey: String) throws -> Read<Area> {
        var out: [Area] = []
        var skipped = 0
        for feature in try features(data) {
            let properties = feature["properties"] as? [String: Any] ?? [:]
            guard let code = properties[codeKey] as? String, let geometry = feature["geometry"] as? [String: Any],
                let rings = polygonRings(geometry), !rings.isEmpty
            else {
                skipped += 1
                continue
            }
            out.append(Area(code: code, name: properties[nameKey] as? String ?? code, rings: rings))
        }
        return Read(features: out, skipped: skipped)
    }

    /// The points of a point layer, with the name and (optional) kind from the given properties.
    public static func places(_ data: Data, name nameKey: String, kind kindKey: String?, defaultKind: String) throws
        -> Read<Place>
    {
        var out: [Place] = []
        var skipped = 0
        for feature in try features(data) {
            let properties = feature["properties"] as? [String: Any] ?? [:]
            guard let name = properties[nameKey] as? String, let geometry = feature["geometry"] as? [String: Any],
                geometry["type"] as? String == "Point", let point = position(geometry["coordinates"])
            else {
                skipped += 1
                continue
            }
            let kind = kindKey.flatMap { properties[$0] as? String } ?? defaultKind
            out.append(Place(name: name, kind: kind, point: point))
        }
        return Read(features: out, skipped: skipped)
    }

    static func polygonRings(_ geometry: [String: Any]) -> [[GridPoint]]? {
        switch geometry["type"] as? String {
        case "Polygon":
            return (geometry["coordinates"] as? [Any]).map(rings)
        case "MultiPolygon":
            return (geometry["coordinates"] as? [Any])?.flatMap { ($0 as? [Any]).map(rings) ?? [] }
        default:
            return nil
        }
    }

    static func rings(_ polygon: [Any]) -> [[GridPoint]] {
        polygon.compactMap { ring -> [GridPoint]? in
            let points = (ring as? [Any])?.compactMap(position) ?? []
            return points.count >= 3 ? points : nil
        }
    }

    /// A `[longitude, latitude]` position within the range of the earth, projected.
    static func position(_ value: Any?) -> GridPoint? {
        guard let pair = value as? [Any], pair.count >= 2, let lon = number(pair[0]), let lat = number(pair[1]),
            lon.isFinite, lat.isFinite, abs(lon) <= 180, abs(lat) <= 90
        else { return nil }
        return GridPoint(latitude: lat, longitude: lon)
    }

    static func number(_ value: Any) -> Double? {
        (value as? NSNumber)?.doubleValue
    }
}

public enum GeoJSONError: Error, CustomStringConvertible {
    case notAFeatureCollection
    public var description: String { "not a GeoJSON FeatureCollection (RFC 7946)" }
}
