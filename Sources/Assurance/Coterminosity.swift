import ConsortCore
import Foundation

/// Whether groups of one kind (ICBs) respect another set of areas (local authority districts):
/// every area whose practices fall in more than one group, with the practices and patients in
/// each. The 2025 ICB guidance asks that "each local authority should have one ICB" (see
/// docs/neighbourhoods.md for the source).
public enum Coterminosity {
    /// One area split between groups.
    public struct Split: Sendable, Equatable {
        public struct Part: Sendable, Equatable {
            public let group: String
            public let practices: Int
            public let patients: Int

            public init(group: String, practices: Int, patients: Int) {
                self.group = group
                self.practices = practices
                self.patients = patients
            }
        }

        public let area: String
        /// The groups its practices are in, most patients first.
        public let parts: [Part]
        public var practices: Int { parts.reduce(0) { $0 + $1.practices } }
        public var patients: Int { parts.reduce(0) { $0 + $1.patients } }
    }

    /// What a check of coterminosity found.
    public struct Report: Sendable, Equatable {
        /// Areas whose practices are in more than one group, most patients outside the largest part first.
        public let splits: [Split]
        /// How many areas have practices at all, and how many practices were in no area or no group.
        public let areas: Int
        public let unplaced: Int
        public let ungrouped: Int
    }

    /// Checks groups of `kind` in the configuration against the areas `area(practice index)` gives.
    public static func check(_ configuration: Configuration, kind: GroupKind, area: (Int) -> String?) -> Report {
        var groupOf: [Int: String] = [:]
        for group in configuration.groups where group.kind == kind {
            for member in group.members { groupOf[member] = group.code }
        }
        var byArea: [String: [String: (practices: Int, patients: Int)]] = [:]
        var unplaced = 0
        var ungrouped = 0
        for i in configuration.practices.indices {
            guard let a = area(i) else {
                unplaced += 1
                continue
            }
            guard let g = groupOf[i] else {
                ungrouped += 1
                continue
            }
            let now = byArea[a, default: [:]][g] ?? (0, 0)
            byArea[a, default: [:]][g] = (now.practices + 1, now.patients + configuration.practices[i].listSize)
        }
        let splits = byArea.compactMap { area, groups -> Split? in
            guard groups.count > 1 else { return nil }
            let parts = groups.map {
                Split.Part(group: $0.key, practices: $0.value.practices, patients: $0.value.patients)
            }
            .sorted { ($0.patients, $1.group) > ($1.patients, $0.group) }
            return Split(area: area, parts: parts)
        }
        func outside(_ s: Split) -> Int { s.patients - (s.parts.first?.patients ?? 0) }
        return Report(
            splits: splits.sorted { (outside($0), $1.area) > (outside($1), $0.area) }, areas: byArea.count,
            unplaced: unplaced, ungrouped: ungrouped)
    }
}
