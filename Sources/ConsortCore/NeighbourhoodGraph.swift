/// Which practices are neighbours: the graph the assurance checks and the planner share.
///
/// Built from a Delaunay triangulation of practice locations (British National Grid metres).
/// Practices at the same location (a health centre with several practices, or a shared
/// postcode) are one vertex of the triangulation and neighbours of each other at distance 0.
/// Each query takes a distance cap: a triangulation edge longer than the cap (across the sea,
/// a moor or an estuary) does not count as a neighbourhood link.
///
/// The Delaunay triangulation connects each practice to the practices around it in every
/// direction without a fixed radius, which suits both dense cities and rural areas, and it
/// contains the Euclidean minimum spanning tree, so two practices joined by a chain of links
/// no longer than the cap are joined by such a chain in this graph too.
public struct NeighbourhoodGraph: Sendable {
    /// For each practice, its location's index, or -1 for a practice without a location.
    public let location: [Int]
    /// For each location, the practices there.
    public let practicesAt: [[Int]]
    /// For each location, its triangulation neighbours and the distance to each, in metres.
    public let links: [[(location: Int, metres: Double)]]
    /// For each location, whether it lies on the convex hull of all locations.
    public let onHull: [Bool]
    /// Each location's coordinates.
    public let coordinates: [(x: Int, y: Int)]

    /// - Parameter points: each practice's easting and northing in metres, or nil when unknown.
    public init(points: [(x: Int, y: Int)?]) {
        var index: [Int64: Int] = [:]
        var unique: [(x: Int, y: Int)] = []
        var location = Array(repeating: -1, count: points.count)
        var practicesAt: [[Int]] = []
        for (i, point) in points.enumerated() {
            guard let point else { continue }
            let key = Int64(point.x) << 32 | Int64(UInt32(truncatingIfNeeded: point.y))
            if let existing = index[key] {
                location[i] = existing
                practicesAt[existing].append(i)
            } else {
                index[key] = unique.count
                location[i] = unique.count
                practicesAt.append([i])
                unique.append(point)
            }
        }
        let triangulation = Delaunay(points: unique)
        var links = Array(repeating: [(location: Int, metres: Double)](), count: unique.count)
        for (a, b) in triangulation.edges {
            let dx = Double(unique[a].x - unique[b].x)
            let dy = Double(unique[a].y - unique[b].y)
            let metres = (dx * dx + dy * dy).squareRoot()
            links[a].append((b, metres))
            links[b].append((a, metres))
        }
        var onHull = Array(repeating: false, count: unique.count)
        for v in triangulation.hull { onHull[v] = true }
        self.location = location
        self.practicesAt = practicesAt
        self.links = links
        self.onHull = onHull
        self.coordinates = unique
    }

    public var practiceCount: Int { location.count }

    /// The practices linked to practice `p` (co-located practices, and practices at locations
    /// joined by a triangulation edge no longer than `cap` metres), excluding `p`.
    public func neighbours(of p: Int, cap: Double) -> [Int] {
        let l = location[p]
        guard l >= 0 else { return [] }
        var out = practicesAt[l].filter { $0 != p }
        for link in links[l] where link.metres <= cap { out.append(contentsOf: practicesAt[link.location]) }
        return out
    }

    /// Whether practice `p` is at the edge of the map: on the convex hull of all practices, or
    /// with a triangulation edge longer than `cap` (open sea or empty land beyond it).
    public func touchesOutside(_ p: Int, cap: Double) -> Bool {
        let l = location[p]
        guard l >= 0 else { return true }
        return onHull[l] || links[l].contains { $0.metres > cap }
    }

    /// The connected parts of `members` when two members are joined if they are co-located or
    /// within `cap` metres of each other, directly or through a chain of members. Each part is
    /// a list of member practice indices; practices without a location form parts of their own.
    public func fragments(of members: [Int], cap: Double) -> [[Int]] {
        // Members by location; then single-linkage clustering over the members' own points
        // with the cap, which is what "connected within a distance bound" means.
        var locations: [Int: [Int]] = [:]
        var unplaced: [[Int]] = []
        for p in members {
            let l = location[p]
            if l < 0 { unplaced.append([p]) } else { locations[l, default: []].append(p) }
        }
        let keys = Array(locations.keys)
        guard keys.count > 1 else { return (keys.isEmpty ? [] : [locations[keys[0]]!]) + unplaced }
        var points: [(x: Int, y: Int)] = []
        points.reserveCapacity(keys.count)
        for l in keys { points.append(coordinates[l]) }
        let local = keys.count >= 3 ? Delaunay(points: points).edges : [(0, 1)]
        var parent = Array(0..<keys.count)
        func find(_ i: Int) -> Int {
            var i = i
            while parent[i] != i {
                parent[i] = parent[parent[i]]
                i = parent[i]
            }
            return i
        }
        for (a, b) in local {
            let dx = Double(points[a].x - points[b].x)
            let dy = Double(points[a].y - points[b].y)
            if (dx * dx + dy * dy).squareRoot() <= cap { parent[find(a)] = find(b) }
        }
        var parts: [Int: [Int]] = [:]
        for (i, l) in keys.enumerated() { parts[find(i), default: []].append(contentsOf: locations[l]!) }
        return parts.values.map { $0.sorted() }.sorted { $0.count != $1.count ? $0.count > $1.count : $0[0] < $1[0] }
            + unplaced
    }
}
