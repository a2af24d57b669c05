import Vapor

/// The API's JSON: encoded one way everywhere, cached or not.
enum JSONBody {
    static func encode(_ value: some Encodable) throws -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return ByteBuffer(data: try encoder.encode(value))
    }

    static func response(_ body: ByteBuffer) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(buffer: body))
    }
}

/// A JSON answer of a value that is only encoded, never decoded (so not `Content`).
struct JSONAnswer<Value: Encodable & Sendable>: AsyncResponseEncodable {
    let value: Value
    init(_ value: Value) { self.value = value }

    func encodeResponse(for request: Request) async throws -> Response { JSONBody.response(try JSONBody.encode(value)) }
}
