import Foundation

/// How many votes each practice on a practice vote's roll casts: one each, one per so many
/// registered patients, or one per GP. LMC constitutions differ, so the rounding is a choice.
public enum Weighting: Sendable, Equatable {
    /// One vote per practice.
    case onePerPractice
    /// One vote per `patients` registered patients, rounded as `rounding` says, at least one.
    case perPatients(Int, Rounding)
    /// One vote per GP holding a role at the practice on the roll's date.
    case perGP

    /// How a fraction of a vote is rounded.
    public enum Rounding: String, Sendable, CaseIterable {
        /// "One vote per N patients or part thereof": any part counts as a whole vote.
        case up
        /// Only whole multiples of N count.
        case down
        /// Half or more counts as a whole vote.
        case nearest
    }

    /// The largest patients-per-vote divisor Consort accepts (a practice list is rarely over 100,000).
    public static let maxDivisor = 1_000_000

    /// A practice's votes, or why it has none: a list size is needed to weight by patients.
    /// Every practice on the roll has at least one vote (a practice with no GPs on the date still
    /// votes once).
    public func votes(patients: Int?, gps: Int) -> Result<Int, WeightingProblem> {
        switch self {
        case .onePerPractice: return .success(1)
        case .perGP: return .success(max(1, gps))
        case .perPatients(let n, let rounding):
            guard n > 0, n <= Self.maxDivisor else { return .failure(.divisor) }
            guard let patients, patients >= 0 else { return .failure(.noListSize) }
            let whole = patients / n
            let part = patients % n
            let votes: Int
            switch rounding {
            case .down: votes = whole
            case .up: votes = whole + (part > 0 ? 1 : 0)
            case .nearest: votes = whole + (part * 2 >= n ? 1 : 0)
            }
            return .success(max(1, votes))
        }
    }

    /// The rule in words, for the roll's page.
    public var label: String {
        switch self {
        case .onePerPractice: return "one vote per practice"
        case .perGP: return "one vote per GP (at least one per practice)"
        case .perPatients(let n, let rounding):
            let per = n.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_GB")))
            switch rounding {
            case .up: return "one vote per \(per) registered patients or part thereof"
            case .down: return "one vote per whole \(per) registered patients (at least one)"
            case .nearest: return "one vote per \(per) registered patients, rounded to the nearest (at least one)"
            }
        }
    }
}

/// Why a practice cannot be weighted.
public enum WeightingProblem: Error, Sendable, Equatable {
    /// The practice has no list size to weight by.
    case noListSize
    /// The divisor is not between 1 and `Weighting.maxDivisor`.
    case divisor
}

/// A yes/no motion's result: carried by a simple majority of the votes cast for and against.
public struct MotionResult: Sendable, Equatable, Codable {
    public let votesFor: Int
    public let votesAgainst: Int

    public init(votesFor: Int, votesAgainst: Int) {
        self.votesFor = votesFor
        self.votesAgainst = votesAgainst
    }

    /// Carried when more votes are for than against; a tie does not carry the motion.
    public var carried: Bool { votesFor > votesAgainst }

    public var summary: String {
        "\(votesFor) for, \(votesAgainst) against: " + (carried ? "carried" : "not carried")
    }
}
