import ConsortCore
import SQLKit
import Vapor

extension Scope {
    /// The owner column of the object named by `:id`, read by `query` (which ends where the id is bound).
    package static func owner(_ req: Request, _ what: String, _ query: String) async throws -> String {
        struct Row: Decodable { package let owner: String }
        let id = try id(req, what)
        guard let row = try await Store.sql(req.db).raw(SQLQueryString(query) + "\(bind: id)").first(decoding: Row.self)
        else {
            throw hidden(what, req)
        }
        return row.owner
    }
}
