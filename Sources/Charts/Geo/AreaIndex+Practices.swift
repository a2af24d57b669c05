import ConsortCore
import Foundation

extension AreaIndex {
    /// The area of each practice with a location, by practice code (the rules of `locate`).
    public func place(_ configuration: Configuration) -> [String: String] {
        var out: [String: String] = [:]
        for practice in configuration.practices {
            guard let point = practice.point,
                let code = locate(GridPoint(easting: Double(point.x), northing: Double(point.y)))
            else { continue }
            out[practice.code] = code
        }
        return out
    }

    /// The English local authority districts shipped in a data directory's `geo/` folder, and
    /// what they are: ONS Local Authority Districts (December 2021), codes `LAD21CD`.
    public static let districtsFile = "local_authority_districts_2021.geojson"
    public static let districtsLabel = "local authority districts (ONS, December 2021)"

    /// Reads the districts from a `geo/` folder (or a GeoJSON file with LAD21CD/LAD21NM).
    public static func districts(_ file: URL) throws -> [GeoJSON.Area] {
        try GeoJSON.areas(Data(contentsOf: file), code: "LAD21CD", name: "LAD21NM").features
    }
}
