import Vapor

/// A change that cannot be made, naming the form field (or JSON property) at fault: a 400 for
/// bad input, or a 409 when the input is fine but conflicts with what is stored (a slot just
/// taken, a booking already cancelled). Forms show the message beside the field; the API
/// answers it as JSON.
struct FieldProblem: Error, AbortError, Sendable {
    let field: String
    let message: String
    var status: HTTPResponseStatus = .badRequest

    var reason: String { "\(field): \(message)" }
}
