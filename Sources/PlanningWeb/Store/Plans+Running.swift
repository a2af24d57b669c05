import Assurance
import ConsortCore
import ConsortWeb
import Foundation
import Planner
import SQLKit
import Vapor

extension Plans {
    // MARK: Running

    /// Computes a queued plan and stores its result (or its failure).
    package static func run(_ id: Int64, app: Application, progress: ProgressBox) async {
        let db = Store.sql(app.db)
        do {
            guard let row = try await find(id, on: db), let request = row.request else { return }
            try await db.raw(
                "UPDATE plans SET status = 'running', updated_at = \(bind: AuditChain.timestamp()) WHERE id = "
                    + "\(bind: id)"
            ).run()
            let started = Date()
            let library = app.policies.library
            let (options, policy) = try self.options(for: request, library: library)
            let view = try await app.registryCache.view(at: request.date, on: db)
            let configuration = view.configuration
            // A policy that asks for each district in one group: the plan keeps them where it can.
            let (input, areas) = PlanComparison.placing(
                try self.input(for: request, view: view), level: request.level, configuration: configuration,
                policy: policy, districts: app.basemap.localAuthorities)
            // Write progress every second while the planner works on its own threads.
            let writer = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(nanoseconds: 1_000_000_000)
                    let fraction = progress.value
                    _ = try? await db.raw(
                        "UPDATE plans SET progress = \(bind: fraction), updated_at = \(bind: AuditChain.timestamp()) "
                            + "WHERE id = \(bind: id) AND status = 'running'"
                    ).run()
                }
            }
            defer { writer.cancel() }
            let result: Result = try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async {
                    do {
                        let plan = try Planner.plan(input, options: options) { progress.set($0.fraction) }
                        let (before, after) = PlanComparison.reports(
                            plan, configuration: configuration, policy: policy, areas: areas)
                        continuation.resume(
                            returning: Result(
                                plan: plan, before: before, after: after,
                                seconds: Date().timeIntervalSince(started)))
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
            writer.cancel()
            let json = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
            try await db.raw(
                """
                UPDATE plans SET status = 'done', progress = 1, result_json = \(bind: json), updated_at = \
                \(bind: AuditChain.timestamp()) WHERE id = \(bind: id)
                """
            ).run()
        } catch {
            let message: String
            switch error {
            case let problem as FieldProblem: message = problem.message
            case let planError as PlanError: message = planError.description
            default: message = "The plan could not be made: \(error)"
            }
            app.logger.error("plan \(id) failed: \(message)")
            _ = try? await db.raw(
                "UPDATE plans SET status = 'failed', error = \(bind: message), updated_at = "
                    + "\(bind: AuditChain.timestamp()) WHERE id = \(bind: id)"
            ).run()
        }
    }

    /// Plans left queued or running by an instance that stopped (no progress for ten minutes)
    /// are marked failed, so that nobody waits for them.
    package static func failAbandoned(on db: any SQLDatabase) async throws {
        let cutoff = AuditChain.timestamp(Date().addingTimeInterval(-600))
        try await db.raw(
            """
            UPDATE plans SET status = 'failed', error = 'The server stopped before the plan finished; run it again.'
            WHERE status IN ('queued', 'running') AND updated_at < \(bind: cutoff)
            """
        ).run()
    }
}
