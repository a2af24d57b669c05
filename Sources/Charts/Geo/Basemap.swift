import ConsortCore
import Foundation

/// The map layers Consort draws behind its practice dots, read once from the boundary files
/// shipped in the data directory's `geo/` folder (ONS Open Geography Portal and OS Open Names,
/// Open Government Licence v3.0; see `data/geo/README.md`).
///
/// Boundaries change: each NHS layer is kept with the date from which it applies, and a map at a
/// date draws the latest layers in force then, naming them in its description.
public final class Basemap: Sendable {
    /// A boundary layer and the first day it describes.
    public struct Layer: Sendable {
        public let title: String
        public let from: Day
        public let areas: [GeoJSON.Area]
    }

    /// The layers a map at one date draws, coarsest first.
    public struct Backdrop: Sendable {
        public let land: [GeoJSON.Area]
        public let regions: Layer?
        public let icbs: Layer?
        public let subICBs: Layer?
        public let places: [GeoJSON.Place]

        /// The sources of the layers, for a map's description.
        public var source: String {
            let titles = [regions, icbs, subICBs].compactMap { $0?.title }
            guard !titles.isEmpty else { return "" }
            return "Boundaries: ONS \(titles.joined(separator: "; ")), Open Government Licence. Places: ONS Major "
                + "Towns and Cities (2015) and OS Open Names."
        }
    }

    public let countries: [GeoJSON.Area]
    public let regions: [Layer]
    public let icbs: [Layer]
    public let subICBs: [Layer]
    public let places: [GeoJSON.Place]
    public let localAuthorities: [GeoJSON.Area]

    /// A basemap without layers: maps draw only their dots.
    public static let empty = Basemap(
        countries: [], regions: [], icbs: [], subICBs: [], places: [], localAuthorities: [])

    public init(
        countries: [GeoJSON.Area], regions: [Layer], icbs: [Layer], subICBs: [Layer], places: [GeoJSON.Place],
        localAuthorities: [GeoJSON.Area]
    ) {
        self.countries = countries
        self.regions = regions.sorted { $0.from < $1.from }
        self.icbs = icbs.sorted { $0.from < $1.from }
        self.subICBs = subICBs.sorted { $0.from < $1.from }
        self.places = places
        self.localAuthorities = localAuthorities
    }

    /// The shipped layers: file, title, first day, and the code and name properties.
    static let files: [(file: String, kind: String, title: String, from: (Int, Int, Int), code: String, name: String)] =
        [
            ("nhs_regions_2021", "region", "NHS England regions (April 2021)", (2000, 1, 1), "NHSER21CD", "NHSER21NM"),
            ("nhs_regions_2022", "region", "NHS England regions (July 2022)", (2022, 7, 1), "NHSER22CD", "NHSER22NM"),
            (
                "nhs_regions_2024", "region", "NHS England regions (January 2024)", (2024, 1, 1), "NHSER24CD",
                "NHSER24NM"
            ),
            (
                "stps_2021", "icb", "Sustainability and Transformation Partnerships (April 2021)", (2000, 1, 1),
                "STP21CD", "STP21NM"
            ),
            ("icbs_2022", "icb", "Integrated Care Boards (July 2022)", (2022, 7, 1), "ICB22CD", "ICB22NM"),
            ("icbs_2026", "icb", "Integrated Care Boards (April 2026)", (2026, 4, 1), "ICB26CD", "ICB26NM"),
            ("ccgs_2021", "sub", "Clinical Commissioning Groups (April 2021)", (2000, 1, 1), "CCG21CD", "CCG21NM"),
            (
                "sub_icb_locations_2022", "sub", "Sub-ICB locations (July 2022)", (2022, 7, 1), "SICBL22CD",
                "SICBL22NM"
            ),
        ]

    /// Reads the layers from `directory` (the `geo/` folder). A missing folder gives the empty
    /// basemap; a file that is present but unreadable is an error naming it.
    public static func load(directory: URL) throws -> Basemap {
        guard FileManager.default.fileExists(atPath: directory.path) else { return .empty }
        func data(_ name: String) throws -> Data? {
            let url = directory.appendingPathComponent("\(name).geojson")
            guard FileManager.default.fileExists(atPath: url.path) else { return nil }
            return try Data(contentsOf: url)
        }
        func read<T>(_ name: String, _ body: (Data) throws -> T) throws -> T? {
            guard let d = try data(name) else { return nil }
            do { return try body(d) } catch {
                throw BasemapError.unreadable(file: "\(name).geojson", reason: "\(error)")
            }
        }
        var layers: [String: [Layer]] = [:]
        for f in files {
            guard let areas = try read(f.file, { try GeoJSON.areas($0, code: f.code, name: f.name).features }),
                let from = Day(year: f.from.0, month: f.from.1, day: f.from.2)
            else { continue }
            layers[f.kind, default: []].append(Layer(title: f.title, from: from, areas: areas))
        }
        let countries = try read("countries_2022") { try GeoJSON.areas($0, code: "CTRY22CD", name: "CTRY22NM") }
        let towns = try read("places_major_towns_2015") {
            try GeoJSON.places($0, name: "TCITY15NM", kind: nil, defaultKind: "Major town")
        }
        let named = try read("places_os_open_names") {
            try GeoJSON.places($0, name: "name", kind: "type", defaultKind: "Town")
        }
        let districts = try read("local_authority_districts_2021") {
            try GeoJSON.areas($0, code: "LAD21CD", name: "LAD21NM")
        }
        // One label per name: cities first, then the major towns, then other towns.
        var seen = Set<String>()
        var places: [GeoJSON.Place] = []
        let ordered =
            (named?.features ?? []).filter { $0.kind == "City" } + (towns?.features ?? [])
            + (named?.features ?? []).filter { $0.kind != "City" }
        for p in ordered where seen.insert(p.name.lowercased()).inserted { places.append(p) }
        return Basemap(
            countries: countries?.features ?? [], regions: layers["region"] ?? [], icbs: layers["icb"] ?? [],
            subICBs: layers["sub"] ?? [], places: places, localAuthorities: districts?.features ?? [])
    }

    /// The layers in force at `day`: for each kind, the latest that began on or before it.
    public func backdrop(at day: Day) -> Backdrop {
        func latest(_ layers: [Layer]) -> Layer? { layers.last { $0.from <= day } ?? layers.first }
        return Backdrop(
            land: countries, regions: latest(regions), icbs: latest(icbs), subICBs: latest(subICBs), places: places)
    }
}

public enum BasemapError: Error, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    public var description: String {
        switch self {
        case .unreadable(let file, let reason): "map layer \(file) could not be read: \(reason)"
        }
    }
}
