import ConsortWeb
import Vapor

extension OpenAPI {
    /// The document, made once from the features' fragments.
    static let text = document(features.map(\.openAPI))

    static var document: Response {
        Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: text))
    }
}
