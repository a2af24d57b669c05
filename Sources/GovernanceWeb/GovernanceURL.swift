import ConsortWeb

/// Governance's paths.
package enum GovernanceURL: SitePath {
    package enum Register: String, CaseIterable, Sendable { case interests, gifts, procurement, breaches }
    package enum PersonAction: String, CaseIterable, Sendable {
        case affiliations, declarations, end
        case endRole = "end-role"
    }
    package enum BoardAction: String, CaseIterable, Sendable {
        case seats
        case endSeat = "end-seat"
        case quorum, meetings
    }
    package enum MeetingAction: String, CaseIterable, Sendable { case attendance, items }
    package enum ItemAction: String, CaseIterable, Sendable { case actions, decision }

    /// The signed-in person's own declarations and gifts, on every register they are on.
    package enum Mine: String, CaseIterable, Sendable { case declarations, gifts }

    case mine(Mine)
    case mineEnd
    case governance(Param<String>)
    case people(Param<String>)
    case boards(Param<String>)
    case register(Param<String>, Register)
    case person(Param<Int64>)
    case personAction(Param<Int64>, PersonAction)
    case board(Param<Int64>)
    case boardAction(Param<Int64>, BoardAction)
    case meeting(Param<Int64>)
    case minutes(Param<Int64>)
    case meetingAction(Param<Int64>, MeetingAction)
    case itemAction(Param<Int64>, ItemAction)

    package var parts: [PathPart] {
        switch self {
        case .mine(let page): return ["me", PathPart(stringLiteral: page.rawValue)]
        case .mineEnd: return ["me", "declarations", "end"]
        case .governance(let code): return ["groups", .param("code", code), "governance"]
        case .people(let code): return ["groups", .param("code", code), "governance", "people"]
        case .boards(let code): return ["groups", .param("code", code), "governance", "boards"]
        case .register(let code, let r):
            return ["groups", .param("code", code), "governance", PathPart(stringLiteral: r.rawValue)]
        case .person(let id): return ["governance", "people", .param("id", id)]
        case .personAction(let id, let a):
            return ["governance", "people", .param("id", id), PathPart(stringLiteral: a.rawValue)]
        case .board(let id): return ["governance", "boards", .param("id", id)]
        case .boardAction(let id, let a):
            return ["governance", "boards", .param("id", id), PathPart(stringLiteral: a.rawValue)]
        case .meeting(let id): return ["governance", "meetings", .param("id", id)]
        case .minutes(let id): return ["governance", "meetings", .param("id", id), "minutes.md"]
        case .meetingAction(let id, let a):
            return ["governance", "meetings", .param("id", id), PathPart(stringLiteral: a.rawValue)]
        case .itemAction(let id, let a):
            return ["governance", "items", .param("id", id), PathPart(stringLiteral: a.rawValue)]
        }
    }

    /// The API paths, under `/api/v1`.
    package enum API: SitePath {
        case register(Param<String>, Register)

        package var parts: [PathPart] {
            switch self {
            case .register(let code, let register):
                return [
                    "api", "v1", "groups", .param("code", code), "governance",
                    PathPart(stringLiteral: register.rawValue),
                ]
            }
        }
    }
}
