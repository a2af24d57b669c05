import Vapor

/// A change that cannot be made, naming the form field (or JSON property) at fault: a 400 for
/// bad input, or a 409 when the input is fine but conflicts with what is stored (a slot just
/// taken, a booking already cancelled). Forms show the message beside the field; the API
/// answers it as JSON.
package struct FieldProblem: Error, AbortError, Sendable {
    package let field: String
    package let message: String
    package var status: HTTPResponseStatus = .badRequest

    package var reason: String { "\(field): \(message)" }

    package init(field: String, message: String, status: HTTPResponseStatus = .badRequest) {
        self.field = field
        self.message = message
        self.status = status
    }
}

/// Several problems with one form, each naming its field.
package struct FieldProblems: Error, AbortError, Sendable {
    package let all: [FieldProblem]
    package var status: HTTPResponseStatus { all.first?.status ?? .badRequest }
    package var reason: String { all.map(\.reason).joined(separator: "; ") }

    package init(all: [FieldProblem]) {
        self.all = all
    }
}

/// A form's errors, field by field, as the error summary and the fields show them.
package typealias FormErrors = [(field: String, message: String)]

extension FieldProblem {
    /// The services' refusals as a form's errors: against the form's field names, as sentences.
    package static func formErrors(_ error: any Error) -> FormErrors? {
        let problems = (error as? FieldProblems)?.all ?? (error as? FieldProblem).map { [$0] }
        return problems?.map { p in
            let field = p.field == "nhsNumber" ? "nhs_number" : p.field
            return (field, p.message.prefix(1).uppercased() + p.message.dropFirst())
        }
    }

    package static func status(_ error: any Error) -> HTTPStatus {
        (error as? FieldProblem)?.status ?? .badRequest
    }
}
