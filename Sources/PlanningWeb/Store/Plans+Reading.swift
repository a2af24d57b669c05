import Assurance
import ConsortCore
import ConsortWeb
import Foundation
import Planner
import SQLKit
import Vapor

extension Plans {
    // MARK: Reading

    package static func find(_ id: Int64, on db: any SQLDatabase) async throws -> Row? {
        try await db.raw(
            """
            SELECT id, name, status, progress, request_json, error, created_by, created_at, updated_at, adopted_on, \
            adopted_by
            FROM plans WHERE id = \(bind: id)
            """
        ).first(decoding: Row.self, with: snakeCaseRows)
    }

    package static func result(_ id: Int64, on db: any SQLDatabase) async throws -> Result? {
        struct Stored: Decodable { package let resultJson: String? }
        guard
            let text = try await db.raw("SELECT result_json FROM plans WHERE id = \(bind: id)").first(
                decoding: Stored.self, with: snakeCaseRows)?.resultJson
        else { return nil }
        return try JSONDecoder().decode(Result.self, from: Data(text.utf8))
    }

    package static func page(on db: any SQLDatabase, offset: Int, limit: Int) async throws -> (rows: [Row], total: Int)
    {
        struct Count: Decodable { package let n: Int }
        let total = try await db.raw("SELECT COUNT(*) AS n FROM plans").first(decoding: Count.self)?.n ?? 0
        let rows = try await db.raw(
            """
            SELECT id, name, status, progress, request_json, error, created_by, created_at, updated_at, adopted_on, \
            adopted_by
            FROM plans ORDER BY id DESC LIMIT \(bind: limit) OFFSET \(bind: offset)
            """
        ).all(decoding: Row.self, with: snakeCaseRows)
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
        options.setLimits(min: request.minPatients)
        options.weights = request.weights
        options.fromCurrent = request.fromCurrent
        options.onlyWhereRequired = request.purpose == "fewest-changes"
        options.seed = request.seed
        options.starts = request.starts
        options.effort = request.effort
        do { try options.validate() } catch {
            throw FieldProblem(
                field: error.parameter,
                message: "\(error.parameter.prefix(1).uppercased() + error.parameter.dropFirst()): \(error.reason)")
        }
        return (options, policy)
    }

    /// The practices to plan, from the registry at the request's date.
    package static func input(for request: Request, view: RegistryView) throws -> PlanInput {
        do {
            return try PlanInput(
                configuration: view.configuration, level: request.level, within: request.withinKind,
                areas: request.areas,
                atoms: request.level.defaultAtoms,
                pins: request.pins ?? [:],
                locked: Set(request.locked ?? []))
        } catch {
            let field = ["lock": "locked", "pin": "pins"][error.parameter] ?? "areas"
            throw FieldProblem(field: field, message: error.reason.prefix(1).uppercased() + error.reason.dropFirst())
        }
    }
}
