import ConsortWeb
import Vapor

/// Every field of the election and survey forms as sent (checked by the stores with a message per
/// field), read back into the form when it is shown again with its errors.
package struct EngagementForm: Content, Sendable {
    package var title: String?
    package var method: String?
    package var seats: String?
    package var motion: String?
    package var groups: String?
    package var electorate: String?
    package var roles: [String]?
    package var weighting: String?
    package var perPatients: String?
    package var rounding: String?
    package var people: String?
    package var rollOn: String?
    package var nominationsOpen: String?
    package var nominationsClose: String?
    package var votingOpen: String?
    package var votingClose: String?
    // Taking part.
    package var person: String?
    package var nominator: String?
    package var candidate: String?
    package var move: String?
    package var entry: String?
    package var ranks: [String: String]?
    package var choice: [String]?
    // Surveys.
    package var questions: String?
    package var anonymous: String?
    package var opensOn: String?
    package var closesOn: String?
    package var template: String?
    /// Answers by question number from 1: `q[3][]=2`.
    package var q: [String: [String]]?

    package init() {}

    package enum CodingKeys: String, CodingKey {
        case title, method, seats, motion, groups, electorate, roles, weighting, rounding, people, person, nominator
        case candidate, move, entry, ranks, choice, questions, anonymous, template, q
        case perPatients = "per_patients"
        case rollOn = "roll_on"
        case nominationsOpen = "nominations_open"
        case nominationsClose = "nominations_close"
        case votingOpen = "voting_open"
        case votingClose = "voting_close"
        case opensOn = "opens_on"
        case closesOn = "closes_on"
    }

    var election: ElectionStore.Input {
        .init(
            title: title, method: method, seats: seats, motion: motion, groups: groups, electorate: electorate,
            roles: roles ?? [], weighting: weighting, perPatients: perPatients, rounding: rounding, people: people,
            rollOn: rollOn, nominationsOpen: nominationsOpen, nominationsClose: nominationsClose,
            votingOpen: votingOpen, votingClose: votingClose)
    }

    var survey: SurveyStore.Input {
        .init(
            title: title, questions: questions, anonymous: anonymous, groups: groups, electorate: electorate,
            roles: roles ?? [], people: people, rollOn: rollOn, opensOn: opensOn, closesOn: closesOn,
            template: template)
    }

    /// The answers by question index from 0.
    var answers: [Int: [String]] {
        var out: [Int: [String]] = [:]
        for (key, values) in q ?? [:] { if let n = Int(key), (1...1_000).contains(n) { out[n - 1] = values } }
        return out
    }

    /// The ranks by candidate id.
    var rankings: [Int64: String] {
        var out: [Int64: String] = [:]
        for (key, value) in ranks ?? [:] { if let id = Int64(key) { out[id] = value } }
        return out
    }
}
