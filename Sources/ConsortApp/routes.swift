import ConsortCore
import ConsortWeb
import Vapor

/// Every route: each feature's pages and API, then the few that belong to no capability. Every
/// route is registered with the access rule checked before its handler runs.
package func routes(_ app: Application) throws {
    for feature in app.features { try feature.routes(app) }
    app.get("static", "consort.css", access: .anyone) { _ -> Response in
        var headers = HTTPHeaders()
        headers.contentType = .init(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return Response(status: .ok, headers: headers, body: .init(string: Stylesheet.css))
    }
    app.get("health", access: .anyone, use: HealthController.health)
    let api = app.grouped("api", "v1")
    api.get("openapi.json", access: .anyone) { _ in OpenAPI.document }
    for feature in app.features { try feature.api(api) }
    api.get("**", access: .anyone) { req -> Response in
        throw Abort(.notFound, reason: "There is no API endpoint at \(req.url.path); see /api/v1/openapi.json")
    }
}
