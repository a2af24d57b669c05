import ConsortWeb

/// Elections' paths.
package enum ElectionsURL: SitePath {
    /// Counting a ballot file.
    case count
    case list
    case new
    /// An election's page (and its roll, candidates and count sheet as CSV), and its actions.
    case election(Param<Int64>)
    case nominate(Param<Int64>)
    case withdraw(Param<Int64>)
    case move(Param<Int64>)
    case vote(Param<Int64>)
    case tally(Param<Int64>)
    /// The count sheet as JSON, and the ballots as a BLT file, once counted.
    case sheet(Param<Int64>)
    case ballots(Param<Int64>)
    /// Voting with a ballot credential.
    case ballot(Param<String>)

    /// The link a ballot's notification carries; the outbox puts the credential in place of `{secret}`.
    package static let ballotLink = "/ballots/{secret}"

    package var parts: [PathPart] {
        switch self {
        case .count: return ["elections", "count"]
        case .list: return ["elections"]
        case .new: return ["elections", "new"]
        case .election(let id): return ["elections", .param("id", id)]
        case .nominate(let id): return ["elections", .param("id", id), "nominate"]
        case .withdraw(let id): return ["elections", .param("id", id), "withdraw"]
        case .move(let id): return ["elections", .param("id", id), "timetable"]
        case .vote(let id): return ["elections", .param("id", id), "vote"]
        case .tally(let id): return ["elections", .param("id", id), "count"]
        case .sheet(let id): return ["elections", .param("id", id), "count-sheet.json"]
        case .ballots(let id): return ["elections", .param("id", id), "ballots.blt"]
        case .ballot(let token): return ["ballots", .param("token", token)]
        }
    }
}

/// Surveys' paths.
package enum SurveysURL: SitePath {
    case list
    case new
    /// A survey's page (the form to answer it, or that it is answered) and the answer.
    case survey(Param<Int64>)
    case respond(Param<Int64>)
    /// Its results, with charts and CSV (for those who run it).
    case results(Param<Int64>)
    /// Answering with a survey link.
    case answer(Param<String>)

    package static let answerLink = "/answers/{secret}"

    package var parts: [PathPart] {
        switch self {
        case .list: return ["surveys"]
        case .new: return ["surveys", "new"]
        case .survey(let id): return ["surveys", .param("id", id)]
        case .respond(let id): return ["surveys", .param("id", id), "respond"]
        case .results(let id): return ["surveys", .param("id", id), "results"]
        case .answer(let token): return ["answers", .param("token", token)]
        }
    }
}
