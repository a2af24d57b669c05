import ConsortWeb
import Vapor

/// `/health` for load balancers: 200 when the database answers, 503 when it does not.
package enum HealthController {
    package struct Health: Content {
        package let status: String
        package let database: String
        package let registryVersion: Int64?
    }

    @Sendable package static func health(_ req: Request) async throws -> Response {
        struct Row: Decodable { package let version: Int64 }
        do {
            let row = try await Store.sql(req.db).raw("SELECT version FROM registry_state WHERE id = 1").first(decoding: Row.self)
            return try await Health(status: "ok", database: "ok", registryVersion: row?.version).encodeResponse(for: req)
        } catch {
            req.logger.error("health check: database unavailable: \(error)")
            let response = try await Health(status: "unavailable", database: "unreachable", registryVersion: nil).encodeResponse(for: req)
            response.status = .serviceUnavailable
            return response
        }
    }
}
