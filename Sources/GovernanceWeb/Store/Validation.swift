import ConsortCore
import ConsortWeb
import Vapor

extension GovernanceStore {
    // MARK: Validation helpers (the kit's, under the names the governance store uses)

    package static func text(_ value: String?, field: String, what: String, max: Int = 200) throws -> String {
        try FormValue.text(value, field: field, what: what, max: max)
    }

    package static func day(_ value: String?, field: String, what: String) throws -> Day {
        try FormValue.day(value, field: field, what: what)
    }

    package static func optionalDay(_ value: String?, field: String, after from: Day) throws -> Day? {
        try FormValue.optionalDay(value, field: field, after: from)
    }

    package static func organisation(_ code: String, field: String, on day: Day, app: Application) async throws -> (
        code: String, name: String
    ) {
        try await FormValue.organisation(code, field: field, on: day, app: app)
    }
}
