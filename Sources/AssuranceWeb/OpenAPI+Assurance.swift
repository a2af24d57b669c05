import Assurance
import ConsortWeb

extension OpenAPI {
    /// The assurance part of the OpenAPI document: its paths and schemas.
    static let assurance: OpenAPIFragment = {
        return OpenAPIFragment(
            paths: [
                (
                    "/assurance",
                    [
                        "get": get(
                            "A policy's assurance report on the registry at a date: summary by level and every finding",
                            [
                                date,
                                param(
                                    "policy",
                                    description: "A policy name from GET /policies (default gp-consortia-2010)"),
                            ], json(ref("AssuranceReport")))
                    ]
                ),
                (
                    "/policies",
                    [
                        "get": get(
                            "The policies offered for assurance checks", [],
                            json([
                                "type": "array",
                                "items": obj([
                                    ("name", str), ("title", str), ("version", str),
                                    ("levels", ["type": "array", "items": str]),
                                ]),
                            ]))
                    ]
                ),
                (
                    "/policies/{name}",
                    [
                        "get": get(
                            "One policy: its rules by level and its sources",
                            [param("name", "path", str, description: "Policy name")], json(ref("Policy")))
                    ]
                ),
            ],
            schemas: [
                (
                    "AssuranceReport",
                    obj([
                        ("policy", str), ("policyVersion", str), ("policyTitle", str), ("date", day),
                        ("practices", int), ("patients", int),
                        (
                            "levels",
                            [
                                "type": "array",
                                "items": obj([
                                    ("level", str), ("kinds", ["type": "array", "items": kind]), ("groups", int),
                                    ("practices", int), ("blocking", int), ("advisory", int),
                                    ("splitAreas", intNull),
                                ]),
                            ]
                        ),
                        ("findings", ["type": "array", "items": ref("Finding")]), ("areasNote", strNull),
                    ])
                ),
                (
                    "Finding",
                    obj([
                        (
                            "rule",
                            [
                                "type": "string",
                                "enum": .array(Finding.Rule.allCases.map { .string($0.rawValue) }),
                            ]
                        ),
                        ("level", strNull), ("severity", ["type": "string", "enum": ["blocking", "advisory"]]),
                        ("subject", ref("OrganisationRef")),
                        ("organisations", ["type": "array", "items": ref("OrganisationRef")]),
                        (
                            "figures",
                            [
                                "type": "array",
                                "items": obj([("name", str), ("value", ["type": "number"]), ("unit", str)]),
                            ]
                        ),
                        ("message", str), ("source", strNull),
                        ("drivers", ["type": "array", "items": ref("OrganisationRef")]),
                    ])
                ),
                ("OrganisationRef", obj([("code", str), ("name", str), ("kind", str)])),
                (
                    "Policy",
                    [
                        "type": "object",
                        "description":
                            """
                        name, version, title, description, sources (id and citation), levels (level, kinds, \
                        size, coverage, contiguity, cherryPicking, access) and overlaps
                        """,
                    ]
                ),
            ])
    }()
}
