import ConsortCore
import Foundation
import Vapor

/// Reading a form's text fields into checked values, each refusal naming its field.
package enum FormValue {
    /// Trimmed text of 1 to `max` characters.
    package static func text(_ value: String?, field: String, what: String, max: Int = 200) throws -> String {
        let clean = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !clean.isEmpty, clean.count <= max else {
            throw FieldProblem(field: field, message: "Give \(what) (up to \(max) characters)")
        }
        return clean
    }

    /// Trimmed text of up to `max` characters, nil when empty.
    package static func optionalText(_ value: String?, field: String, what: String, max: Int = 200) throws -> String? {
        let clean = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !clean.isEmpty else { return nil }
        guard clean.count <= max else {
            throw FieldProblem(field: field, message: "Give \(what) in up to \(max) characters, or leave it empty")
        }
        return clean
    }

    package static func day(_ value: String?, field: String, what: String) throws -> Day {
        guard let d = Day(iso: (value ?? "").trimmingCharacters(in: .whitespaces)) else {
            throw FieldProblem(field: field, message: "Enter \(what) as YYYY-MM-DD")
        }
        return d
    }

    package static func optionalDay(_ value: String?, field: String, after from: Day) throws -> Day? {
        let t = (value ?? "").trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return nil }
        guard let d = Day(iso: t) else {
            throw FieldProblem(field: field, message: "Enter the end date as YYYY-MM-DD, or leave it empty")
        }
        guard d >= from else {
            throw FieldProblem(field: field, message: "The end date must be on or after the start, \(from.long)")
        }
        return d
    }

    /// A registry organisation by code (practice or group), as the registry holds it today or,
    /// failing that, on `day`.
    package static func organisation(_ code: String, field: String, on day: Day, app: Application) async throws -> (
        code: String, name: String
    ) {
        let c = code.trimmingCharacters(in: .whitespaces).uppercased()
        for date in [Day.today(), day] {
            let view = try await app.registryCache.view(at: date, on: Store.sql(app.db))
            if let i = view.index[c] { return (c, view.practices[i].name) }
            if let g = view.groups[c] { return (c, g.name) }
        }
        throw FieldProblem(
            field: field,
            message:
                "\(c.isEmpty ? "(empty)" : c) is not a practice or group code in the registry; use an ODS code such as "
                + "A81001 or a group code such as FED-0001"
        )
    }
}
