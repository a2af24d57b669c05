import ConsortCore

extension ChangeReport {
    /// A group the import created or closed, and the groups its practices came from or went to
    /// (the moves of its kind that day): an ICB formed by merging others, a PCN split in two.
    public struct Lineage: Sendable, Equatable {
        public struct Part: Sendable, Equatable {
            public let code: String
            public let name: String
            public let practices: Int
        }

        public let group: GroupRef
        /// Whether the group was created (its practices came from `parts`) or closed (they went to them).
        public let created: Bool
        public let parts: [Part]
    }

    /// The groups created or closed whose practices came from, or went to, other groups. The
    /// moves are indexed once by the group they went to and came from (a national map moves
    /// thousands of practices).
    public var lineage: [Lineage] {
        struct Key: Hashable {
            let kind: GroupKind
            let code: String
        }
        var into: [Key: [Move]] = [:]
        var outOf: [Key: [Move]] = [:]
        for move in moved {
            if let to = move.to { into[Key(kind: move.kind, code: to), default: []].append(move) }
            if let from = move.from { outOf[Key(kind: move.kind, code: from), default: []].append(move) }
        }
        func parts(_ moves: [Move], other: (Move) -> (String?, String?)) -> [Lineage.Part] {
            var counts: [String: (name: String, practices: Int)] = [:]
            for move in moves {
                let (code, name) = other(move)
                guard let code else { continue }
                counts[code, default: (name ?? code, 0)].practices += 1
            }
            return counts.map { Lineage.Part(code: $0.key, name: $0.value.name, practices: $0.value.practices) }
                .sorted { ($0.practices, $1.code) > ($1.practices, $0.code) }
        }
        var out: [Lineage] = []
        for group in groupsCreated {
            let found = parts(into[Key(kind: group.kind, code: group.code)] ?? []) { ($0.from, $0.fromName) }
            if !found.isEmpty { out.append(Lineage(group: group, created: true, parts: found)) }
        }
        for group in groupsClosed {
            let found = parts(outOf[Key(kind: group.kind, code: group.code)] ?? []) { ($0.to, $0.toName) }
            if !found.isEmpty { out.append(Lineage(group: group, created: false, parts: found)) }
        }
        return out
    }
}
