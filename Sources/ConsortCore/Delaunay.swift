/// A Delaunay triangulation of points with integer coordinates (British National Grid metres),
/// by the sweep-hull method of Delaunator (V. Agafonkin, 2017): points are added in order of
/// distance from a seed triangle's circumcentre, each joined to the hull edges it sees, with
/// edge flips restoring the Delaunay condition. O(n log n) in practice.
///
/// The orientation and in-circle predicates are computed exactly (64- and 128-bit integers), so
/// the result is a true Delaunay triangulation even for collinear and co-circular points.
/// Points must be distinct; callers merge co-located points first.
public struct Delaunay: Sendable {
    /// Vertex indices, three per triangle, counter-clockwise in the predicate's convention.
    public private(set) var triangles: [Int] = []
    /// For each half-edge (index into `triangles`), the opposite half-edge, or -1 on the hull.
    public private(set) var halfedges: [Int] = []
    /// Hull vertex indices in order.
    public private(set) var hull: [Int] = []

    private let xs: [Int64]
    private let ys: [Int64]

    public init(points: [(x: Int, y: Int)]) {
        let n = points.count
        xs = points.map { Int64($0.x) }
        ys = points.map { Int64($0.y) }
        guard n >= 3 else {
            hull = Array(0..<n)
            return
        }
        var work = Work(n: n)
        build(&work)
        triangles = Array(work.triangles[0..<work.trianglesLength])
        halfedges = Array(work.halfedges[0..<work.trianglesLength])
        hull = work.hullList
    }

    /// Every edge once, as (a, b) with a < b. Collinear points, which have no triangles, are
    /// joined to their neighbours along the line.
    public var edges: [(Int, Int)] {
        if triangles.isEmpty {
            return zip(hull, hull.dropFirst()).map { $0 < $1 ? ($0, $1) : ($1, $0) }
        }
        var out: [(Int, Int)] = []
        out.reserveCapacity(triangles.count / 2 + hull.count)
        for e in 0..<triangles.count where halfedges[e] < e {
            let a = triangles[e]
            let b = triangles[e % 3 == 2 ? e - 2 : e + 1]
            out.append(a < b ? (a, b) : (b, a))
        }
        return out
    }

    // MARK: Exact predicates

    /// The sign convention of Delaunator's `orient2d`: positive when a, b, c turn clockwise
    /// (with y pointing up), negative when anticlockwise, zero when collinear.
    private func orient(_ a: Int, _ b: Int, _ c: Int) -> Int64 {
        (ys[a] - ys[c]) * (xs[b] - xs[c]) - (xs[a] - xs[c]) * (ys[b] - ys[c])
    }

    private func orient(x: Int64, y: Int64, _ b: Int, _ c: Int) -> Int64 {
        (y - ys[c]) * (xs[b] - xs[c]) - (x - xs[c]) * (ys[b] - ys[c])
    }

    /// Whether p lies strictly inside the circumcircle of a, b, c (Delaunator's sign).
    private func inCircle(_ a: Int, _ b: Int, _ c: Int, _ p: Int) -> Bool {
        let dx = Int128(xs[a] - xs[p])
        let dy = Int128(ys[a] - ys[p])
        let ex = Int128(xs[b] - xs[p])
        let ey = Int128(ys[b] - ys[p])
        let fx = Int128(xs[c] - xs[p])
        let fy = Int128(ys[c] - ys[p])
        let ap = dx * dx + dy * dy
        let bp = ex * ex + ey * ey
        let cp = fx * fx + fy * fy
        return dx * (ey * cp - bp * fy) - dy * (ex * cp - bp * fx) + ap * (ex * fy - ey * fx) < 0
    }

    // MARK: Construction

    private struct Work {
        var triangles: [Int]
        var halfedges: [Int]
        var trianglesLength = 0
        var hullPrev: [Int]
        var hullNext: [Int]
        var hullTri: [Int]
        var hullHash: [Int]
        var hullStart = 0
        var hullList: [Int] = []
        var cx = 0.0, cy = 0.0
        var edgeStack: [Int] = []

        init(n: Int) {
            let maxTriangles = max(2 * n - 5, 0)
            triangles = Array(repeating: 0, count: maxTriangles * 3)
            halfedges = Array(repeating: -1, count: maxTriangles * 3)
            hullPrev = Array(repeating: 0, count: n)
            hullNext = Array(repeating: 0, count: n)
            hullTri = Array(repeating: 0, count: n)
            hullHash = Array(repeating: -1, count: Int(Double(n).squareRoot().rounded(.up)))
        }

        mutating func link(_ a: Int, _ b: Int) {
            halfedges[a] = b
            if b != -1 { halfedges[b] = a }
        }

        mutating func addTriangle(_ i0: Int, _ i1: Int, _ i2: Int, _ a: Int, _ b: Int, _ c: Int) -> Int {
            let t = trianglesLength
            triangles[t] = i0
            triangles[t + 1] = i1
            triangles[t + 2] = i2
            link(t, a)
            link(t + 1, b)
            link(t + 2, c)
            trianglesLength += 3
            return t
        }

        func hashKey(_ x: Double, _ y: Double) -> Int {
            let dx = x - cx
            let dy = y - cy
            let p = dx / (abs(dx) + abs(dy))
            let angle = (dy > 0 ? 3 - p : 1 + p) / 4
            return Int((angle * Double(hullHash.count)).rounded(.down)) % hullHash.count
        }
    }

    private func build(_ w: inout Work) {
        let n = xs.count
        func fx(_ i: Int) -> Double { Double(xs[i]) }
        func fy(_ i: Int) -> Double { Double(ys[i]) }
        func dist(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double) -> Double {
            (ax - bx) * (ax - bx) + (ay - by) * (ay - by)
        }

        let minX = Double(xs.min()!)
        let maxX = Double(xs.max()!)
        let minY = Double(ys.min()!)
        let maxY = Double(ys.max()!)
        let cx = (minX + maxX) / 2
        let cy = (minY + maxY) / 2
        var i0 = 0
        var i1 = -1
        var i2 = -1
        var minDist = Double.infinity
        for i in 0..<n {
            let d = dist(cx, cy, fx(i), fy(i))
            if d < minDist {
                i0 = i
                minDist = d
            }
        }
        minDist = .infinity
        for i in 0..<n where i != i0 {
            let d = dist(fx(i0), fy(i0), fx(i), fy(i))
            if d < minDist && d > 0 {
                i1 = i
                minDist = d
            }
        }
        var minRadius = Double.infinity
        for i in 0..<n where i != i0 && i != i1 {
            let r = circumradius(fx(i0), fy(i0), fx(i1), fy(i1), fx(i), fy(i))
            if r < minRadius {
                i2 = i
                minRadius = r
            }
        }
        guard i1 >= 0, i2 >= 0, minRadius.isFinite else {
            // All points collinear: no triangles; the hull is the points in order along the line.
            let order = (0..<n).sorted { xs[$0] != xs[$1] ? xs[$0] < xs[$1] : ys[$0] < ys[$1] }
            w.hullList = order
            return
        }
        if orient(i0, i1, i2) < 0 { swap(&i1, &i2) }
        let center = circumcenter(fx(i0), fy(i0), fx(i1), fy(i1), fx(i2), fy(i2))
        w.cx = center.x
        w.cy = center.y
        let dists = (0..<n).map { dist(fx($0), fy($0), center.x, center.y) }
        let ids = (0..<n).sorted { dists[$0] != dists[$1] ? dists[$0] < dists[$1] : $0 < $1 }

        w.hullStart = i0
        var hullSize = 3
        w.hullNext[i0] = i1
        w.hullPrev[i2] = i1
        w.hullNext[i1] = i2
        w.hullPrev[i0] = i2
        w.hullNext[i2] = i0
        w.hullPrev[i1] = i0
        w.hullTri[i0] = 0
        w.hullTri[i1] = 1
        w.hullTri[i2] = 2
        w.hullHash[w.hashKey(fx(i0), fy(i0))] = i0
        w.hullHash[w.hashKey(fx(i1), fy(i1))] = i1
        w.hullHash[w.hashKey(fx(i2), fy(i2))] = i2
        _ = w.addTriangle(i0, i1, i2, -1, -1, -1)

        for i in ids where i != i0 && i != i1 && i != i2 {
            let x = xs[i]
            let y = ys[i]
            // Find a visible edge on the hull, starting from the hash bucket of the point's angle.
            var start = 0
            let key = w.hashKey(Double(x), Double(y))
            for j in 0..<w.hullHash.count {
                start = w.hullHash[(key + j) % w.hullHash.count]
                if start != -1 && start != w.hullNext[start] { break }
            }
            start = w.hullPrev[start]
            var e = start
            var q = w.hullNext[e]
            var visible = true
            while orient(x: x, y: y, e, q) >= 0 {
                e = q
                if e == start {
                    visible = false
                    break
                }
                q = w.hullNext[e]
            }
            guard visible else { continue }

            var t = w.addTriangle(e, i, w.hullNext[e], -1, -1, w.hullTri[e])
            w.hullTri[i] = legalize(t + 2, &w)
            w.hullTri[e] = t
            hullSize += 1

            var nx = w.hullNext[e]
            q = w.hullNext[nx]
            while orient(x: x, y: y, nx, q) < 0 {
                t = w.addTriangle(nx, i, q, w.hullTri[i], -1, w.hullTri[nx])
                w.hullTri[i] = legalize(t + 2, &w)
                w.hullNext[nx] = nx
                hullSize -= 1
                nx = q
                q = w.hullNext[nx]
            }
            if e == start {
                q = w.hullPrev[e]
                while orient(x: x, y: y, q, e) < 0 {
                    t = w.addTriangle(q, i, e, -1, w.hullTri[e], w.hullTri[q])
                    _ = legalize(t + 2, &w)
                    w.hullTri[q] = t
                    w.hullNext[e] = e
                    hullSize -= 1
                    e = q
                    q = w.hullPrev[e]
                }
            }
            w.hullStart = e
            w.hullPrev[i] = e
            w.hullNext[e] = i
            w.hullPrev[nx] = i
            w.hullNext[i] = nx
            w.hullHash[w.hashKey(Double(x), Double(y))] = i
            w.hullHash[w.hashKey(fx(e), fy(e))] = e
        }
        var e = w.hullStart
        for _ in 0..<hullSize {
            w.hullList.append(e)
            e = w.hullNext[e]
        }
    }

    /// Flips edges from half-edge `a` until every affected pair of triangles is Delaunay.
    private func legalize(_ start: Int, _ w: inout Work) -> Int {
        var a = start
        var ar = 0
        w.edgeStack.removeAll(keepingCapacity: true)
        while true {
            let b = w.halfedges[a]
            let a0 = a - a % 3
            ar = a0 + (a + 2) % 3
            if b == -1 {
                guard let next = w.edgeStack.popLast() else { break }
                a = next
                continue
            }
            let b0 = b - b % 3
            let al = a0 + (a + 1) % 3
            let bl = b0 + (b + 2) % 3
            let p0 = w.triangles[ar]
            let pr = w.triangles[a]
            let pl = w.triangles[al]
            let p1 = w.triangles[bl]
            if inCircle(p0, pr, pl, p1) {
                w.triangles[a] = p1
                w.triangles[b] = p0
                let hbl = w.halfedges[bl]
                if hbl == -1 {
                    // The flipped edge was on the hull: repoint the hull's triangle reference.
                    var e = w.hullStart
                    repeat {
                        if w.hullTri[e] == bl {
                            w.hullTri[e] = a
                            break
                        }
                        e = w.hullPrev[e]
                    } while e != w.hullStart
                }
                w.link(a, hbl)
                w.link(b, w.halfedges[ar])
                w.link(ar, bl)
                let br = b0 + (b + 1) % 3
                w.edgeStack.append(br)
            } else {
                guard let next = w.edgeStack.popLast() else { break }
                a = next
            }
        }
        return ar
    }

    private func circumradius(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ cx: Double, _ cy: Double)
        -> Double
    {
        let dx = bx - ax
        let dy = by - ay
        let ex = cx - ax
        let ey = cy - ay
        let bl = dx * dx + dy * dy
        let cl = ex * ex + ey * ey
        let d = 0.5 / (dx * ey - dy * ex)
        guard d.isFinite else { return .infinity }
        let x = (ey * bl - dy * cl) * d
        let y = (dx * cl - ex * bl) * d
        return x * x + y * y
    }

    private func circumcenter(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ cx: Double, _ cy: Double) -> (
        x: Double, y: Double
    ) {
        let dx = bx - ax
        let dy = by - ay
        let ex = cx - ax
        let ey = cy - ay
        let bl = dx * dx + dy * dy
        let cl = ex * ex + ey * ey
        let d = 0.5 / (dx * ey - dy * ex)
        return (ax + (ey * bl - dy * cl) * d, ay + (dx * cl - ex * bl) * d)
    }
}
