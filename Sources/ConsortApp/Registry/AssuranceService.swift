import Assurance
import ConsortCore
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Policies from the policy folder (parsed again only when a file changes), and assurance
/// reports cached by registry version, date and policy.
final class AssuranceService: Sendable {
    private struct State {
        var policies: [String: (modified: Date, policy: Policy)] = [:]
        var reports: [String: Report] = [:]
        var order: [String] = []
        var graph: (key: String, graph: NeighbourhoodGraph)?
    }

    private let state = NIOLockedValueBox(State())
    let library: PolicyLibrary

    init(library: PolicyLibrary) { self.library = library }

    /// A policy of the folder by name.
    func policy(named name: String) throws -> Policy {
        guard let directory = library.directory, library.names.contains(name) else {
            let known = library.names.joined(separator: ", ")
            throw BadParameter(name: "policy", value: name, expected: known.isEmpty ? "no policies are installed (set CONSORT_POLICY_DIR)" : "use one of \(known)")
        }
        let url = directory.appendingPathComponent(name + ".toml")
        let modified = (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? .distantPast
        if let cached = state.withLockedValue({ $0.policies[name] }), cached.modified == modified { return cached.policy }
        do {
            let policy = try library.load(name)
            state.withLockedValue { $0.policies[name] = (modified, policy) }
            return policy
        } catch {
            throw Abort(.internalServerError, reason: "The policy file cannot be used: \(error). Correct it, or ask your system administrator.")
        }
    }

    func allPolicies() throws -> [Policy] { try library.names.map(policy(named:)) }

    /// The report of a policy on the registry view, computed once per registry version and date.
    func report(_ policy: Policy, view: RegistryView) -> Report {
        let key = "\(view.version)|\(view.date.iso)|\(policy.name)|\(policy.version)"
        if let cached = state.withLockedValue({ $0.reports[key] }) { return cached }
        let graphKey = "\(view.version)|\(view.date.iso)"
        let configuration = view.configuration
        let graph = state.withLockedValue { $0.graph?.key == graphKey ? $0.graph?.graph : nil } ?? configuration.graph()
        let report = Assurance.check(configuration, policy: policy, graph: graph)
        state.withLockedValue { s in
            s.graph = (graphKey, graph)
            s.reports[key] = report
            s.order.append(key)
            if s.order.count > 32 { s.reports[s.order.removeFirst()] = nil }
        }
        return report
    }
}

struct AssuranceServiceKey: StorageKey { typealias Value = AssuranceService }

extension Application {
    var assurance: AssuranceService { storage[AssuranceServiceKey.self]! }
}
