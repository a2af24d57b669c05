import ConsortCore
import Vapor

extension Request {
    /// The registry at the request's "as at" date (`date=`, today by default) and the page
    /// context that carries it into links.
    package func registryContext() async throws -> (RegistryView, PageContext) {
        let (day, given) = try QueryReader(req: self).date()
        let view = try await registryView(at: day)
        let ctx = PageContext(
            request: self, date: day, dateGiven: given, path: pagePath, latestSnapshot: view.latestSnapshot)
        return (view, ctx)
    }

    package func registryView(at day: Day) async throws -> RegistryView {
        try await application.registryCache.view(at: day, on: Store.sql(application.db))
    }

    /// Serves a registry page from the page cache when the same page (path and query) was
    /// rendered for the same registry version, and the visitor is signed out; otherwise renders
    /// it. Pages for signed-in visitors carry their name and tokens, so they are not cached.
    package func cachedPage(view: RegistryView, variant: String = "", _ render: () async throws -> HTMLPage)
        async throws -> Response
    {
        guard currentUser == nil, session_ == nil else { return try await render().encodeResponse(for: self) }
        let key = "\(view.version)|\(view.date.iso)|\(variant)|\(url.string)"
        if let body = application.pageCache.get(key) {
            return HTMLPage.response(body)
        }
        let page = try await render()
        guard page.status == .ok else { return try await page.encodeResponse(for: self) }
        let body = ByteBuffer(string: page.html)
        application.pageCache.put(key, body)
        return HTMLPage.response(body)
    }

    /// The same for the API: registry answers are public and the same for everyone, so they are
    /// cached whoever asks, keyed by registry version, date and URL.
    package func cachedJSON(view: RegistryView, _ make: () async throws -> some Encodable) async throws -> Response {
        let key = "json|\(view.version)|\(view.date.iso)|\(url.string)"
        if let body = application.pageCache.get(key) { return JSONBody.response(body) }
        let body = try JSONBody.encode(try await make())
        application.pageCache.put(key, body)
        return JSONBody.response(body)
    }
}
