import Foundation

/// SVG path data for maps, written compactly: coordinates in tenths of a pixel, every command
/// after the first relative to the point before (`m`, `l`), no number formatting through
/// `String(format:)`. A ring is clipped to the frame (with a margin, so clipped edges fall outside
/// what is seen) and simplified to the detail the drawing can show before it is written.
struct MapPath {
    /// The grid coordinates are rounded to, in tenths of a pixel (1: a tenth; 10: whole pixels).
    let step: Int
    private var bytes: [UInt8] = []
    /// The current point, in tenths of a pixel, once a command has been written.
    private var at: (x: Int, y: Int)?
    private var ringStart: (x: Int, y: Int) = (0, 0)

    init(step: Int = 1) { self.step = max(1, step) }

    var isEmpty: Bool { bytes.isEmpty }
    var text: String { String(decoding: bytes, as: UTF8.self) }

    private func tenths(_ v: Double) -> Int {
        guard v.isFinite else { return 0 }
        return Int((min(max(v, -1e6), 1e6) * 10 / Double(step)).rounded()) * step
    }

    /// Appends a number given in tenths (`-12.3`, `4`), separated from the one before by its
    /// sign or a space.
    private mutating func number(_ t: Int, first: Bool) {
        if t < 0 {
            bytes.append(UInt8(ascii: "-"))
        } else if !first {
            bytes.append(UInt8(ascii: " "))
        }
        let a = t.magnitude
        bytes += String(a / 10).utf8
        if a % 10 > 0 {
            bytes.append(UInt8(ascii: "."))
            bytes.append(UInt8(48 + a % 10))
        }
    }

    /// An absolute command (`M`, `L`) for the first point, else its relative form.
    private mutating func command(_ letter: UInt8, _ x: Int, _ y: Int) {
        if let from = at {
            bytes.append(letter | 0x20)
            number(x - from.x, first: true)
            number(y - from.y, first: false)
        } else {
            bytes.append(letter)
            number(x, first: true)
            number(y, first: false)
        }
        at = (x, y)
    }

    /// A round dot (a zero-length segment, drawn with a round line cap).
    mutating func dot(_ x: Double, _ y: Double) {
        command(UInt8(ascii: "M"), tenths(x), tenths(y))
        bytes += "h0".utf8
    }

    /// A closed ring through pixel points as given (no clipping or simplifying).
    mutating func ring(_ points: [(Double, Double)]) {
        var last: (Int, Int)?
        var count = 0
        let start = bytes.count
        let before = at
        let first = points.first.map { (tenths($0.0), tenths($0.1)) }
        for (i, p) in points.enumerated() {
            let q = (tenths(p.0), tenths(p.1))
            if let l = last, l == q { continue }
            // The closing point (GeoJSON repeats the first) is what `z` draws.
            if i == points.count - 1, i > 0, let f = first, f == q { continue }
            if i == 0 {
                command(UInt8(ascii: "M"), q.0, q.1)
                ringStart = q
            } else {
                command(UInt8(ascii: "L"), q.0, q.1)
            }
            last = q
            count += 1
        }
        guard count >= 3 else {
            bytes.removeSubrange(start...)
            at = before
            return
        }
        bytes.append(UInt8(ascii: "z"))
        // After `z` the current point is the ring's start.
        at = ringStart
    }

    /// A ring of pixel points clipped to `frame` and simplified to `tolerance` pixels.
    mutating func ring(
        _ points: [(Double, Double)], clippedTo frame: (x0: Double, y0: Double, x1: Double, y1: Double),
        tolerance: Double
    ) {
        let clipped = MapPath.clip(points, to: frame)
        guard clipped.count >= 3 else { return }
        ring(MapPath.simplify(clipped, tolerance: tolerance))
    }

    /// Sutherland–Hodgman clipping of a polygon (convex or not) to a rectangle. Parts of the
    /// polygon outside become runs along the rectangle's edges, which fill correctly.
    static func clip(
        _ points: [(Double, Double)], to r: (x0: Double, y0: Double, x1: Double, y1: Double)
    ) -> [(Double, Double)] {
        var out = points
        // Each edge: inside test and the crossing of a segment with the edge's line.
        let edges:
            [(inside: ((Double, Double)) -> Bool, cross: ((Double, Double), (Double, Double)) -> (Double, Double))] =
                [
                    ({ $0.0 >= r.x0 }, { a, b in (r.x0, a.1 + (b.1 - a.1) * (r.x0 - a.0) / (b.0 - a.0)) }),
                    ({ $0.0 <= r.x1 }, { a, b in (r.x1, a.1 + (b.1 - a.1) * (r.x1 - a.0) / (b.0 - a.0)) }),
                    ({ $0.1 >= r.y0 }, { a, b in (a.0 + (b.0 - a.0) * (r.y0 - a.1) / (b.1 - a.1), r.y0) }),
                    ({ $0.1 <= r.y1 }, { a, b in (a.0 + (b.0 - a.0) * (r.y1 - a.1) / (b.1 - a.1), r.y1) }),
                ]
        for edge in edges {
            guard let last = out.last else { return [] }
            if out.allSatisfy(edge.inside) { continue }
            var next: [(Double, Double)] = []
            next.reserveCapacity(out.count)
            var prev = last
            for p in out {
                let pin = edge.inside(p)
                let qin = edge.inside(prev)
                if pin {
                    if !qin { next.append(edge.cross(prev, p)) }
                    next.append(p)
                } else if qin {
                    next.append(edge.cross(prev, p))
                }
                prev = p
            }
            out = next
        }
        return out
    }

    /// Douglas–Peucker simplification (Douglas and Peucker 1973) of a closed ring: the points
    /// kept are those further than `tolerance` from the line through the points kept either side.
    static func simplify(_ p: [(Double, Double)], tolerance: Double) -> [(Double, Double)] {
        guard p.count > 4 else { return p }
        var keep = [Bool](repeating: false, count: p.count)
        // A closed ring is split at its first point and the point furthest from it.
        let far = p.indices.max { d2(p[$0], p[0]) < d2(p[$1], p[0]) } ?? p.count / 2
        keep[0] = true
        keep[far] = true
        keep[p.count - 1] = true
        var stack = [(0, far), (far, p.count - 1)]
        let t2 = tolerance * tolerance
        while let (a, b) = stack.popLast() {
            guard b > a + 1 else { continue }
            var worst = 0.0
            var index = -1
            for i in (a + 1)..<b {
                let d = segmentDistance2(p[i], p[a], p[b])
                if d > worst {
                    worst = d
                    index = i
                }
            }
            if index >= 0, worst > t2 {
                keep[index] = true
                stack.append((a, index))
                stack.append((index, b))
            }
        }
        return p.indices.compactMap { keep[$0] ? p[$0] : nil }
    }

    private static func d2(_ a: (Double, Double), _ b: (Double, Double)) -> Double {
        (a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1)
    }

    private static func segmentDistance2(_ p: (Double, Double), _ a: (Double, Double), _ b: (Double, Double)) -> Double
    {
        let l2 = d2(a, b)
        guard l2 > 0 else { return d2(p, a) }
        let t = max(0, min(1, ((p.0 - a.0) * (b.0 - a.0) + (p.1 - a.1) * (b.1 - a.1)) / l2))
        return d2(p, (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)))
    }
}
