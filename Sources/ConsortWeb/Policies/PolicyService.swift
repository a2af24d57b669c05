import ConsortCore
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The policies of the policy folder, each parsed again only when its file changes.
package final class PolicyService: Sendable {
    private let cache = NIOLockedValueBox<[String: (modified: Date, policy: Policy)]>([:])
    package let library: PolicyLibrary

    package init(library: PolicyLibrary) { self.library = library }

    /// A policy of the folder by name.
    package func policy(named name: String) throws -> Policy {
        guard let directory = library.directory, library.names.contains(name) else {
            let known = library.names.joined(separator: ", ")
            throw BadParameter(
                name: "policy", value: name,
                expected: known.isEmpty ? "no policies are installed (set CONSORT_POLICY_DIR)" : "use one of \(known)")
        }
        let url = directory.appendingPathComponent(name + ".toml")
        let modified =
            (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? .distantPast
        if let cached = cache.withLockedValue({ $0[name] }), cached.modified == modified { return cached.policy }
        do {
            let policy = try library.load(name)
            cache.withLockedValue { $0[name] = (modified, policy) }
            return policy
        } catch {
            throw Abort(
                .internalServerError,
                reason: "The policy file cannot be used: \(error). Correct it, or ask your system administrator.")
        }
    }

    package func allPolicies() throws -> [Policy] { try library.names.map(policy(named:)) }
}

package struct PolicyServiceKey: StorageKey { package typealias Value = PolicyService }

extension Application {
    /// The policies offered for assurance checks, rotas and plans.
    package var policies: PolicyService {
        get { storage[PolicyServiceKey.self]! }
        set { storage[PolicyServiceKey.self] = newValue }
    }
}
