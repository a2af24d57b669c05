import ConsortCore
import Foundation

/// The paths every capability links to: England, practices, groups, the account and sign-in,
/// help, and the policies. Each capability lists its own paths in an enum of its own; all of
/// them register their routes and make their links from the same value (see `SitePath`).
package enum SiteURL: SitePath {
    case home
    case practices
    case practice(Param<String>)
    case groups(GroupKind)
    case group(Param<String>)
    case login
    case logout
    case account
    case help
    case policies
    case policy(Param<String>)
    case costModel
    case stylesheet
    case health
    case openAPI
    /// The registry's sources: every dataset and file loaded.
    case sources

    package var parts: [PathPart] {
        switch self {
        case .home: return []
        case .practices: return ["practices"]
        case .practice(let code): return ["practices", .param("code", code)]
        case .groups(let kind): return [PathPart(stringLiteral: kind.slug)]
        case .group(let code): return ["groups", .param("code", code)]
        case .login: return ["login"]
        case .logout: return ["logout"]
        case .account: return ["account"]
        case .help: return ["help"]
        case .policies: return ["policies"]
        case .policy(let name): return ["policies", .param("name", name)]
        case .costModel: return ["finance", "cost-model"]
        case .stylesheet: return ["static", "consort.css"]
        case .health: return ["health"]
        case .openAPI: return ["api", "v1", "openapi.json"]
        case .sources: return ["imports"]
        }
    }

    /// A practice's page.
    package static func practice(_ code: String) -> String { practice(.value(code)).path }
    /// A group's page.
    package static func group(_ code: String) -> String { group(.value(code)).path }
    /// A policy's page.
    package static func policy(_ name: String) -> String { policy(.value(name)).path }

    /// `path` with a query string built from `items` (values percent-encoded).
    package static func with(_ path: String, _ items: [(String, String)]) -> String {
        let present = items.filter { !$0.1.isEmpty }
        guard !present.isEmpty else { return path }
        let query = present.map { "\($0.0)=\(encode($0.1))" }
        return path + "?" + query.joined(separator: "&")
    }

    private static let allowed: CharacterSet = {
        var set = CharacterSet.urlQueryAllowed
        set.remove(charactersIn: "&=+?/#")
        return set
    }()

    /// Percent-encodes a query value; letters, digits and `-._~` pass as they are, which is
    /// nearly every value and so skips the slower general path.
    private static func encode(_ value: String) -> String {
        let plain = value.utf8.allSatisfy { b in
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 46 || b == 95
                || b == 126
        }
        return plain ? value : (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)
    }

    private static let pathAllowed: CharacterSet = {
        var set = CharacterSet.urlPathAllowed
        set.remove(charactersIn: "/?#;")
        return set
    }()

    /// Percent-encodes a path component's value.
    package static func encodePathComponent(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: pathAllowed) ?? value
    }

    /// The CSV download of a page: the same path with `.csv` and the same query.
    package static func csv(_ path: String, _ items: [(String, String)]) -> String {
        with(path + ".csv", items.filter { $0.0 != "page" && $0.0 != "per_page" })
    }
}
