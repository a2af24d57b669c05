import Access
import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// The extended-access pages: a group's hubs, clinicians, rotas and report; a hub's set-up and
/// appointments; booking; a practice's patients' hub appointments; calendar feeds.
package enum AccessController {
    package typealias Errors = FormErrors

    // MARK: The objects a request names (the route's access rule has already let the caller in)

    package static func group(_ req: Request) async throws -> (GroupInfo, RegistryView, CurrentUser) {
        let (group, view) = try await Scope.accessGroup(req)
        return (group, view, try req.requireUser())
    }

    package static func policies(_ req: Request) throws -> [Policy] {
        try req.application.policies.allPolicies().filter { $0.rules(for: .network)?.access != nil }
    }

    /// The site's address as the visitor reached it, for links used outside the browser
    /// (calendar feeds).
    package static func origin(_ req: Request) -> String {
        let scheme =
            req.headers.first(name: "X-Forwarded-Proto")
            ?? (req.application.http.server.configuration.tlsConfiguration == nil ? "http" : "https")
        let host =
            req.headers.first(name: .host)
            ?? "\(req.application.http.server.configuration.hostname):\(req.application.http.server.configuration.port)"
        return "\(scheme)://\(host)"
    }

    package static func id(_ req: Request, _ name: String = "id") throws -> Int64 {
        guard let id = req.parameters.get(name, as: Int64.self) else { throw Abort(.notFound) }
        return id
    }

}
