import Charts
import ConsortCore
import ConsortWeb
import Foundation
import NIOConcurrencyHelpers
import RiskSim
import Vapor

/// The cost model (read again only when its file changes), and simulation results cached by
/// what they were computed from. Simulations run on the application's thread pool, never on an
/// event loop.
package final class FinanceService: Sendable {
    private struct State {
        package var model: (modified: Date, model: CostModel)?
        package var results: [String: any Sendable] = [:]
        package var order: [String] = []
    }

    private let state = NIOLockedValueBox(State())
    package let url: URL?

    package init(costModel url: URL?) { self.url = url }

    /// The cost model, or a clear error when none is installed or the file is wrong.
    package func model() throws -> CostModel {
        guard let url else {
            throw Abort(
                .serviceUnavailable,
                reason:
                    "No cost model is installed. Set CONSORT_COST_MODEL to a file like the repository's "
                    + "finance/cost-model.toml."
            )
        }
        let modified =
            (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? .distantPast
        if let cached = state.withLockedValue({ $0.model }), cached.modified == modified { return cached.model }
        do {
            let model = try CostModelReader.read(contentsOf: url)
            // Results computed from an older version of the file are dropped with it.
            state.withLockedValue { $0 = State(model: (modified, model)) }
            return model
        } catch {
            throw Abort(
                .internalServerError,
                reason: "The cost model file cannot be used: \(error). Correct it, or ask your system administrator.")
        }
    }

    /// A result computed once per key (the last 24 are kept), on the heavy-work pool.
    package func cached<T: Sendable>(_ key: String, work: HeavyWork, _ make: @escaping @Sendable () throws -> T)
        async throws -> T
    {
        if let hit = state.withLockedValue({ $0.results[key] }) as? T { return hit }
        // On the heavy-work pool, as one caller per computation: the same model is worked out at
        // most twice at once, and all of them together wait in the pool's bounded queue.
        let value = try await work.run(for: "finance:\(key)", make)
        state.withLockedValue { s in
            if s.results[key] == nil { s.order.append(key) }
            s.results[key] = value
            if s.order.count > 24 { s.results[s.order.removeFirst()] = nil }
        }
        return value
    }
}

package struct FinanceServiceKey: StorageKey { package typealias Value = FinanceService }

extension Application {
    package var finance: FinanceService { storage[FinanceServiceKey.self]! }
}

/// The computations behind the finance pages and API, on a registry view.
package enum Finance {
    /// The kinds a budget can be summed by: each practice belongs to at most one group of each.
    package static let allocationKinds: [GroupKind] = [.region, .icb, .consortium, .locality, .network]

    /// The practices of an area (a group's members at the date, or all of England), in code order.
    package static func practices(in area: String?, _ view: RegistryView) throws -> [Int] {
        guard let area else { return Array(view.practices.indices) }
        guard let group = view.groups[area], !group.members.isEmpty else {
            throw BadParameter(
                name: "area", value: area,
                expected:
                    "use the code of a region, STP/ICB, CCG, locality, network or federation with member practices on "
                    + "\(view.date.long), or leave it out for England"
            )
        }
        return group.members.sorted()
    }

    package static func areaName(_ area: String?, _ view: RegistryView) -> String {
        area.flatMap { view.groups[$0]?.name } ?? "England"
    }

}
