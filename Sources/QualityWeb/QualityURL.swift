import ConsortWeb

/// Quality's paths.
package enum QualityURL: SitePath {
    case quality

    package var parts: [PathPart] {
        switch self {
        case .quality: return ["quality"]
        }
    }
}
