import NIOConcurrencyHelpers
import Vapor

/// Answers 405 Method Not Allowed, with an `Allow` header, for a method a path does not have
/// (a PUT to a page that only takes GET and POST), before the CSRF check would answer 403 and
/// before anything else runs. The paths and their methods are read from the route table once,
/// on the first request; a path's methods are those of every route pattern it matches. A change
/// (POST, PUT, …) to a path that matches no route is 404 here too; a read of one goes on (static
/// files answer reads), to its 404.
package final class MethodMiddleware: AsyncMiddleware, Sendable {
    typealias Pattern = (path: [PathComponent], methods: Set<String>)
    /// Route patterns by their number of components.
    private let patterns = NIOLockedValueBox<[Int: [Pattern]]?>(nil)

    package init() {}

    package func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let patterns = self.patterns.withLockedValue { patterns in
            if let patterns { return patterns }
            let made = Self.build(req.application.routes.all)
            patterns = made
            return made
        }
        let parts = req.url.path.split(separator: "/")
        var methods = Set<String>()
        for pattern in patterns[parts.count] ?? []
        where zip(pattern.path, parts).allSatisfy({ component, part in
            if case .constant(let text) = component { return text == part }
            return true
        }) {
            methods.formUnion(pattern.methods)
        }
        let method = req.method == .HEAD ? "GET" : req.method.rawValue
        if methods.isEmpty, method != "GET" {
            throw Abort(.notFound, reason: "There is nothing at \(req.url.path).")
        }
        guard !methods.isEmpty, !methods.contains(method) else { return try await next.respond(to: req) }
        let allow = (methods.contains("GET") ? methods.union(["HEAD"]) : methods).sorted()
        throw Abort(
            .methodNotAllowed, headers: ["Allow": allow.joined(separator: ", ")],
            reason: "\(req.method.rawValue) is not used at \(req.url.path); use \(allow.joined(separator: " or ")).")
    }

    static func build(_ routes: [Route]) -> [Int: [Pattern]] {
        var byPath: [String: Pattern] = [:]
        // A catch-all (the API's "no such endpoint") names no address of its own.
        for route in routes where !route.path.contains(where: { $0 == .catchall || $0 == .anything }) {
            let key = route.path.map(\.description).joined(separator: "/")
            byPath[key, default: (route.path, [])].methods.insert(route.method.rawValue)
        }
        return Dictionary(grouping: byPath.values, by: \.path.count)
    }
}
