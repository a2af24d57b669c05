import ConsortWeb

/// Elections' paths.
package enum ElectionsURL: SitePath {
    /// Counting a ballot file.
    case count

    package var parts: [PathPart] {
        switch self {
        case .count: return ["elections", "count"]
        }
    }
}
