import ConsortCore
import ConsortWeb
import Elections
import Foundation
import SQLKit

/// Elections and motions: the record, its stage on the timetable, its candidates, the roll and
/// the result.
package enum ElectionStore {
    /// How an election is decided: by one of the counts, or a yes/no motion.
    package enum Method: String, Sendable, CaseIterable {
        case scottish, meek, fptp, approval, motion

        package var label: String {
            switch self {
            case .scottish: return "Single transferable vote, Scottish rules (SSI 2007/42)"
            case .meek: return "Single transferable vote, Meek's method"
            case .fptp: return "First past the post"
            case .approval: return "Approval"
            case .motion: return "Yes/no motion (simple majority)"
            }
        }

        package var count: CountMethod { CountMethod(rawValue: rawValue) ?? .fptp }
        package var ranks: Bool { self == .scottish || self == .meek }
    }

    /// Where an election is on its timetable at a moment.
    package enum Stage: String, Sendable {
        case notOpen = "not-open"
        case nominations
        case betweenStages = "between"
        case voting, closed, counted

        package var label: String {
            switch self {
            case .notOpen: return "Nominations not yet open"
            case .nominations: return "Nominations open"
            case .betweenStages: return "Nominations closed; voting not yet open"
            case .voting: return "Voting open"
            case .closed: return "Voting closed; not yet counted"
            case .counted: return "Counted"
            }
        }
    }

    package struct Record: Sendable, Decodable {
        package let id: Int64
        package let title: String
        package let bodyCode: String
        package let groupCodes: String
        package let method: String
        package let seats: Int
        package let motion: String?
        package let electorate: String
        package let weighting: String
        package let rollOn: String
        package let rollNote: String
        package let nominationsOpen: Int64?
        package let nominationsClose: Int64?
        package let votingOpen: Int64
        package let votingClose: Int64
        package let sheet: String?
        package let countedAt: String?
        package let countedBy: String?
        package let isDemo: Bool
        package let createdBy: String

        package var kind: Method { Method(rawValue: method) ?? .fptp }
        package var groups: [String] { groupCodes.split(separator: ",").map(String.init) }

        package func stage(at now: Int64) -> Stage {
            if countedAt != nil { return .counted }
            if now >= votingClose { return .closed }
            if now >= votingOpen { return .voting }
            if let open = nominationsOpen, now < open { return .notOpen }
            if let close = nominationsClose, now < close { return .nominations }
            return .betweenStages
        }

        package var result: ElectionResult? {
            sheet.flatMap { try? JSONDecoder().decode(ElectionResult.self, from: Data($0.utf8)) }
        }
    }

    /// A candidate (for a motion, "For" and "Against"), with who nominated them.
    package struct Candidate: Sendable {
        package let id: Int64
        package let personID: Int64?
        package let name: String
        package let withdrawn: Bool
        /// The electors who nominated them, the candidate's own nomination left out.
        package let nominators: [String]
        /// Whether the candidate nominated themself (which counts for nothing).
        package var selfNominated = false

        /// Standing: not withdrawn, and nominated by at least `minimumNominators` electors.
        package func stands(motion: Bool) -> Bool {
            !withdrawn && (motion || nominators.count >= ElectionStore.minimumNominators)
        }
    }

    /// "Each candidate nominated by at least two electors", as LMC rules ask.
    package static let minimumNominators = 2

    package static func load(_ id: Int64, on db: any SQLDatabase) async throws -> Record? {
        try await db.raw("SELECT * FROM elections WHERE id = \(bind: id)").first(
            decoding: Record.self, with: snakeCaseRows)
    }

    package static func candidates(_ id: Int64, on db: any SQLDatabase) async throws -> [Candidate] {
        struct C: Decodable {
            let id: Int64
            let personId: Int64?
            let name: String
            let withdrawnAt: String?
        }
        struct N: Decodable {
            let candidateId: Int64
            let label: String
            let personId: Int64?
        }
        let rows = try await db.raw(
            "SELECT id, person_id, name, withdrawn_at FROM election_candidates WHERE election_id = \(bind: id) "
                + "ORDER BY id"
        ).all(decoding: C.self, with: snakeCaseRows)
        let nominations = try await db.raw(
            """
            SELECT n.candidate_id, r.label, r.person_id FROM election_nominations n
            JOIN engagement_roll r ON r.id = n.roll_id
            JOIN election_candidates c ON c.id = n.candidate_id WHERE c.election_id = \(bind: id) ORDER BY r.label
            """
        ).all(decoding: N.self, with: snakeCaseRows)
        let by = Dictionary(grouping: nominations, by: \.candidateId)
        // A candidate may put themself forward, but their own nomination is not one of the
        // electors' nominations a candidacy needs.
        return rows.map { c in
            let all = by[c.id] ?? []
            let own = all.contains { $0.personId != nil && $0.personId == c.personId }
            return Candidate(
                id: c.id, personID: c.personId, name: c.name, withdrawn: c.withdrawnAt != nil,
                nominators: all.filter { $0.personId == nil || $0.personId != c.personId }.map(\.label),
                selfNominated: own)
        }
    }

    /// A line of a roll, as its managers see it: whether the entry has voted, never how.
    package struct RollLine: Sendable, Decodable {
        package let id: Int64
        package let personId: Int64?
        package let practiceCode: String?
        package let groupCode: String?
        package let label: String
        package let weight: Int
        package let done: Bool
    }

    package static func roll(_ poll: Poll, id: Int64, on db: any SQLDatabase) async throws -> [RollLine] {
        try await db.raw(
            """
            SELECT id, person_id, practice_code, group_code, label, weight, done FROM engagement_roll
            WHERE poll = \(bind: poll.rawValue) AND poll_id = \(bind: id) ORDER BY label, id
            """
        ).all(decoding: RollLine.self, with: snakeCaseRows)
    }

    /// The roll entries the user may cast for: their own, and those of practices they manage.
    package static func entries(
        of user: CurrentUser, _ poll: Poll, id: Int64, on db: any SQLDatabase
    ) async throws -> [RollLine] {
        mine(of: user, in: try await roll(poll, id: id, on: db))
    }

    /// The entries of a roll already read that the user may cast for.
    package static func mine(of user: CurrentUser, in roll: [RollLine]) -> [RollLine] {
        let practices = user.scopes(of: .practiceManager)
        return roll.filter { line in
            (line.personId != nil && line.personId == user.personID)
                || (line.practiceCode.map(practices.contains) ?? false && line.personId == nil)
        }
    }

    /// The roll entry a ballot credential belongs to.
    package static func credential(_ token: String, on db: any SQLDatabase) async throws
        -> (poll: Poll, id: Int64, roll: Int64, done: Bool)?
    {
        struct R: Decodable {
            let id: Int64
            let poll: String
            let pollId: Int64
            let done: Bool
        }
        guard token.utf8.count == 43 else { return nil }
        guard
            let r = try await db.raw(
                """
                SELECT id, poll, poll_id, done FROM engagement_roll \
                WHERE credential_digest = \(bind: Tokens.digest(token))
                """
            ).first(decoding: R.self, with: snakeCaseRows), let poll = Poll(rawValue: r.poll)
        else { return nil }
        return (poll, r.pollId, r.id, r.done)
    }

    /// Elections the user may see: those of groups they run, and those whose roll they are on.
    package static func visible(to user: CurrentUser, view: RegistryView, on db: any SQLDatabase) async throws
        -> [Record]
    {
        let all = try await db.raw("SELECT * FROM elections ORDER BY voting_close DESC, id DESC LIMIT 500")
            .all(decoding: Record.self, with: snakeCaseRows)
        let onRoll = try await rollPolls(of: user, .election, on: db)
        return all.filter { Permissions.canRunPoll($0.groups, user, view: view) || onRoll.contains($0.id) }
    }

    /// The polls of a kind whose roll has the user (or a practice they manage) on it.
    package static func rollPolls(of user: CurrentUser, _ poll: Poll, on db: any SQLDatabase) async throws -> Set<Int64>
    {
        struct R: Decodable { let pollId: Int64 }
        let practices = user.scopes(of: .practiceManager)
        var rows = try await db.raw(
            """
            SELECT DISTINCT poll_id FROM engagement_roll WHERE poll = \(bind: poll.rawValue) \
            AND person_id = \(bind: user.personID ?? -1)
            """
        ).all(decoding: R.self, with: snakeCaseRows)
        if !practices.isEmpty {
            rows += try await db.raw(
                """
                SELECT DISTINCT poll_id FROM engagement_roll WHERE poll = \(bind: poll.rawValue) \
                AND person_id IS NULL AND practice_code IN (\(binds: practices))
                """
            ).all(decoding: R.self, with: snakeCaseRows)
        }
        return Set(rows.map(\.pollId))
    }
}

/// What a count decided, as stored with the election.
package struct ElectionResult: Sendable, Codable {
    /// The count sheet, when there was a count.
    package var sheet: CountSheet?
    /// Elected without a vote: no more standing candidates than seats.
    package var unopposed: [String]?
    package var motion: MotionResult?
    /// How many papers were in the box, and how many roll entries voted of how many.
    package var papers: Int
    package var voted: Int
    package var onRoll: Int
}
