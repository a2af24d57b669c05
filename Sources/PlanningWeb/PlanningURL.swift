import ConsortWeb

/// The planner's paths.
package enum PlanningURL: SitePath {
    package enum Action: String, CaseIterable, Sendable { case rename, adopt, delete }

    case plans
    case newPlan
    case plan(Param<Int64>)
    case planCSV(Param<Int64>)
    case action(Param<Int64>, Action)

    package var parts: [PathPart] {
        switch self {
        case .plans: return ["plans"]
        case .newPlan: return ["plans", "new"]
        case .plan(let id): return ["plans", .param("id", id)]
        case .planCSV(let id): return ["plans", .param("id", id), "plan.csv"]
        case .action(let id, let action): return ["plans", .param("id", id), PathPart(stringLiteral: action.rawValue)]
        }
    }

    /// The API paths, under `/api/v1`.
    package enum API: SitePath {
        case plans
        case plan(Param<Int64>)

        package var parts: [PathPart] {
            switch self {
            case .plans: return ["api", "v1", "plans"]
            case .plan(let id): return ["api", "v1", "plans", .param("id", id)]
            }
        }
    }
}
