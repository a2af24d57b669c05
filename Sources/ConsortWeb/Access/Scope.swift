import ConsortCore
import SQLKit
import Vapor

/// Reading the scope of the object a request names.
package enum Scope {
    package static func id(_ req: Request, _ what: String) throws -> Int64 {
        guard let id = req.parameters.get("id", as: Int64.self) else { throw hidden(what, req) }
        return id
    }

    /// The same answer for an object that does not exist and one the caller may not see.
    package static func hidden(_ what: String, _ req: Request) -> Abort {
        Abort(.notFound, reason: "There is no \(what) \(req.parameters.get("id") ?? "") that you can see.")
    }

    /// The group named by `:code` today.
    package static func group(_ req: Request) async throws -> (GroupInfo, RegistryView) {
        let view = try await req.registryView(at: Day.today())
        let code = (req.parameters.get("code") ?? "").uppercased()
        guard let group = view.groups[code] else {
            throw Abort(.notFound, reason: "There is no group with the code \(code).")
        }
        return (group, view)
    }

    /// The practice named by `:code` today, as an index into the view.
    package static func practice(_ req: Request) async throws -> (Int, RegistryView) {
        let view = try await req.registryView(at: Day.today())
        let code = (req.parameters.get("code") ?? "").uppercased()
        guard let index = view.index[code] else { throw Abort(.notFound, reason: "There is no practice \(code).") }
        return (index, view)
    }
}
