import ConsortWeb

/// The finance pages' paths (the cost model is the kit's `SiteURL`).
package enum FinanceURL: SitePath {
    case allocation
    case risk
    case models

    package var parts: [PathPart] {
        switch self {
        case .allocation: return ["finance"]
        case .risk: return ["finance", "risk"]
        case .models: return ["finance", "models"]
        }
    }

    /// The API paths, under `/api/v1`.
    package enum API: SitePath {
        case allocation, risk, groups, models, costModel

        package var parts: [PathPart] {
            switch self {
            case .allocation: return ["api", "v1", "finance", "allocation"]
            case .risk: return ["api", "v1", "finance", "risk"]
            case .groups: return ["api", "v1", "finance", "groups"]
            case .models: return ["api", "v1", "finance", "models"]
            case .costModel: return ["api", "v1", "finance", "cost-model"]
            }
        }
    }
}
