import ConsortWeb

/// The audit log's path (signing in and the account are the kit's `SiteURL`).
package enum AccountsURL: SitePath {
    case audit
    case accountPassword
    case today

    package var parts: [PathPart] {
        switch self {
        case .audit: return ["audit"]
        case .accountPassword: return ["account", "password"]
        case .today: return ["today"]
        }
    }

    /// The API paths, under `/api/v1`.
    package enum API: SitePath {
        case audit, me

        package var parts: [PathPart] {
            switch self {
            case .audit: return ["api", "v1", "audit"]
            case .me: return ["api", "v1", "me"]
            }
        }
    }
}
