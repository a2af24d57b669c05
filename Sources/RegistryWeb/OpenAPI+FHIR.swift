import ConsortWeb

extension OpenAPI {
    /// The FHIR R4 part of the OpenAPI document: `Organization` read and search.
    static let fhir: OpenAPIFragment = {
        func fhirJSON(_ schema: JSON, _ description: String) -> JSON {
            ["description": .string(description), "content": ["application/fhir+json": ["schema": schema]]]
        }
        func operation(_ summary: String, _ parameters: [JSON], _ response: JSON) -> JSON {
            [
                "summary": .string(summary), "parameters": .array(parameters),
                "responses": [
                    "200": response,
                    "400": fhirJSON(ref("FHIROperationOutcome"), "A parameter is not valid; the diagnostics name it"),
                    "404": fhirJSON(ref("FHIROperationOutcome"), "No practice or group with that code at the date"),
                ],
            ]
        }
        let resource: JSON = [
            "type": "object",
            "description":
                """
            A FHIR R4 Organization following the UK Core Organization profile: id and identifier (system \
            https://fhir.nhs.uk/Id/ods-organization-code) are the ODS code, type the ODS role, the period in \
            the organization-period extension, partOf the group it belongs to at the date. Federations and \
            localities, recorded in Consort rather than ODS, carry no identifier.
            """,
            "required": ["resourceType", "id", "name", "type", "active"],
            "properties": [
                "resourceType": ["type": "string", "enum": ["Organization"]], "id": ["type": "string"],
                "name": ["type": "string"], "active": ["type": "boolean"],
                "identifier": ["type": "array", "items": ["type": "object"]],
                "type": ["type": "array", "items": ["type": "object"]],
                "extension": ["type": "array", "items": ["type": "object"]], "partOf": ["type": "object"],
            ],
        ]
        return OpenAPIFragment(
            paths: [
                (
                    "/fhir/Organization",
                    [
                        "get": operation(
                            "FHIR R4: search practices and groups at a date, as a searchset Bundle",
                            [
                                date,
                                param(
                                    "type",
                                    description:
                                        "ODS role codes (76 GP practice, 272 PCN, 98 CCG, 319 sub-ICB location, 318 "
                                        + "ICB, 209 region) or Consort kinds (practice, network, consortium, icb, "
                                        + "region, federation, locality), comma-separated"),
                                param("name", description: "A word of the name at the date starts with this"),
                                param("name:contains", description: "The name at the date contains this"),
                                param(
                                    "partof",
                                    description:
                                        "Organization/CODE: the groups whose parent it is and the practices that "
                                        + "belong to it at the date"),
                                param(
                                    "identifier",
                                    description: "https://fhir.nhs.uk/Id/ods-organization-code|CODE, or the code"),
                                param(
                                    "_count", "query", ["type": "integer", "minimum": 1, "maximum": 500],
                                    description: "Entries per page (default 50)"),
                                page,
                            ], fhirJSON(ref("FHIRBundle"), "A searchset Bundle of Organization resources"))
                    ]
                ),
                (
                    "/fhir/metadata",
                    [
                        "get": [
                            "summary": "FHIR R4: the CapabilityStatement (what this server supports)",
                            "parameters": [],
                            "responses": [
                                "200": fhirJSON(
                                    ["type": "object", "required": ["resourceType", "fhirVersion", "rest"]],
                                    "The CapabilityStatement")
                            ],
                        ]
                    ]
                ),
                (
                    "/fhir/Organization/{code}",
                    [
                        "get": operation(
                            "FHIR R4: one practice or group at a date",
                            [param("code", "path", description: "ODS code, or a federation's code"), date],
                            fhirJSON(ref("FHIROrganization"), "The Organization"))
                    ]
                ),
            ],
            schemas: [
                ("FHIROrganization", resource),
                (
                    "FHIRBundle",
                    [
                        "type": "object", "required": ["resourceType", "type", "total"],
                        "properties": [
                            "resourceType": ["type": "string", "enum": ["Bundle"]],
                            "type": ["type": "string", "enum": ["searchset"]], "total": ["type": "integer"],
                            "link": ["type": "array", "items": ["type": "object"]],
                            "entry": [
                                "type": "array",
                                "items": [
                                    "type": "object",
                                    "properties": [
                                        "fullUrl": ["type": "string"], "resource": ref("FHIROrganization"),
                                        "search": ["type": "object"],
                                    ],
                                ],
                            ],
                        ],
                    ]
                ),
                (
                    "FHIROperationOutcome",
                    [
                        "type": "object", "required": ["resourceType", "issue"],
                        "properties": [
                            "resourceType": ["type": "string", "enum": ["OperationOutcome"]],
                            "issue": ["type": "array", "items": ["type": "object"]],
                        ],
                    ]
                ),
            ])
    }()
}
