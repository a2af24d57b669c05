import ConsortWeb

/// Quality's paths.
package enum QualityURL: SitePath {
    case quality
    /// A practice's inspection readiness, its one-page report, and its writes.
    case readiness(Param<String>)
    case readinessReport(Param<String>)
    case readinessEvidence(Param<String>)
    case readinessAdopt(Param<String>)
    case dspt(Param<String>)
    /// A group's readiness matrix of its members, and its shared policies.
    case groupReadiness(Param<String>)
    case groupPolicies(Param<String>)
    case retireEvidence(Param<Int64>)

    package var parts: [PathPart] {
        switch self {
        case .quality: return ["quality"]
        case .readiness(let code): return ["practices", .param("code", code), "readiness"]
        case .readinessReport(let code): return ["practices", .param("code", code), "readiness", "report"]
        case .readinessEvidence(let code): return ["practices", .param("code", code), "readiness", "evidence"]
        case .readinessAdopt(let code): return ["practices", .param("code", code), "readiness", "adopt"]
        case .dspt(let code): return ["practices", .param("code", code), "readiness", "dspt"]
        case .groupReadiness(let code): return ["groups", .param("code", code), "readiness"]
        case .groupPolicies(let code): return ["groups", .param("code", code), "readiness", "policies"]
        case .retireEvidence(let id): return ["readiness", "evidence", .param("id", id), "retire"]
        }
    }
}
