import ConsortWeb
import Vapor

/// Every field of the readiness forms as the form sends it (checked later by the store with a
/// message per field), read back into the form when it is shown again with its errors.
package struct ReadinessForm: Content, Sendable {
    package var title: String?
    package var detail: String?
    package var gatheredOn: String?
    package var reviewOn: String?
    package var person: String?
    package var statements: [String]?
    package var policy: String?
    package var year: String?
    package var status: String?
    package var publishedOn: String?
    package var standards: [String]?

    package init() {}

    package enum CodingKeys: String, CodingKey {
        case title, detail, person, statements, policy, year, status, standards
        case gatheredOn = "gathered_on"
        case reviewOn = "review_on"
        case publishedOn = "published_on"
    }

    var evidence: ReadinessStore.EvidenceInput {
        .init(
            title: title, detail: detail, gatheredOn: gatheredOn, reviewOn: reviewOn, person: person,
            statements: statements ?? [])
    }
}
