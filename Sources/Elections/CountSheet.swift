import Foundation

/// The full record of a count, stage by stage, as a returning officer publishes it: each
/// candidate's votes at each stage, the quota, what was transferred and at what value, the
/// non-transferable votes, who was elected or excluded and why, and how ties were broken.
public struct CountSheet: Sendable, Codable, Equatable {
    public struct Stage: Sendable, Codable, Equatable {
        /// 1 for the first preferences.
        public let number: Int
        /// What the stage did, e.g. "First preferences", "Surplus of Ann Smith",
        /// "Exclusion of Bob Jones".
        public let action: String
        /// Each candidate's votes at the end of the stage, in candidate order (as decimals).
        public let votes: [String]
        /// Each candidate's change in this stage (empty for the first stage).
        public let transfers: [String]
        /// Votes that could go no further in this stage, and in all stages so far.
        public let nonTransferable: String
        public let nonTransferableTotal: String
        /// Votes lost by rounding transfer values down, in this stage.
        public let lossByFractions: String
        /// The transfer value of the papers moved (a surplus transfer), where there is one value.
        public let transferValue: String?
        public let quota: String
        public let elected: [String]
        public let excluded: [String]
        /// Notes: why candidates were elected or excluded, and how any tie was broken.
        public let notes: [String]

        /// The stage with more candidates elected or excluded and more notes (what is decided
        /// after a stage's transfers: the quota reached, the last vacancies filled).
        func adding(elected more: [String] = [], excluded lost: [String] = [], notes extra: [String]) -> Stage {
            Stage(
                number: number, action: action, votes: votes, transfers: transfers, nonTransferable: nonTransferable,
                nonTransferableTotal: nonTransferableTotal, lossByFractions: lossByFractions,
                transferValue: transferValue, quota: quota, elected: elected + more, excluded: excluded + lost,
                notes: notes + extra)
        }
    }

    public let method: String
    public let title: String
    public let seats: Int
    public let ballots: Int
    public let candidates: [String]
    public let withdrawn: [String]
    public let quota: String
    public let stages: [Stage]
    /// The elected candidates' names as written in the file, in order of election.
    public let elected: [String]
}

/// How an election is counted.
public enum CountMethod: String, Sendable, CaseIterable, Codable {
    /// The Scottish Local Government Elections Order 2007 (SSI 2007/42), schedule 1 rules 45–52.
    case scottish
    /// Meek's method as Droop.py's `meek` rule counts it: fixed point, 9 places, ω = 10⁻⁶.
    case meek
    /// First past the post: each ballot's first preference; the most votes win the seats.
    case fptp
    /// Approval: each ballot approves every candidate it ranks; the most approvals win.
    case approval
}

/// Where a candidate stands during a count.
enum CandidateState: Equatable { case hopeful, elected, excluded, withdrawn }

/// Why a count cannot be made.
public struct CountError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

extension Election {
    /// Counts the election by `method`.
    public func count(_ method: CountMethod) throws(CountError) -> CountSheet {
        switch method {
        case .scottish:
            var count = try ScottishCount(self)
            return try count.run()
        case .meek:
            var count = try MeekCount(self)
            return try count.run()
        case .fptp: return PluralityCount(e: self, approval: false).run()
        case .approval: return PluralityCount(e: self, approval: true).run()
        }
    }
}
