import ConsortCore
import Foundation
import Testing

@testable import Charts

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

@Suite("Maps")
struct MapTests {
    @Test("The National Grid projection gives the Ordnance Survey's worked example")
    func transverseMercator() {
        // OS, A guide to coordinate systems in Great Britain, annexe C: 52°39′27.2531″N,
        // 1°43′4.5177″E on Airy 1830 is E 651409.903, N 313177.270.
        let rad = Double.pi / 180
        let lat = (52 + 39 / 60.0 + 27.2531 / 3600) * rad
        let lon = (1 + 43 / 60.0 + 4.5177 / 3600) * rad
        let p = GridPoint.transverseMercator(lat: lat, lon: lon, a: 6_377_563.396, b: 6_356_256.909)
        #expect(abs(p.easting - 651_409.903) < 0.01)
        #expect(abs(p.northing - 313_177.270) < 0.01)
    }

    @Test("WGS84 latitude and longitude land within metres of the shipped practices' grid references")
    func practices() throws {
        let text = try String(contentsOf: repository.appendingPathComponent("data/practices.csv"), encoding: .utf8)
        var errors: [Double] = []
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count > 6, let lat = Double(f[3]), let lon = Double(f[4]), let e = Double(f[5]),
                let n = Double(f[6])
            else { continue }
            let p = GridPoint(latitude: lat, longitude: lon)
            errors.append(((p.easting - e) * (p.easting - e) + (p.northing - n) * (p.northing - n)).squareRoot())
        }
        errors.sort()
        #expect(errors.count > 6_000)
        // The Helmert transformation is good to a few metres; the file's grid references are
        // whole metres and its latitudes six decimals.
        #expect(errors[errors.count / 2] < 5)
        #expect(errors[errors.count * 99 / 100] < 10)
    }

    @Test("Point in polygon: inside, outside, in a hole, on an edge and on a border two areas share")
    func pointInPolygon() {
        func p(_ e: Double, _ n: Double) -> GridPoint { GridPoint(easting: e, northing: n) }
        let square = [p(0, 0), p(10, 0), p(10, 10), p(0, 10)]
        let hole = [p(4, 4), p(4, 6), p(6, 6), p(6, 4)]
        let west = GeoJSON.Area(code: "W", name: "West", rings: [square, hole])
        let east = GeoJSON.Area(code: "E", name: "East", rings: [[p(10, 0), p(20, 0), p(20, 10), p(10, 10)]])
        #expect(west.contains(p(2, 2)))
        #expect(!west.contains(p(5, 5)), "in the hole")
        #expect(west.contains(p(4, 5)), "on the hole's edge")
        #expect(!west.contains(p(11, 5)))
        #expect(!west.contains(p(-0.001, 5)))
        #expect(west.contains(p(0, 0)), "a corner")
        // On the shared border both areas hold the point; off it by a millimetre, only one.
        #expect(west.contains(p(10, 5)) && east.contains(p(10, 5)))
        #expect(west.contains(p(9.999, 5)) && !east.contains(p(9.999, 5)))
        #expect(!west.contains(p(10.001, 5)) && east.contains(p(10.001, 5)))
    }

    @Test("GeoJSON reading skips malformed features and refuses what is not a FeatureCollection")
    func geoJSON() throws {
        let text = """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"C":"A","N":"Alpha"},"geometry":{"type":"Polygon",
             "coordinates":[[[-1,52],[-0.9,52],[-0.9,52.1],[-1,52]]]}},
            {"type":"Feature","properties":{"C":"B"},"geometry":{"type":"MultiPolygon",
             "coordinates":[[[[-1,52],[-0.9,52],[-0.9,52.1],[-1,52]]],[[[0,51],[0.1,51],[0.1,51.1],[0,51]]]]}},
            {"type":"Feature","properties":{"N":"no code"},"geometry":{"type":"Polygon","coordinates":[]}},
            {"type":"Feature","properties":{"C":"D"},"geometry":{"type":"Polygon","coordinates":[[["x",1]]]}},
            {"type":"Feature","properties":{"C":"E"},"geometry":{"type":"Polygon",
             "coordinates":[[[999,52],[1,2],[3,4]]]}},
            {"type":"Feature","properties":{"C":"F"},"geometry":null}
            ]}
            """
        let read = try GeoJSON.areas(Data(text.utf8), code: "C", name: "N")
        #expect(read.features.map(\.code) == ["A", "B"])
        #expect(read.features[1].rings.count == 2)
        #expect(read.features[1].name == "B")
        #expect(read.skipped == 4)
        #expect(throws: GeoJSONError.self) { try GeoJSON.areas(Data("[1,2]".utf8), code: "C", name: "N") }
        #expect(throws: (any Error).self) { try GeoJSON.areas(Data("{".utf8), code: "C", name: "N") }
    }

    @Test("The shipped basemap has every layer, and a map at a date draws the layers then in force")
    func basemap() throws {
        let map = try Basemap.load(directory: repository.appendingPathComponent("data/geo"))
        #expect(map.countries.count == 4)
        #expect(map.regions.map { $0.areas.count } == [7, 7, 7])
        #expect(map.icbs.map { $0.areas.count } == [42, 42, 36])
        #expect(map.subICBs.map { $0.areas.count } == [106, 106])
        #expect(map.localAuthorities.count == 309)
        #expect(map.places.count > 1_000)
        #expect(map.places.first?.kind == "City")
        let names = map.places.map { $0.name.lowercased() }
        #expect(Set(names).count == names.count, "one label per name")
        let jan2022 = map.backdrop(at: Day(year: 2022, month: 1, day: 1)!)
        #expect(jan2022.icbs?.title.contains("Sustainability and Transformation Partnerships") == true)
        #expect(jan2022.subICBs?.title.contains("Clinical Commissioning Groups") == true)
        let may2026 = map.backdrop(at: Day(year: 2026, month: 5, day: 1)!)
        #expect(may2026.icbs?.title == "Integrated Care Boards (April 2026)")
        #expect(may2026.regions?.title == "NHS England regions (January 2024)")
        // A practice lies in its own CCG's polygon: Densham Surgery (A81001), NHS Tees Valley CCG.
        let densham = GridPoint(easting: 444_136, northing: 518_701)
        let ccg = jan2022.subICBs?.areas.first { $0.contains(densham) }
        #expect(ccg?.name == "NHS Tees Valley CCG")
        let canvas = MapCanvas(focus: [densham], width: 400, minimumSpan: 40_000)
        let drawn = canvas.backdrop(jan2022) + canvas.placeNames(jan2022)
        #expect(drawn.contains("map-land") && drawn.contains("map-b-sub") && drawn.contains("map-b-region"))
        #expect(drawn.contains(">Middlesbrough</text>"))
        #expect(Basemap.empty.backdrop(at: Day(year: 2022, month: 1, day: 1)!).regions == nil)
        #expect(try Basemap.load(directory: repository.appendingPathComponent("no-such-folder")).countries.isEmpty)
    }

    @Test("The frame keeps the area's shape within limits, and the scale bar is a round length")
    func canvas() {
        let tall = MapCanvas(
            focus: [.init(easting: 0, northing: 0), .init(easting: 10_000, northing: 100_000)], width: 600)
        #expect(tall.height == (600 * 1.35).rounded())
        let wide = MapCanvas(
            focus: [.init(easting: 0, northing: 0), .init(easting: 100_000, northing: 60_000)], width: 600)
        #expect(abs(wide.height - 360) <= 1)
        #expect(wide.contains(.init(easting: 0, northing: 0)) && wide.contains(.init(easting: 100_000, northing: 0)))
        #expect(wide.scaleBar().contains(">20 km</text>"))
    }

    @Test("Neighbouring groups never share a colour on a planar map of 60 groups")
    func colouring() {
        // 600 points on a jittered grid, grouped by the nearest of 60 centres: a map of regions.
        var points: [(x: Int, y: Int)] = []
        for i in 0..<30 {
            for j in 0..<20 {
                points.append((x: i * 1000 + (i * 37 + j * 91) % 400, y: j * 1000 + (i * 53 + j * 17) % 400))
            }
        }
        let centres = (0..<60).map { k in (x: (k % 10) * 3000 + 1500 + (k * 7) % 500, y: (k / 10) * 3300 + 1600) }
        let groups = points.map { p in
            centres.indices.min { a, b in
                let da = (centres[a].x - p.x) * (centres[a].x - p.x) + (centres[a].y - p.y) * (centres[a].y - p.y)
                let db = (centres[b].x - p.x) * (centres[b].x - p.x) + (centres[b].y - p.y) * (centres[b].y - p.y)
                return da < db
            }!
        }
        let links = Delaunay(points: points).edges
        let colour = GroupMap.colours(groups: groups, links: links)
        #expect(colour.count == Set(groups).count)
        for (a, b) in links where groups[a] != groups[b] {
            #expect(colour[groups[a]] != colour[groups[b]], "groups \(groups[a]) and \(groups[b]) touch")
        }
        // Four colours are not always enough for a greedy method, but the palette's ten are.
        #expect(Set(colour.values).count <= GroupMap.palette)
    }

    @Test("A group map outlines each group, names the groups in its legend and rings the flagged")
    func groupMap() {
        let points = (0..<6).map { GridPoint(easting: Double($0 % 3) * 2000, northing: Double($0 / 3) * 2000) }
        let map = GroupMap(
            id: "g", title: "Groups", description: "d", points: points + [.init(easting: 500, northing: 500)],
            groups: [0, 0, 1, 0, 1, 1, -1], names: [0: "North <PCN>", 1: "South PCN"],
            links: [(0, 1), (1, 2), (2, 5), (3, 4), (4, 5)], flagged: [1], flagLabel: "too small")
        let svg = map.svg()
        #expect(svg.components(separatedBy: "class=\"map-h").count - 1 == 2)
        #expect(svg.contains("class=\"map-flag\""))
        // Each group's area is named on hover and numbered as in the legend.
        #expect(svg.contains("<title>North &lt;PCN&gt; (3 practices)</title>"))
        #expect(svg.contains(">1</text>") && svg.contains(">2</text>"))
        let legend = map.legend()
        #expect(legend.contains("1. North &lt;PCN&gt; (3 practices)"))
        #expect(legend.contains("ringed red: too small (1)"))
        #expect(legend.contains("practices in no group"))
        #expect(GroupMap.hull([(0, 0), (2, 0), (1, 1), (2, 2), (0, 2)]).count == 4)
    }

    @Test("Colours given for a page's maps are kept, so a group has one colour on each")
    func fixedColours() {
        let points = (0..<4).map { GridPoint(easting: Double($0) * 2000, northing: 0) }
        let map = GroupMap(
            id: "g", title: "t", description: "d", points: points, groups: [0, 0, 1, 1], names: [0: "A", 1: "B"],
            links: [(1, 2)], fixedColours: [0: 7, 1: 3])
        #expect(map.svg().contains("class=\"map-h7\"") && map.svg().contains("class=\"map-g3\""))
        #expect(map.legend().contains("map-g7"))
    }

    @Test("Path data is relative, in tenths of a pixel, and a ring is clipped to the frame")
    func pathData() {
        var d = MapPath()
        d.ring([(10, 10), (20.04, 10), (20, 25.55), (10, 10)])
        #expect(d.text == "M10 10l10 0l0 15.6z")
        var dots = MapPath()
        dots.dot(1.25, 2)
        dots.dot(0.5, 3)
        #expect(dots.text == "M1.3 2h0m-.8 1h0".replacingOccurrences(of: "-.8", with: "-0.8"))
        // A square half outside a 100-pixel frame keeps only its inside half, along the frame's edge.
        let clipped = MapPath.clip([(50, 50), (150, 50), (150, 80), (50, 80)], to: (0, 0, 100, 100))
        #expect(clipped.allSatisfy { $0.0 <= 100 })
        #expect(Set(clipped.map { "\($0.0),\($0.1)" }) == ["50.0,50.0", "100.0,50.0", "100.0,80.0", "50.0,80.0"])
        // Wholly outside: nothing.
        #expect(MapPath.clip([(200, 200), (300, 200), (300, 300)], to: (0, 0, 100, 100)).isEmpty)
        // A concave ring crossing the frame twice is still one closed shape within it.
        let u = MapPath.clip(
            [(-10, 10), (90, 10), (90, 90), (-10, 90), (-10, 60), (50, 60), (50, 40), (-10, 40)], to: (0, 0, 100, 100))
        #expect(u.allSatisfy { $0.0 >= 0 && $0.0 <= 100 })
        #expect(u.count == 8)
    }

    @Test("Simplifying keeps corners and drops points within the tolerance of the line")
    func simplify() {
        // A square with many nearly collinear points along each side.
        var ring: [(Double, Double)] = []
        for i in 0..<50 { ring.append((Double(i) * 2, i % 2 == 0 ? 0 : 0.2)) }
        ring += [(100, 0), (100, 100), (0, 100)]
        let s = MapPath.simplify(ring, tolerance: 0.5)
        #expect(s.count == 4)
        #expect(MapPath.simplify(ring, tolerance: 0.1).count > 20)
    }
}
