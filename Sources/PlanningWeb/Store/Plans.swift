import Assurance
import ConsortCore
import ConsortWeb
import Foundation
import Planner
import SQLKit
import Vapor

/// Saved plans: what was asked, the background job that computes it, its result, renaming,
/// deleting and adopting it as the registry's configuration from a date.
package enum Plans {
    /// What a user asked for. Stored as JSON with the plan.
    package struct Request: Codable, Sendable, Equatable {
        package var policy: String
        package var level: Policy.Level
        /// `none`, `region`, `icb`, `consortium`.
        package var within: String
        package var areas: [String]
        package var fromCurrent: Bool
        package var weights: PlanOptions.Weights
        package var seed: UInt64
        package var date: Day
        package var starts = 4
        package var effort = 300
        /// Today's groups kept exactly as they are.
        package var locked: [String]? = nil
        /// Practice code → the group it must end in.
        package var pins: [String: String]? = nil
        /// What the plan is for (`PlanView.purposes`); nil in plans saved before it was asked.
        package var purpose: String? = nil
        /// The smallest group the plan must make, in place of the policy's limit (e.g. ICBs of a
        /// million where the policy only advises it); nil: the policy's.
        package var minPatients: Int? = nil

        package var withinKind: GroupKind? { within == "none" ? nil : GroupKind(rawValue: within) }
        package static let withinChoices: [(String, String)] = [
            ("none", "No boundary (one area)"), ("region", "Each region"),
            ("icb", "Each STP / ICB"), ("consortium", "Each consortium (CCG)"),
        ]

        package init(
            policy: String, level: Policy.Level, within: String, areas: [String], fromCurrent: Bool,
            weights: PlanOptions.Weights, seed: UInt64, date: Day, starts: Int = 4, effort: Int = 300,
            locked: [String]? = nil, pins: [String: String]? = nil
        ) {
            self.policy = policy
            self.level = level
            self.within = within
            self.areas = areas
            self.fromCurrent = fromCurrent
            self.weights = weights
            self.seed = seed
            self.date = date
            self.starts = starts
            self.effort = effort
            self.locked = locked
            self.pins = pins
        }
    }

    /// What the job stores: the plan and the assurance reports of today's configuration and the
    /// plan, on the planned practices.
    package struct Result: Codable, Sendable {
        package let plan: Plan
        package let before: Report
        package let after: Report
        /// The whole run in seconds: reading the registry, planning and both assurance checks
        /// (nil in plans saved before it was kept).
        package let seconds: Double?

        package init(plan: Plan, before: Report, after: Report, seconds: Double? = nil) {
            self.plan = plan
            self.before = before
            self.after = after
            self.seconds = seconds
        }
    }

    package enum Status: String, Codable, Sendable { case queued, running, done, failed }

    package struct Row: Decodable, Sendable {
        package let id: Int64
        package let name: String
        package let status: String
        package let progress: Double
        package let requestJson: String
        package let error: String?
        package let createdBy: String
        package let createdAt: String
        package let updatedAt: String
        package let adoptedOn: String?
        package let adoptedBy: String?

        package var request: Request? { try? JSONDecoder().decode(Request.self, from: Data(requestJson.utf8)) }
        package var state: Status { Status(rawValue: status) ?? .failed }

        package init(
            id: Int64, name: String, status: String, progress: Double, requestJson: String, error: String?,
            createdBy: String, createdAt: String, updatedAt: String, adoptedOn: String?, adoptedBy: String?
        ) {
            self.id = id
            self.name = name
            self.status = status
            self.progress = progress
            self.requestJson = requestJson
            self.error = error
            self.createdBy = createdBy
            self.createdAt = createdAt
            self.updatedAt = updatedAt
            self.adoptedOn = adoptedOn
            self.adoptedBy = adoptedBy
        }
    }

}

/// The latest progress of a running plan, written by worker threads.
package final class ProgressBox: @unchecked Sendable {
    private let lock = NSLock()
    private var fraction = 0.0
    package var value: Double {
        lock.lock()
        defer { lock.unlock() }
        return fraction
    }
    package func set(_ value: Double) {
        lock.lock()
        fraction = Swift.max(fraction, value)
        lock.unlock()
    }
}

/// Runs plans one at a time in the background (each uses every core), in the order asked.
package final class PlanRunner: @unchecked Sendable {
    private let lock = NSLock()
    private var queue: [Int64] = []
    private var current: Task<Void, Never>?
    private var progress: [Int64: ProgressBox] = [:]

    package func enqueue(_ id: Int64, app: Application) {
        lock.withLock {
            queue.append(id)
            progress[id] = ProgressBox()
            if current == nil { startNext(app) }
        }
    }

    /// Progress of a plan running in this instance, if any.
    package func progress(of id: Int64) -> Double? { lock.withLock { progress[id]?.value } }

    /// Starts the next queued plan; called with the lock held.
    private func startNext(_ app: Application) {
        guard !queue.isEmpty else {
            current = nil
            return
        }
        let id = queue.removeFirst()
        let box = progress[id]!
        current = Task { [weak self] in
            await Plans.run(id, app: app, progress: box)
            self?.finished(id, app: app)
        }
    }

    private func finished(_ id: Int64, app: Application) {
        lock.withLock {
            progress[id] = nil
            startNext(app)
        }
    }

    /// Waits for the plans queued so far to finish (at shutdown, and in tests).
    package func drain() async {
        while let task = lock.withLock({ current }) {
            await task.value
            // The next plan (if any) has started by now, or `current` is nil.
            if lock.withLock({ current }) == task { return }
        }
    }
}

package struct PlanRunnerKey: StorageKey { package typealias Value = PlanRunner }

extension Application {
    package var planRunner: PlanRunner { storage[PlanRunnerKey.self]! }
}

/// Waits for running plans before the application shuts down.
package struct PlanRunnerLifecycle: LifecycleHandler {
    package func shutdownAsync(_ application: Application) async {
        await application.planRunner.drain()
    }
}
