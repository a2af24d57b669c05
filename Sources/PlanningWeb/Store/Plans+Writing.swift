import Assurance
import ConsortCore
import ConsortWeb
import Foundation
import Planner
import SQLKit
import Vapor

extension Plans {
    // MARK: Writing

    /// How many plans one account may have waiting or running at once: plans run one at a time
    /// on every core, so one person cannot hold everyone else's back.
    package static let perPerson = 3

    /// Saves a new plan as queued and starts it; refused (429) when the account already has
    /// `perPerson` plans waiting or running.
    package static func create(name: String, request: Request, by user: CurrentUser, app: Application) async throws
        -> Int64
    {
        let json = try AuditLog.json(request)
        let id: Int64 = try await Store.write(app.db) { db in
            struct N: Decodable { let n: Int }
            let waiting =
                try await db.raw(
                    """
                    SELECT COUNT(*) AS n FROM plans WHERE created_by = \(bind: user.username) \
                    AND status IN ('queued', 'running')
                    """
                ).first(decoding: N.self)?.n ?? 0
            guard waiting < perPerson else {
                throw FieldProblem(
                    field: "name",
                    message: "You have \(waiting) plans waiting or running; wait for one to finish before asking "
                        + "for another",
                    status: .tooManyRequests)
            }
            struct ID: Decodable { package let id: Int64 }
            let stamp = AuditChain.timestamp()
            let id =
                try await db.raw(
                    """
                    INSERT INTO plans (name, status, progress, request_json, created_by, created_at, updated_at)
                    VALUES (\(bind: name), 'queued', 0, \(bind: json), \(bind: user.username), \(bind: stamp), \
                    \(bind: stamp)) RETURNING id
                    """
                ).first(decoding: ID.self)?.id ?? 0
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "plan.create", entity: "plan", entityID: String(id),
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
            try await db.raw(
                "UPDATE plans SET name = \(bind: name), updated_at = \(bind: AuditChain.timestamp()) WHERE id = "
                    + "\(bind: row.id)"
            ).run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "plan.rename", entity: "plan", entityID: String(row.id),
                before: Audited(name: row.name), after: Audited(name: name))
        }
    }

    package static func delete(_ row: Row, by user: CurrentUser, app: Application) async throws {
        guard row.state == .done || row.state == .failed else {
            throw FieldProblem(field: "delete", message: "The plan is still running; delete it when it has finished.")
        }
        try await Store.write(app.db) { db in
            try await db.raw("DELETE FROM plans WHERE id = \(bind: row.id)").run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "plan.delete", entity: "plan", entityID: String(row.id),
                before: Audited(name: row.name, request: row.request))
        }
    }

    /// Validates a plan name.
    package static func name(_ text: String?) throws -> String {
        let name = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw FieldProblem(field: "name", message: "Enter a name for the plan") }
        guard name.count <= 120 else {
            throw FieldProblem(field: "name", message: "Keep the name to 120 characters or fewer")
        }
        return name
    }
}
