import ConsortCore
import Foundation

/// A board's quorum: how many members must take part, at least how many of some roles, and
/// optionally that members of some roles (e.g. lay and executive) are in the majority.
public struct QuorumRule: Sendable, Equatable, Codable {
    public var minimum: Int
    /// Role → the fewest of that role needed.
    public var atLeast: [BoardRole: Int]
    /// When not empty: members of these roles must outnumber the rest of those taking part.
    public var majorityOf: Set<BoardRole>

    public init(minimum: Int, atLeast: [BoardRole: Int] = [:], majorityOf: Set<BoardRole> = []) {
        self.minimum = minimum
        self.atLeast = atLeast
        self.majorityOf = majorityOf
    }

    /// "at least 5 members; at least 1 lay member; lay members and executives in the majority".
    public var description: String {
        var parts = ["at least \(minimum) member\(minimum == 1 ? "" : "s")"]
        for role in BoardRole.allCases {
            if let n = atLeast[role], n > 0 { parts.append("at least \(n) \(plural(role, n))") }
        }
        if !majorityOf.isEmpty {
            parts.append(
                BoardRole.allCases.filter(majorityOf.contains).map { plural($0, 2) }.joined(separator: " and ")
                    + " in the majority")
        }
        return parts.joined(separator: "; ")
    }

    func plural(_ role: BoardRole, _ n: Int) -> String {
        let label = role.label.lowercased()
        return n == 1 ? label : (role == .chair ? "chairs" : label + "s")
    }

    /// Whether these members (their roles) make a quorum, and every way they fall short.
    public func check(_ roles: [BoardRole]) -> (quorate: Bool, shortfalls: [String]) {
        var shortfalls: [String] = []
        if roles.count < minimum { shortfalls.append("\(roles.count) of the \(minimum) members needed take part") }
        for role in BoardRole.allCases {
            guard let n = atLeast[role], n > 0 else { continue }
            let have = roles.filter { $0 == role }.count
            if have < n { shortfalls.append("\(have) \(plural(role, have)) take part, \(n) needed") }
        }
        if !majorityOf.isEmpty {
            let inGroup = roles.filter(majorityOf.contains).count
            if inGroup * 2 <= roles.count {
                let names = BoardRole.allCases.filter(majorityOf.contains).map { plural($0, 2) }.joined(
                    separator: " and ")
                shortfalls.append("\(names) are \(inGroup) of the \(roles.count) taking part, not a majority")
            }
        }
        return (shortfalls.isEmpty, shortfalls)
    }
}

/// What the chair decided for a conflicted member on an item.
public enum ConflictAction: String, Sendable, Codable, CaseIterable {
    case excludedFromDiscussion = "excluded-from-discussion"
    case excludedFromVote = "excluded-from-vote"
    case allowed

    public var label: String {
        switch self {
        case .excludedFromDiscussion: return "Excluded from the discussion and the vote"
        case .excludedFromVote: return "Took part in the discussion, excluded from the vote"
        case .allowed: return "Allowed to take part (reason recorded)"
        }
    }

    /// Whether the member may vote on the item.
    public var mayVote: Bool { self == .allowed }
}

public enum Vote: String, Sendable, Codable, CaseIterable {
    case inFavour = "for"
    case against
    case abstain
}

/// Whether a decision on an item may be recorded: every conflicted member's action recorded
/// (with a reason when allowed), the meeting still quorate once excluded members are set aside,
/// and no vote from a member who was absent or excluded.
public enum DecisionRules {
    public struct Member: Sendable, Equatable {
        public let id: String
        public let name: String
        public let role: BoardRole
        public init(id: String, name: String, role: BoardRole) {
            self.id = id
            self.name = name
            self.role = role
        }
    }

    public struct Check: Sendable, Equatable {
        /// The members who count towards the quorum on this item.
        public let counted: [String]
        public let quorate: Bool
        /// Every reason the decision cannot be recorded; empty when it can.
        public let problems: [String]
    }

    public static func check(
        present: [Member], conflicted: Set<String>, actions: [String: (ConflictAction, String)],
        votes: [String: Vote], rule: QuorumRule
    ) -> Check {
        var problems: [String] = []
        let names = Dictionary(present.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        for id in conflicted.sorted() where names[id] != nil {
            guard let (action, reason) = actions[id] else {
                problems.append("Record what the chair decided for \(names[id]!), who is conflicted on this item.")
                continue
            }
            if action == .allowed && reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems.append("Give the reason \(names[id]!) was allowed to take part despite the conflict.")
            }
        }
        let counted = present.filter { m in !conflicted.contains(m.id) || actions[m.id]?.0 == .allowed }
        let (quorate, shortfalls) = rule.check(counted.map(\.role))
        if !quorate {
            problems.append(
                "The meeting is not quorate for this item once conflicted members are excluded: "
                    + shortfalls.joined(separator: "; ") + " (quorum: \(rule.description)).")
        }
        for (id, _) in votes.sorted(by: { $0.key < $1.key }) {
            if names[id] == nil {
                problems.append("A vote is recorded for someone not present at the meeting; only members present vote.")
            } else if conflicted.contains(id), actions[id]?.0 != .allowed {
                problems.append(
                    "\(names[id]!)'s vote cannot be counted: they are conflicted and were excluded from the vote.")
            }
        }
        return Check(counted: counted.map(\.id), quorate: quorate, problems: problems)
    }
}
