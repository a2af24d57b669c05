import ConsortCore
import ConsortWeb
import Vapor

/// Every route: each feature's pages and API, then the few that belong to no capability. Every
/// route is registered with its path from a `SitePath` and the access rule checked before its
/// handler runs.
func routes(_ app: Application) throws {
    for feature in app.features {
        try feature.routes(app)
        try feature.api(app)
    }
    app.get(SiteURL.stylesheet, access: .anyone) { _ -> Response in
        var headers = HTTPHeaders()
        headers.contentType = .init(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return Response(status: .ok, headers: headers, body: .init(string: Stylesheet.css))
    }
    app.get(SiteURL.health, access: .anyone, use: HealthController.health)
    app.get(SiteURL.openAPI, access: .anyone) { _ in OpenAPI.document }
    app.catchAll(under: ["api", "v1"], access: .anyone) { req -> Response in
        throw Abort(.notFound, reason: "There is no API endpoint at \(req.url.path); see /api/v1/openapi.json")
    }
}
