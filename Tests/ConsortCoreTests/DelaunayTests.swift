import ConsortCore
import Foundation
import Testing

@Suite("Delaunay triangulation and the neighbourhood graph")
struct DelaunayTests {
    /// Whether point p lies strictly inside the circumcircle of a, b, c (any orientation), exactly.
    func inside(_ a: (x: Int, y: Int), _ b: (x: Int, y: Int), _ c: (x: Int, y: Int), _ p: (x: Int, y: Int)) -> Bool {
        let ax = Int128(a.x - p.x)
        let ay = Int128(a.y - p.y)
        let bx = Int128(b.x - p.x)
        let by = Int128(b.y - p.y)
        let cx = Int128(c.x - p.x)
        let cy = Int128(c.y - p.y)
        let det =
            (ax * ax + ay * ay) * (bx * cy - cx * by) - (bx * bx + by * by) * (ax * cy - cx * ay) + (cx * cx + cy * cy)
            * (ax * by - bx * ay)
        let orientation = Int128(b.x - a.x) * Int128(c.y - a.y) - Int128(b.y - a.y) * Int128(c.x - a.x)
        return orientation > 0 ? det > 0 : det < 0
    }

    /// Checks a triangulation: Euler's count, and that no point lies inside any triangle's circumcircle.
    func verify(_ points: [(x: Int, y: Int)], checkAllPoints: Bool) {
        let d = Delaunay(points: points)
        let n = points.count
        let h = d.hull.count
        #expect(d.triangles.count / 3 == 2 * n - 2 - h, "triangles")
        #expect(d.edges.count == 3 * n - 3 - h, "edges")
        for e in 0..<d.halfedges.count where d.halfedges[e] >= 0 {
            #expect(d.halfedges[d.halfedges[e]] == e)
        }
        for t in stride(from: 0, to: d.triangles.count, by: 3) {
            let a = points[d.triangles[t]]
            let b = points[d.triangles[t + 1]]
            let c = points[d.triangles[t + 2]]
            if checkAllPoints {
                for p in points.indices where !d.triangles[t..<t + 3].contains(p) {
                    #expect(!inside(a, b, c, points[p]), "point \(p) inside triangle \(t / 3)")
                }
            } else {
                // Local Delaunay condition across each edge implies the global one.
                for k in 0..<3 {
                    let opposite = d.halfedges[t + k]
                    guard opposite >= 0 else { continue }
                    let o = opposite - opposite % 3
                    let far = d.triangles[o + (opposite - o + 2) % 3]
                    #expect(!inside(a, b, c, points[far]))
                }
            }
        }
    }

    @Test("Random points: Euler's formula and empty circumcircles")
    func random() {
        var generator = SeededGenerator(seed: 42)
        for size in [3, 4, 10, 50, 300] {
            let points = Array(
                Set(
                    (0..<size).map { _ in
                        Pair(
                            Int.random(in: 0..<10_000, using: &generator), Int.random(in: 0..<10_000, using: &generator)
                        )
                    })
            )
            .map { (x: $0.x, y: $0.y) }
            verify(points, checkAllPoints: true)
        }
    }

    @Test("A grid: many co-circular and collinear points")
    func grid() {
        var points: [(x: Int, y: Int)] = []
        for x in 0..<15 { for y in 0..<15 { points.append((x * 100, y * 100)) } }
        verify(points, checkAllPoints: true)
        let d = Delaunay(points: points)
        #expect(d.hull.count == 56)
    }

    @Test("Collinear points are joined along the line")
    func collinear() {
        let d = Delaunay(points: [(0, 0), (20, 20), (10, 10), (30, 30)])
        #expect(d.triangles.isEmpty)
        #expect(Set(d.edges.map { "\($0.0)-\($0.1)" }) == ["0-2", "1-2", "1-3"])
    }

    @Test(
        """
        Every English practice location: a valid triangulation (5,939 locations, as scipy's Qhull gives 17,797 edges)
        """)
    func england() throws {
        let text = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("data/practices.csv"), encoding: .utf8)
        var seen = Set<Pair>()
        var points: [(x: Int, y: Int)] = []
        for line in text.split(separator: "\n").dropFirst() {
            // easting and northing are the 6th and 7th fields; names with commas are quoted before them.
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            let tail = fields.suffix(from: fields.count - 14)
            let e = Int(tail[tail.startIndex])!
            let n = Int(tail[tail.startIndex + 1])!
            if seen.insert(Pair(e, n)).inserted { points.append((e, n)) }
        }
        #expect(points.count == 5_939)
        verify(points, checkAllPoints: false)
        #expect(Delaunay(points: points).edges.count == 17_797)
    }

    @Test("The neighbourhood graph joins co-located practices and respects the distance cap")
    func graph() {
        let graph = NeighbourhoodGraph(points: [(0, 0), (0, 0), (1000, 0), (0, 1000), (50_000, 0), nil])
        #expect(Set(graph.neighbours(of: 0, cap: 5000)) == [1, 2, 3])
        #expect(Set(graph.neighbours(of: 4, cap: 5000)).isEmpty)
        #expect(Set(graph.neighbours(of: 4, cap: 60_000)).isSuperset(of: [2]))
        #expect(graph.neighbours(of: 5, cap: 1e9).isEmpty)
        #expect(graph.touchesOutside(4, cap: 5000))
        let parts = graph.fragments(of: [0, 1, 2, 4, 5], cap: 5000)
        #expect(parts == [[0, 1, 2], [4], [5]])
        #expect(graph.fragments(of: [0, 2, 4], cap: 60_000) == [[0, 2, 4]])
    }
}

struct Pair: Hashable {
    let x: Int, y: Int
    init(_ x: Int, _ y: Int) {
        self.x = x
        self.y = y
    }
}

/// SplitMix64: a small seeded generator, so tests are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
