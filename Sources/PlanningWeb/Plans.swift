import ConsortWeb
import Assurance
import ConsortCore
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

        package var withinKind: GroupKind? { within == "none" ? nil : GroupKind(rawValue: within) }
        package static let withinChoices: [(String, String)] = [("none", "No boundary (one area)"), ("region", "Each region"),
                                                        ("icb", "Each STP / ICB"), ("consortium", "Each consortium (CCG)")]

        package init(policy: String, level: Policy.Level, within: String, areas: [String], fromCurrent: Bool, weights: PlanOptions.Weights, seed: UInt64, date: Day, starts: Int = 4, effort: Int = 300, locked: [String]? = nil, pins: [String: String]? = nil) {
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

        package init(plan: Plan, before: Report, after: Report) {
            self.plan = plan
            self.before = before
            self.after = after
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

        package init(id: Int64, name: String, status: String, progress: Double, requestJson: String, error: String?, createdBy: String, createdAt: String, updatedAt: String, adoptedOn: String?, adoptedBy: String?) {
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

    // MARK: Permissions

    /// Running and reading plans: administrators, consortium officers, LMC officers and
    /// federation managers. Plans are working drafts, not published.
    package static let plannerRoles: Set<Role> = [.administrator, .consortiumOfficer, .lmcOfficer, .federationManager]

    package static func canPlan(_ user: CurrentUser?) -> Bool {
        guard let user else { return false }
        return plannerRoles.contains(where: user.holds)
    }

    package static func requirePlanner(_ req: Vapor.Request) throws -> CurrentUser {
        let user = try req.requireUser()
        guard canPlan(user) else {
            throw NotPermitted(description: "Plans are for administrators, consortium officers, LMC officers and federation managers.")
        }
        return user
    }

    /// Renaming and deleting: the plan's author and administrators.
    package static func canEdit(_ row: Row, _ user: CurrentUser?) -> Bool {
        guard let user else { return false }
        return user.isAdministrator || row.createdBy == user.username
    }

    /// Adopting: administrators; consortium officers for network and locality plans whose
    /// practices all belong to their consortia at the adoption date.
    package static func canAdopt(_ request: Request, plan: Plan, user: CurrentUser?, view: RegistryView) -> Bool {
        guard let user else { return false }
        if user.isAdministrator { return true }
        let consortia = Set(user.scopes(of: .consortiumOfficer))
        guard !consortia.isEmpty, request.level != .consortium else { return false }
        return plan.practiceCodes.allSatisfy { code in
            view.index[code].flatMap { view.practices[$0].groups[.consortium] }.map(consortia.contains) ?? false
        }
    }

    // MARK: Reading

    package static func find(_ id: Int64, on db: any SQLDatabase) async throws -> Row? {
        try await db.raw("""
            SELECT id, name, status, progress, request_json, error, created_by, created_at, updated_at, adopted_on, adopted_by
            FROM plans WHERE id = \(bind: id)
            """).first(decoding: Row.self, with: snakeCaseRows)
    }

    package static func result(_ id: Int64, on db: any SQLDatabase) async throws -> Result? {
        struct Stored: Decodable { package let resultJson: String? }
        guard let text = try await db.raw("SELECT result_json FROM plans WHERE id = \(bind: id)").first(decoding: Stored.self, with: snakeCaseRows)?.resultJson
        else { return nil }
        return try JSONDecoder().decode(Result.self, from: Data(text.utf8))
    }

    package static func page(on db: any SQLDatabase, offset: Int, limit: Int) async throws -> (rows: [Row], total: Int) {
        struct Count: Decodable { package let n: Int }
        let total = try await db.raw("SELECT COUNT(*) AS n FROM plans").first(decoding: Count.self)?.n ?? 0
        let rows = try await db.raw("""
            SELECT id, name, status, progress, request_json, error, created_by, created_at, updated_at, adopted_on, adopted_by
            FROM plans ORDER BY id DESC LIMIT \(bind: limit) OFFSET \(bind: offset)
            """).all(decoding: Row.self, with: snakeCaseRows)
        return (rows, total)
    }

    // MARK: Validation

    /// Checks a request against the policies and the registry, naming each field at fault.
    package static func options(for request: Request, library: PolicyLibrary) throws -> (PlanOptions, Policy) {
        let policy: Policy
        do { policy = try library.load(request.policy) } catch {
            throw FieldProblem(field: "policy", message: "Choose a policy: \(error)")
        }
        var options: PlanOptions
        do { options = try PlanOptions.from(policy: policy, level: request.level) } catch {
            throw FieldProblem(field: "level", message: error.reason.prefix(1).uppercased() + error.reason.dropFirst())
        }
        options.weights = request.weights
        options.fromCurrent = request.fromCurrent
        options.seed = request.seed
        options.starts = request.starts
        options.effort = request.effort
        do { try options.validate() } catch {
            throw FieldProblem(field: error.parameter, message: "\(error.parameter.prefix(1).uppercased() + error.parameter.dropFirst()): \(error.reason)")
        }
        return (options, policy)
    }

    /// The practices to plan, from the registry at the request's date.
    package static func input(for request: Request, view: RegistryView) throws -> PlanInput {
        do {
            return try PlanInput(configuration: view.configuration, level: request.level, within: request.withinKind, areas: request.areas,
                                 atoms: request.level == .locality ? .network : nil, pins: request.pins ?? [:], locked: Set(request.locked ?? []))
        } catch {
            let field = ["lock": "locked", "pin": "pins"][error.parameter] ?? "areas"
            throw FieldProblem(field: field, message: error.reason.prefix(1).uppercased() + error.reason.dropFirst())
        }
    }

    // MARK: Writing

    /// Saves a new plan as queued and starts it.
    package static func create(name: String, request: Request, by user: CurrentUser, app: Application) async throws -> Int64 {
        let json = try AuditLog.json(request)
        let id: Int64 = try await Store.write(app.db) { db in
            struct ID: Decodable { package let id: Int64 }
            let stamp = AuditChain.timestamp()
            let id = try await db.raw("""
                INSERT INTO plans (name, status, progress, request_json, created_by, created_at, updated_at)
                VALUES (\(bind: name), 'queued', 0, \(bind: json), \(bind: user.username), \(bind: stamp), \(bind: stamp)) RETURNING id
                """).first(decoding: ID.self)?.id ?? 0
            try await AuditLog.append(on: db, actor: .user(user.username), action: "plan.create", entity: "plan", entityID: String(id),
                                      after: Audited(name: name, request: request))
            return id
        }
        app.planRunner.enqueue(id, app: app)
        return id
    }

    package struct Audited: Encodable {
        package let name: String
        package var request: Request? = nil

        package init(name: String, request: Request? = nil) {
            self.name = name
            self.request = request
        }
    }

    package static func rename(_ row: Row, to name: String, by user: CurrentUser, app: Application) async throws {
        guard name != row.name else { return }
        try await Store.write(app.db) { db in
            try await db.raw("UPDATE plans SET name = \(bind: name), updated_at = \(bind: AuditChain.timestamp()) WHERE id = \(bind: row.id)").run()
            try await AuditLog.append(on: db, actor: .user(user.username), action: "plan.rename", entity: "plan", entityID: String(row.id),
                                      before: Audited(name: row.name), after: Audited(name: name))
        }
    }

    package static func delete(_ row: Row, by user: CurrentUser, app: Application) async throws {
        guard row.state == .done || row.state == .failed else {
            throw FieldProblem(field: "delete", message: "The plan is still running; delete it when it has finished.")
        }
        try await Store.write(app.db) { db in
            try await db.raw("DELETE FROM plans WHERE id = \(bind: row.id)").run()
            try await AuditLog.append(on: db, actor: .user(user.username), action: "plan.delete", entity: "plan", entityID: String(row.id),
                                      before: Audited(name: row.name, request: row.request))
        }
    }

    /// Validates a plan name.
    package static func name(_ text: String?) throws -> String {
        let name = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw FieldProblem(field: "name", message: "Enter a name for the plan") }
        guard name.count <= 120 else { throw FieldProblem(field: "name", message: "Keep the name to 120 characters or fewer") }
        return name
    }

    // MARK: Running

    /// Computes a queued plan and stores its result (or its failure).
    package static func run(_ id: Int64, app: Application, progress: ProgressBox) async {
        let db = Store.sql(app.db)
        do {
            guard let row = try await find(id, on: db), let request = row.request else { return }
            try await db.raw("UPDATE plans SET status = 'running', updated_at = \(bind: AuditChain.timestamp()) WHERE id = \(bind: id)").run()
            let library = app.policies.library
            let (options, policy) = try self.options(for: request, library: library)
            let view = try await app.registryCache.view(at: request.date, on: db)
            let input = try self.input(for: request, view: view)
            let configuration = view.configuration
            // Write progress every second while the planner works on its own threads.
            let writer = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(nanoseconds: 1_000_000_000)
                    let fraction = progress.value
                    _ = try? await db.raw("UPDATE plans SET progress = \(bind: fraction), updated_at = \(bind: AuditChain.timestamp()) WHERE id = \(bind: id) AND status = 'running'").run()
                }
            }
            defer { writer.cancel() }
            let result: Result = try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async {
                    do {
                        let plan = try Planner.plan(input, options: options) { progress.set($0.fraction) }
                        let (before, after) = PlanComparison.reports(plan, configuration: configuration, policy: policy)
                        continuation.resume(returning: Result(plan: plan, before: before, after: after))
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
            writer.cancel()
            let json = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
            try await db.raw("""
                UPDATE plans SET status = 'done', progress = 1, result_json = \(bind: json), updated_at = \(bind: AuditChain.timestamp()) WHERE id = \(bind: id)
                """).run()
        } catch {
            let message: String
            switch error {
            case let problem as FieldProblem: message = problem.message
            case let planError as PlanError: message = planError.description
            default: message = "The plan could not be made: \(error)"
            }
            app.logger.error("plan \(id) failed: \(message)")
            _ = try? await db.raw("UPDATE plans SET status = 'failed', error = \(bind: message), updated_at = \(bind: AuditChain.timestamp()) WHERE id = \(bind: id)").run()
        }
    }

    /// Plans left queued or running by an instance that stopped (no progress for ten minutes)
    /// are marked failed, so that nobody waits for them.
    package static func failAbandoned(on db: any SQLDatabase) async throws {
        let cutoff = AuditChain.timestamp(Date().addingTimeInterval(-600))
        try await db.raw("""
            UPDATE plans SET status = 'failed', error = 'The server stopped before the plan finished; run it again.'
            WHERE status IN ('queued', 'running') AND updated_at < \(bind: cutoff)
            """).run()
    }

    // MARK: Adopting

    package struct MembershipChange: Encodable {
        package let practice: String
        package let group: String
        package let kind: String
        package let validFrom: String?
        package let validTo: String?
        package let plan: Int64

        package init(practice: String, group: String, kind: String, validFrom: String?, validTo: String?, plan: Int64) {
            self.practice = practice
            self.group = group
            self.kind = kind
            self.validFrom = validFrom
            self.validTo = validTo
            self.plan = plan
        }
    }

    package struct AdoptionSummary: Encodable {
        package let plan: Int64
        package let name: String
        package let on: String
        package let practicesMoved: Int
        package let groupsCreated: [String]
        package let groupsClosed: [String]

        package init(plan: Int64, name: String, on: String, practicesMoved: Int, groupsCreated: [String], groupsClosed: [String]) {
            self.plan = plan
            self.name = name
            self.on = on
            self.practicesMoved = practicesMoved
            self.groupsCreated = groupsCreated
            self.groupsClosed = groupsClosed
        }
    }

    /// Makes a finished plan the configuration from `date`: each practice whose group changes
    /// leaves its group of the level's kind on that date and joins its planned group; groups the
    /// plan creates are recorded (new codes `P<plan>-…`); groups left without practices close.
    /// One transaction, every change audited.
    package static func adopt(_ row: Row, result: Result, on date: Day, by user: CurrentUser, app: Application) async throws -> AdoptionSummary {
        guard let request = row.request else { throw FieldProblem(field: "adopt_on", message: "The plan's request cannot be read.") }
        guard row.adoptedOn == nil else { throw FieldProblem(field: "adopt_on", message: "This plan was adopted on \(row.adoptedOn!) already.") }
        guard date >= request.date else {
            throw FieldProblem(field: "adopt_on", message: "Adopt the plan on or after \(request.date.long), the date it was planned from.")
        }
        let kind = PlanInput.currentKind(request.level)
        let plan = result.plan
        let actor = AuditLog.Actor.user(user.username)
        let view = try await app.registryCache.view(at: date, on: Store.sql(app.db))
        let summary: AdoptionSummary = try await Store.write(app.db) { db in
            // Nothing may have been dated after the adoption date for these practices at this level.
            struct Later: Decodable { package let practiceCode: String; package let validFrom: String }
            let codes = plan.practiceCodes
            for chunk in stride(from: 0, to: codes.count, by: 500).map({ Array(codes[$0..<min($0 + 500, codes.count)]) }) {
                let list = SQLList(chunk.map { SQLBind($0) })
                if let later = try await db.raw("""
                    SELECT practice_code, valid_from FROM memberships
                    WHERE kind = \(bind: kind.rawValue) AND valid_from > \(bind: date.iso) AND practice_code IN (\(list)) LIMIT 1
                    """).first(decoding: Later.self, with: snakeCaseRows) {
                    throw FieldProblem(field: "adopt_on", message: "\(later.practiceCode) joins a \(kind.singular.lowercased()) on \(later.validFrom), after \(date.long); adopt the plan from a later date.")
                }
            }
            // New groups get codes of their own.
            var codeFor: [String: String] = [:]
            var created: [String] = []
            for group in plan.groups where !group.locked {
                if view.groups[group.code] != nil || group.code.hasPrefix("P\(row.id)-") { codeFor[group.code] = group.code; continue }
                let code = group.code.hasPrefix("NEW-") ? "P\(row.id)-" + group.code.dropFirst(4) : "P\(row.id)-" + group.code
                codeFor[group.code] = code
                created.append(code)
                let parent = majorityParent(group.practices, kind: kind, view: view)
                try await db.raw("""
                    INSERT INTO organisations (code, kind, name, valid_from, source, created_by)
                    VALUES (\(bind: code), \(bind: kind.rawValue), \(bind: "\(group.name) (plan \(row.id))"), \(bind: date.iso), 'plan', \(bind: user.username))
                    """).run()
                if let parent {
                    try await db.raw("""
                        INSERT INTO group_links (child_code, parent_code, valid_from) VALUES (\(bind: code), \(bind: parent), \(bind: date.iso))
                        """).run()
                }
                try await AuditLog.append(on: db, actor: actor, action: "plan.group.create", entity: "group", entityID: code,
                                          after: ["code": code, "kind": kind.rawValue, "name": group.name, "parent": parent ?? "", "plan": String(row.id)])
            }
            // Memberships: end the old, start the new.
            var moved = 0
            for (p, code) in plan.practiceCodes.enumerated() {
                let target = codeFor[plan.assignment[p]] ?? plan.assignment[p]
                let current = view.index[code].flatMap { view.practices[$0].groups[kind] }
                guard current != target else { continue }
                moved += 1
                if let current {
                    try await db.raw("""
                        UPDATE memberships SET valid_to = \(bind: date.iso)
                        WHERE practice_code = \(bind: code) AND group_code = \(bind: current) AND kind = \(bind: kind.rawValue)
                          AND valid_from <= \(bind: date.iso) AND (valid_to IS NULL OR valid_to > \(bind: date.iso))
                        """).run()
                    try await AuditLog.append(on: db, actor: actor, action: "plan.member.end", entity: "membership", entityID: "\(code)/\(current)",
                                              after: MembershipChange(practice: code, group: current, kind: kind.rawValue, validFrom: nil, validTo: date.iso, plan: row.id))
                }
                try await db.raw("""
                    INSERT INTO memberships (practice_code, group_code, kind, valid_from, source)
                    VALUES (\(bind: code), \(bind: target), \(bind: kind.rawValue), \(bind: date.iso), 'plan')
                    """).run()
                try await AuditLog.append(on: db, actor: actor, action: "plan.member.add", entity: "membership", entityID: "\(code)/\(target)",
                                          after: MembershipChange(practice: code, group: target, kind: kind.rawValue, validFrom: date.iso, validTo: nil, plan: row.id))
            }
            // Groups of the level left without practices close on the date.
            let remaining = Set(plan.assignment.map { codeFor[$0] ?? $0 })
            var closed: [String] = []
            let touched = Set(plan.practiceCodes.compactMap { view.index[$0].flatMap { view.practices[$0].groups[kind] } })
            let planned = Set(plan.practiceCodes)
            for code in touched.sorted() where !remaining.contains(code) {
                let others = view.groups[code]?.members.filter { !planned.contains(view.practices[$0].code) } ?? []
                guard others.isEmpty else { continue }
                try await db.raw("UPDATE organisations SET valid_to = \(bind: date.iso) WHERE code = \(bind: code) AND valid_to IS NULL").run()
                try await AuditLog.append(on: db, actor: actor, action: "plan.group.close", entity: "group", entityID: code,
                                          after: ["code": code, "valid_to": date.iso, "plan": String(row.id)])
                closed.append(code)
            }
            try await db.raw("UPDATE plans SET adopted_on = \(bind: date.iso), adopted_by = \(bind: user.username), updated_at = \(bind: AuditChain.timestamp()) WHERE id = \(bind: row.id)").run()
            let summary = AdoptionSummary(plan: row.id, name: row.name, on: date.iso, practicesMoved: moved, groupsCreated: created, groupsClosed: closed)
            try await AuditLog.append(on: db, actor: actor, action: "plan.adopt", entity: "plan", entityID: String(row.id), after: summary)
            try await RegistryVersion.bump(db)
            return summary
        }
        await app.registryChanged()
        return summary
    }

    /// The group one level up that most of the practices belong to.
    package static func majorityParent(_ practices: [String], kind: GroupKind, view: RegistryView) -> String? {
        guard let parentKind = kind.parentKind else { return nil }
        var counts: [String: Int] = [:]
        for code in practices { if let g = view.index[code].flatMap({ view.practices[$0].groups[parentKind] }) { counts[g, default: 0] += 1 } }
        return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
    }
}

/// The latest progress of a running plan, written by worker threads.
package final class ProgressBox: @unchecked Sendable {
    private let lock = NSLock()
    private var fraction = 0.0
    package var value: Double { lock.lock(); defer { lock.unlock() }; return fraction }
    package func set(_ value: Double) { lock.lock(); fraction = Swift.max(fraction, value); lock.unlock() }
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
        guard !queue.isEmpty else { current = nil; return }
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
