import Assurance
import Charts
import ConsortCore
import ConsortWeb
import NIOConcurrencyHelpers
import Vapor

/// Assurance reports cached by registry version, date and policy, with the neighbourhood graph
/// of the latest registry view they were made on.
package final class ReportCache: Sendable {
    private struct State {
        package var reports: [String: Report] = [:]
        package var order: [String] = []
        package var graph: (key: String, graph: NeighbourhoodGraph)?
    }

    private let state = NIOLockedValueBox(State())
    /// The local authority districts, for policies with a coterminosity rule.
    private let districts: [GeoJSON.Area]

    package init(districts: [GeoJSON.Area] = []) { self.districts = districts }

    /// The report of a policy on the registry view, computed once per registry version and date,
    /// on the heavy-work pool for the request's caller.
    package func report(_ policy: Policy, view: RegistryView, for req: Request) async throws -> Report {
        let key = "\(view.version)|\(view.date.iso)|\(policy.name)|\(policy.version)"
        if let cached = state.withLockedValue({ $0.reports[key] }) { return cached }
        let graphKey = "\(view.version)|\(view.date.iso)"
        let cachedGraph = state.withLockedValue { $0.graph?.key == graphKey ? $0.graph?.graph : nil }
        let districts = districts
        let (report, graph) = try await req.heavy {
            let configuration = view.configuration
            let graph = cachedGraph ?? configuration.graph()
            let areas = Assurance.Areas.districts(configuration, districts, for: policy)
            return (Assurance.check(configuration, policy: policy, graph: graph, areas: areas), graph)
        }
        state.withLockedValue { s in
            s.graph = (graphKey, graph)
            s.reports[key] = report
            s.order.append(key)
            if s.order.count > 32 { s.reports[s.order.removeFirst()] = nil }
        }
        return report
    }
}

package struct ReportCacheKey: StorageKey { package typealias Value = ReportCache }

extension Application {
    package var assuranceReports: ReportCache {
        if let cache = storage[ReportCacheKey.self] { return cache }
        let cache = ReportCache(districts: basemap.localAuthorities)
        storage[ReportCacheKey.self] = cache
        return cache
    }
}
