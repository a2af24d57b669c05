import ConsortCore
import Foundation

/// A proposed grouping of practices, its measures beside today's, and what could not be done.
public struct Plan: Sendable, Codable, Equatable {
    public struct Group: Sendable, Codable, Equatable {
        /// The code of the current group it continues (most patients in common), a pin label,
        /// or a new code such as `NEW-QHM-03`.
        public var code: String
        public var name: String
        public var area: String
        /// Member practice codes, sorted.
        public var practices: [String]
        public var patients: Int
        public var withinBand: Bool
        /// Patient-weighted mean distance of its practices from its centre, km.
        public var spreadKm: Double?
        /// Patient-weighted mean IMD 2019 score.
        public var imdMean: Double?
        /// Kept exactly as today (a locked group).
        public var locked: Bool
    }

    /// A part of the area where the band cannot be met, and why.
    public struct Issue: Sendable, Codable, Equatable {
        public enum Kind: String, Sendable, Codable {
            /// Practices cut off from the rest of their area by the distance cap or the boundary.
            case isolated
            /// No whole number of groups within the band adds up to the part's patients.
            case sizeMismatch = "size-mismatch"
            /// An atom (e.g. a whole PCN) is larger than the maximum by itself.
            case atomTooLarge = "atom-too-large"
            /// The search found no arrangement with this group within the band.
            case outOfBand = "out-of-band"
            /// Practices without a location, placed by their current group.
            case unplaced
        }
        public var kind: Kind
        public var area: String
        public var practices: [String]
        public var message: String
    }

    /// Measures of one configuration of the planned practices.
    public struct Metrics: Sendable, Codable, Equatable {
        public var groups: Int
        public var groupsWithinBand: Int
        /// Groups within the policy's advised band too (nil without advice, and in plans saved
        /// before advice was measured).
        public var groupsWithinAdvice: Int?
        /// Practices in a group within the band.
        public var practicesWithinBand: Int
        public var practicesInNoGroup: Int
        /// Patient-weighted mean distance from each practice to its group's patient-weighted
        /// centre, km.
        public var compactnessKm: Double
        /// Patient-weighted standard deviation of the groups' mean IMD score about their area's
        /// mean, IMD points (0: every group as deprived as its area).
        public var balance: Double
        /// Groups whose mean IMD differs from their area's by more than 10 points.
        public var unbalancedGroups: Int
        public var movedPractices: Int
        public var movedPatients: Int

        public var shareWithinBand: Double { groups > 0 ? Double(groupsWithinBand) / Double(groups) : 0 }
        /// The share of all measured practices (grouped or not) in a group within the band.
        public var practiceShareWithinBand: Double {
            practices > 0 ? Double(practicesWithinBand) / Double(practices) : 0
        }
        /// Practices measured.
        public var practices: Int
        /// The smallest, median and largest group, in registered patients (0 with no groups).
        public var smallestGroup: Int
        public var medianGroup: Int
        public var largestGroup: Int
    }

    public struct Move: Sendable, Codable, Equatable {
        public var practice: String
        public var name: String
        public var patients: Int
        public var from: String?
        public var to: String
    }

    public var options: PlanOptions
    /// The group code of each practice, in input order.
    public var assignment: [String]
    public var practiceCodes: [String]
    public var groups: [Group]
    public var issues: [Issue]
    public var metrics: Metrics
    public var current: Metrics
    public var moves: [Move]
    public var seconds: Double

    /// The plan's rows for `practice_code,group`.
    public var csvRows: [[String]] { zip(practiceCodes, assignment).map { [$0, $1] } }
}

/// Proposes groupings of practices that pass the size band, are connected in the
/// neighbourhood graph, are compact, balance deprivation and move few practices. See
/// docs/planner.md.
public enum Planner {
    /// Progress of a run: starts finished out of all.
    public struct Progress: Sendable {
        public let done: Int
        public let total: Int
        public var fraction: Double { total > 0 ? Double(done) / Double(total) : 1 }
    }

    /// Plans the input. Deterministic for a given input, options and seed, whatever the number
    /// of threads. `progress` is called from worker threads.
    public static func plan(_ input: PlanInput, options: PlanOptions, progress: (@Sendable (Progress) -> Void)? = nil)
        throws(PlanError) -> Plan
    {
        try options.validate()
        let started = Date()
        let problem = Problem(input, options: options)
        let total = problem.instances.count * options.starts
        let counter = Counter()
        let results = Results(count: total)
        DispatchQueue.concurrentPerform(iterations: total) { job in
            let part = job / options.starts
            let start = job % options.starts
            let result = problem.instances[part].solve(seed: options.seed, stream: part * 64 + start)
            results.set(job, result)
            let done = counter.increment()
            progress?(Progress(done: done, total: total))
        }
        var best: [StartResult] = []
        for part in problem.instances.indices {
            let runs = (0..<options.starts).map { results.get(part * options.starts + $0)! }
            best.append(runs.min { ($0.penalty > 0.5 ? 1 : 0, $0.score) < ($1.penalty > 0.5 ? 1 : 0, $1.score) }!)
        }
        return problem.finish(best, seconds: Date().timeIntervalSince(started))
    }

    /// Measures an assignment (a group code, or nil, per practice of `input`) with the same
    /// scoring the planner reports, so plans and today's configuration compare like for like.
    public static func measure(
        _ input: PlanInput, assignment: [String?], options: PlanOptions, reference: [String?]? = nil
    ) -> Plan.Metrics {
        var groups: [String: [Int]] = [:]
        var areaSums: [String: (s: Double, w: Double)] = [:]
        var none = 0
        for (p, code) in assignment.enumerated() {
            let practice = input.practices[p]
            if let score = practice.imdScore {
                areaSums[practice.area, default: (0, 0)].s += score * Double(practice.listSize)
                areaSums[practice.area, default: (0, 0)].w += Double(practice.listSize)
            }
            if let code { groups[code, default: []].append(p) } else { none += 1 }
        }
        var sizes: [Int] = []
        var within = 0
        var advised = 0
        var practicesWithin = 0
        var spread = 0.0
        var spreadWeight = 0.0
        var balance = 0.0
        var balanceWeight = 0.0
        var unbalanced = 0
        for members in groups.values {
            let patients = members.reduce(0) { $0 + input.practices[$1].listSize }
            sizes.append(patients)
            if Double(patients) >= Double(options.minPatients ?? 0)
                && Double(patients) <= Double(options.maxPatients ?? Int.max)
            {
                within += 1
                practicesWithin += members.count
                if Double(patients) >= Double(options.preferredMin ?? 0)
                    && Double(patients) <= Double(options.preferredMax ?? Int.max)
                {
                    advised += 1
                }
            }
            let g = groupStats(members, input)
            spread += g.spread
            spreadWeight += g.spreadWeight
            if let mean = g.imdMean, let area = areaSums[input.practices[members[0]].area], area.w > 0 {
                let d = mean - area.s / area.w
                balance += g.imdWeight * d * d
                balanceWeight += g.imdWeight
                if abs(d) > 10 { unbalanced += 1 }
            }
        }
        var movedPractices = 0
        var movedPatients = 0
        if let reference {
            for p in assignment.indices where reference[p] != nil && assignment[p] != reference[p] {
                movedPractices += 1
                movedPatients += input.practices[p].listSize
            }
        }
        return Plan.Metrics(
            groups: groups.count, groupsWithinBand: within,
            groupsWithinAdvice: options.advisedBand == nil ? nil : advised, practicesWithinBand: practicesWithin,
            practicesInNoGroup: none,
            compactnessKm: spreadWeight > 0 ? spread / spreadWeight : 0,
            balance: balanceWeight > 0 ? (balance / balanceWeight).squareRoot() : 0,
            unbalancedGroups: unbalanced, movedPractices: movedPractices, movedPatients: movedPatients,
            practices: assignment.count, smallestGroup: sizes.min() ?? 0,
            medianGroup: sizes.isEmpty ? 0 : sizes.sorted()[sizes.count / 2], largestGroup: sizes.max() ?? 0)
    }

    /// Patient-weighted spread (km × patients) and mean IMD of a set of practices.
    static func groupStats(_ members: [Int], _ input: PlanInput) -> (
        spread: Double, spreadWeight: Double, imdMean: Double?, imdWeight: Double
    ) {
        var w = 0.0
        var sx = 0.0
        var sy = 0.0
        var s = 0.0
        var wi = 0.0
        for p in members {
            let practice = input.practices[p]
            let weight = Double(Swift.max(practice.listSize, 1))
            if let point = practice.point {
                w += weight
                sx += weight * Double(point.x)
                sy += weight * Double(point.y)
            }
            if let score = practice.imdScore {
                s += score * Double(practice.listSize)
                wi += Double(practice.listSize)
            }
        }
        var spread = 0.0
        if w > 0 {
            let cx = sx / w
            let cy = sy / w
            for p in members {
                guard let point = input.practices[p].point else { continue }
                let dx = Double(point.x) - cx
                let dy = Double(point.y) - cy
                spread += Double(Swift.max(input.practices[p].listSize, 1)) * (dx * dx + dy * dy).squareRoot() / 1000
            }
        }
        return (spread, w, wi > 0 ? s / wi : nil, wi)
    }
}

/// A thread-safe counter.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

/// Results written by worker threads, one slot each.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [StartResult?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: StartResult) {
        lock.lock()
        values[i] = value
        lock.unlock()
    }
    func get(_ i: Int) -> StartResult? {
        lock.lock()
        defer { lock.unlock() }
        return values[i]
    }
}
