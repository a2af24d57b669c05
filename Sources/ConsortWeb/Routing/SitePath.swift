import ConsortCore
import Foundation
import Vapor

/// A parameter of a path: `.key` where a route is registered (it becomes `:name`), a value
/// where a link is made.
package enum Param<Value: LosslessStringConvertible & Sendable>: Sendable {
    case key
    case value(Value)
}

/// One component of a path: a constant, or a named parameter with or without its value.
package struct PathPart: Sendable, ExpressibleByStringLiteral {
    let constant: String?
    let name: String?
    let value: String?

    package init(stringLiteral value: String) {
        constant = value
        name = nil
        self.value = nil
    }

    /// The parameter `name`: `:name` in a route, its value in a link.
    package static func param<T>(_ name: String, _ param: Param<T>) -> PathPart {
        switch param {
        case .key: return PathPart(constant: nil, name: name, value: nil)
        case .value(let v): return PathPart(constant: nil, name: name, value: v.description)
        }
    }

    private init(constant: String?, name: String?, value: String?) {
        self.constant = constant
        self.name = name
        self.value = value
    }
}

/// A path of the site. Each capability lists its paths as an enum whose cases give their parts;
/// the same value registers the route (with `Param.key`) and makes the links (with values), so
/// that a path is written once.
package protocol SitePath: Sendable {
    var parts: [PathPart] { get }
}

extension SitePath {
    /// The link: `/hubs/12`.
    package var path: String {
        "/"
            + parts.map { $0.constant ?? $0.value.map(SiteURL.encodePathComponent) ?? ":\($0.name ?? "")" }.joined(
                separator: "/")
    }

    /// The link with a query string (empty values left out).
    package func path(_ query: [(String, String)]) -> String { SiteURL.with(path, query) }

    /// The link to the page's CSV download, with the page's query (without its paging).
    package func csv(_ query: [(String, String)] = []) -> String { SiteURL.csv(path, query) }

    /// The route's components: constants, and `:name` for parameters.
    var route: [PathComponent] {
        parts.map { part in part.constant.map { PathComponent.constant($0) } ?? .parameter(part.name ?? "") }
    }

    /// The route of the CSV variant when the last part is a constant (`hubs.csv`); nil when the
    /// last part is a parameter, whose value then carries the suffix (`/groups/16C.csv`).
    var csvRoute: [PathComponent]? {
        guard let last = parts.last?.constant else { return nil }
        return parts.dropLast().map { part in
            part.constant.map { PathComponent.constant($0) } ?? .parameter(part.name ?? "")
        }
            + [.constant(last + ".csv")]
    }

    /// The name of the last part when it is a parameter.
    var trailingParameter: String? { parts.last.flatMap { $0.constant == nil ? $0.name : nil } }
}

/// What a request asks for: the page, its CSV (`.csv` on the path), or JSON (the API).
package enum Format: Sendable, Hashable {
    case html, csv, json
}

struct FormatKey: StorageKey { typealias Value = Format }

/// `value` without the `.csv` that asks for a page's CSV, or nil when it does not end so. The one
/// place a CSV download is recognised by its name.
func droppingCSVExtension(_ value: String) -> String? {
    guard let range = value.range(of: ".csv", options: [.anchored, .backwards]) else { return nil }
    return String(value[..<range.lowerBound])
}

extension Request {
    /// The page's path: the request's, without the `.csv` of a CSV download.
    package var pagePath: String {
        let path = url.path
        guard format == .csv else { return path }
        return droppingCSVExtension(path) ?? path
    }

    /// The format the route registered for this request (see `RoutesBuilder.get(_:formats:access:use:)`).
    package var format: Format { storage[FormatKey.self] ?? (isAPI ? .json : .html) }
}

extension RoutesBuilder {
    /// Registers a page at `path` with its access rule. With `formats: [.html, .csv]` the page
    /// also answers its tables as CSV at `path.csv` (or, when the path ends in a parameter, with
    /// `.csv` on the parameter's value: `/groups/16C.csv`); with `[.csv]` alone the path itself
    /// is a CSV download. The handler reads `req.format`.
    @discardableResult
    package func get<R: AsyncResponseEncodable>(
        _ path: some SitePath, formats: Set<Format> = [.html], access: Access,
        use handler: @escaping @Sendable (Request) async throws -> R
    ) -> Route {
        if formats == [.csv] {
            return guardedRoute(.GET, path.route, access, prepare: { $0.storage[FormatKey.self] = .csv }) { req in
                try await handler(req).encodeResponse(for: req)
            }
        }
        // The CSV of a path ending in a parameter is the same route with `.csv` on the value.
        let csvParameter = formats.contains(.csv) ? path.trailingParameter : nil
        let route = guardedRoute(
            .GET, path.route, access,
            prepare: { req in
                guard let name = csvParameter, let value = req.parameters.get(name).flatMap(droppingCSVExtension)
                else { return }
                req.parameters.set(name, to: value)
                req.storage[FormatKey.self] = .csv
            }
        ) { req in try await handler(req).encodeResponse(for: req) }
        if formats.contains(.csv), let csv = path.csvRoute {
            guardedRoute(.GET, csv, access, prepare: { $0.storage[FormatKey.self] = .csv }) { req in
                try await handler(req).encodeResponse(for: req)
            }
        }
        return route
    }

    @discardableResult
    package func post<R: AsyncResponseEncodable>(
        _ path: some SitePath, access: Access,
        use handler: @escaping @Sendable (Request) async throws -> R
    ) -> Route {
        on(.POST, path, access: access, use: handler)
    }

    @discardableResult
    package func on<R: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: some SitePath, access: Access,
        use handler: @escaping @Sendable (Request) async throws -> R
    ) -> Route {
        guardedRoute(method, path.route, access) { req in try await handler(req).encodeResponse(for: req) }
    }
}

/// The response for a page's alternate format: its tables as CSV (the one `table=` names) or
/// as JSON; nil for the page itself, which the handler then renders. The tables are built only
/// for an alternate format.
package func alternate(_ tables: @autoclosure () async throws -> [DataTable], _ req: Request) async throws
    -> Response?
{
    switch req.format {
    case .html: return nil
    case .csv: return try await csvResponse(try await tables(), req: req).encodeResponse(for: req)
    case .json: return try await TablesJSON(try await tables()).encodeResponse(for: req)
    }
}
