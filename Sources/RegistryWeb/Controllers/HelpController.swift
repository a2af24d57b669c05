import ConsortWeb
import Vapor

/// About the data and how to use Consort.
package enum HelpController {
    @Sendable package static func help(_ req: Request) async throws -> HTMLPage {
        HelpPage().render(PageContext(request: req))
    }
}
