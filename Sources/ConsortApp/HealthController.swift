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
        do {
            let version = try await RegistryVersion.current(on: Store.sql(req.db))
            return try await Health(status: "ok", database: "ok", registryVersion: version).encodeResponse(for: req)
        } catch {
            req.logger.error("health check: database unavailable: \(error)")
            let response = try await Health(status: "unavailable", database: "unreachable", registryVersion: nil)
                .encodeResponse(for: req)
            response.status = .serviceUnavailable
            return response
        }
    }
}
