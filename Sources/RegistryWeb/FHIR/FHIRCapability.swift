import ConsortCore
import ConsortWeb
import Vapor

/// `GET /api/v1/fhir/metadata`: the FHIR R4 CapabilityStatement, which FHIR clients read first to
/// learn what the server supports: `Organization` read and search, with its search parameters.
package enum FHIRCapability {
    package struct SearchParam: Encodable, Sendable {
        package let name: String
        package let type: String
        package let documentation: String
    }

    package struct Interaction: Encodable, Sendable { package let code: String }

    package struct Resource: Encodable, Sendable {
        package var type = "Organization"
        package var profile = FHIR.profile
        package var interaction = [Interaction(code: "read"), Interaction(code: "search-type")]
        package let searchParam: [SearchParam]
    }

    package struct Rest: Encodable, Sendable {
        package var mode = "server"
        package let resource: [Resource]
    }

    package struct Software: Encodable, Sendable { package var name = "Consort" }

    package struct Statement: Encodable, Sendable {
        package var resourceType = "CapabilityStatement"
        package var status = "active"
        package let date: String
        package var kind = "instance"
        package var software = Software()
        package var fhirVersion = "4.0.1"
        package var format = ["application/fhir+json"]
        package let rest: [Rest]
    }

    static let parameters = [
        SearchParam(name: "type", type: "token", documentation: "ODS role code, or a Consort kind"),
        SearchParam(name: "name", type: "string", documentation: "A word of the name at the date starts with this"),
        SearchParam(
            name: "partof", type: "reference",
            documentation: "The groups whose parent it is and the practices that belong to it at the date"),
        SearchParam(name: "identifier", type: "token", documentation: "ODS code"),
        SearchParam(name: "date", type: "date", documentation: "The date the registry is read at (default today)"),
    ]

    @Sendable package static func metadata(_ req: Request) async throws -> Response {
        try FHIRController.answer(
            Statement(
                date: Day.today().iso,
                rest: [Rest(resource: [Resource(searchParam: parameters)])]))
    }
}
