import ConsortWeb

/// The assurance page's path (the policies are the kit's `SiteURL`).
package enum AssuranceURL: SitePath {
    case assurance

    package var parts: [PathPart] { ["assurance"] }

    /// The API paths, under `/api/v1`.
    package enum API: SitePath {
        case assurance, policies
        case policy(Param<String>)

        package var parts: [PathPart] {
            switch self {
            case .assurance: return ["api", "v1", "assurance"]
            case .policies: return ["api", "v1", "policies"]
            case .policy(let name): return ["api", "v1", "policies", .param("name", name)]
            }
        }
    }
}
