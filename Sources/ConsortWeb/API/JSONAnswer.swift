import ConsortCore
import Vapor

/// The API's JSON: encoded one way everywhere, cached or not.
package enum JSONBody {
    package static func encode(_ value: some Encodable) throws -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return ByteBuffer(data: try encoder.encode(value))
    }

    package static func response(_ body: ByteBuffer) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(buffer: body))
    }
}

/// A JSON answer of a value that is only encoded, never decoded (so not `Content`).
package struct JSONAnswer<Value: Encodable & Sendable>: AsyncResponseEncodable {
    package let value: Value
    package init(_ value: Value) { self.value = value }

    package func encodeResponse(for request: Request) async throws -> Response {
        JSONBody.response(try JSONBody.encode(value))
    }
}

/// One page of a list, as every paged API answer gives it.
package struct APIPage<T: Content>: Content {
    package let date: Day
    package let total: Int
    package let page: Int
    package let perPage: Int
    package let items: [T]

    package init(date: Day, total: Int, page: Int, perPage: Int, items: [T]) {
        self.date = date
        self.total = total
        self.page = page
        self.perPage = perPage
        self.items = items
    }
}
