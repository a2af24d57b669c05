import Charts
import Foundation
import Testing

@Suite("Placing points in areas (practices in districts)")
struct AreaIndexTests {
    /// Two 1 km squares side by side sharing the edge x = 1,000: B (left) and A (right), given in
    /// that order so that the lower code is not simply the first; C, a square with a square hole.
    static func square(_ code: String, x: Double, y: Double, size: Double) -> [GridPoint] {
        [
            GridPoint(easting: x, northing: y), GridPoint(easting: x + size, northing: y),
            GridPoint(easting: x + size, northing: y + size), GridPoint(easting: x, northing: y + size),
        ]
    }
    static let index = AreaIndex([
        GeoJSON.Area(code: "E2", name: "B", rings: [square("E2", x: 0, y: 0, size: 1_000)]),
        GeoJSON.Area(code: "E1", name: "A", rings: [square("E1", x: 1_000, y: 0, size: 1_000)]),
        GeoJSON.Area(
            code: "E3", name: "C",
            rings: [square("E3", x: 10_000, y: 0, size: 3_000), square("E3", x: 11_000, y: 1_000, size: 1_000)]),
    ])

    @Test("Inside one area; on a shared border, the lower code; on a corner shared by both, the same")
    func insideAndBorders() {
        #expect(Self.index.locate(GridPoint(easting: 500, northing: 500)) == "E2")
        #expect(Self.index.locate(GridPoint(easting: 1_500, northing: 500)) == "E1")
        #expect(Self.index.locate(GridPoint(easting: 1_000, northing: 500)) == "E1", "on the shared edge")
        #expect(Self.index.locate(GridPoint(easting: 1_000, northing: 1_000)) == "E1", "on the shared corner")
        #expect(Self.index.locate(GridPoint(easting: 0, northing: 0)) == "E2", "on B's own corner")
        #expect(Self.index.locate(GridPoint(easting: 999.999, northing: 500)) == "E2", "just inside B")
    }

    @Test("Outside every area: the nearest within 2 km, else none; a hole is outside its area")
    func outside() {
        #expect(Self.index.locate(GridPoint(easting: -1_500, northing: 500)) == "E2", "1.5 km west of B")
        #expect(Self.index.locate(GridPoint(easting: -2_500, northing: 500)) == nil, "2.5 km west of B")
        #expect(Self.index.locate(GridPoint(easting: 1_500, northing: 2_900)) == "E1", "1.9 km north of A")
        #expect(Self.index.locate(GridPoint(easting: 1_000, northing: -100)) == "E1", "equally near both: lower code")
        #expect(Self.index.locate(GridPoint(easting: 11_500, northing: 1_500)) == "E3", "in the hole: nearest is E3")
        let strict = AreaIndex(Self.index.areas, tolerance: 100)
        #expect(strict.locate(GridPoint(easting: 11_500, northing: 1_500)) == nil, "the hole is outside E3")
        #expect(strict.locate(GridPoint(easting: 10_500, northing: 1_500)) == "E3")
    }

    @Test("The shipped districts: a practice's town lands in its own district")
    func shipped() throws {
        let url = repository.appendingPathComponent("data/geo/local_authority_districts_2021.geojson")
        let read = try GeoJSON.areas(Data(contentsOf: url), code: "LAD21CD", name: "LAD21NM")
        #expect(read.features.count == 309 && read.skipped == 0)
        let index = AreaIndex(read.features)
        // Hartlepool's town centre (54.686° N, 1.212° W), Leeds (53.797° N, 1.548° W), Truro (50.263° N,
        // 5.051° W).
        for (lat, lon, code) in [
            (54.686, -1.212, "E06000001"), (53.797, -1.548, "E08000035"), (50.263, -5.051, "E06000052"),
        ] {
            #expect(index.locate(GridPoint(latitude: lat, longitude: lon)) == code, "\(lat), \(lon)")
        }
        #expect(index.locate(GridPoint(latitude: 48.85, longitude: 2.35)) == nil, "Paris is in no English district")
    }
}
