import Foundation

/// A JSON value, for writing the OpenAPI document.
package indirect enum JSON: Sendable, ExpressibleByStringLiteral, ExpressibleByDictionaryLiteral,
    ExpressibleByArrayLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral
{
    case string(String)
    case number(Int)
    case bool(Bool)
    case array([JSON])
    case object([(String, JSON)])

    package init(stringLiteral value: String) { self = .string(value) }
    package init(dictionaryLiteral elements: (String, JSON)...) { self = .object(elements) }
    package init(arrayLiteral elements: JSON...) { self = .array(elements) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    package init(integerLiteral value: Int) { self = .number(value) }

    package var text: String {
        switch self {
        case .string(let s):
            let data = try! JSONEncoder().encode(s)
            return String(decoding: data, as: UTF8.self)
        case .number(let n): return String(n)
        case .bool(let b): return b ? "true" : "false"
        case .array(let items): return "[" + items.map(\.text).joined(separator: ",") + "]"
        case .object(let pairs):
            return "{" + pairs.map { JSON.string($0.0).text + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }
}

/// The OpenAPI 3.0 description of `/api/v1/`.
package enum OpenAPI {
    package static func ref(_ name: String) -> JSON { ["$ref": .string("#/components/schemas/\(name)")] }
    package static func json(_ schema: JSON, _ description: String = "OK") -> JSON {
        ["description": .string(description), "content": ["application/json": ["schema": schema]]]
    }
    package static let errors: [(String, JSON)] = [
        ("400", json(ref("Error"), "A parameter or body field is not valid; the reason names it")),
        ("404", json(ref("Error"), "Not found")),
    ]
    package static let writeErrors: [(String, JSON)] =
        errors + [
            ("401", json(ref("Error"), "Not signed in")),
            (
                "403",
                json(
                    ref("Error"),
                    "Signed in, but the role or its scope does not allow this (or the CSRF token is missing)")
            ),
        ]
    package static func param(
        _ name: String, _ location: String = "query", _ type: JSON = ["type": "string"], description: String,
        required: Bool = false
    ) -> JSON {
        [
            "name": .string(name), "in": .string(location), "required": .bool(required || location == "path"),
            "description": .string(description), "schema": type,
        ]
    }
    package static let date = param(
        "date", "query", ["type": "string", "format": "date"],
        description: "The \"as at\" date (YYYY-MM-DD); today when left out")
    package static let page = param(
        "page", "query", ["type": "integer", "minimum": 1, "maximum": 1_000_000], description: "Page number, from 1")
    package static let perPage = param(
        "per_page", "query", ["type": "integer", "minimum": 1, "maximum": 1000], description: "Items per page")
    package static func get(_ summary: String, _ parameters: [JSON], _ response: JSON, secured: Bool = false) -> JSON {
        var op: [(String, JSON)] = [
            ("summary", .string(summary)), ("parameters", .array(parameters)),
            ("responses", .object([("200", response)] + (secured ? writeErrors : errors))),
        ]
        if secured { op.append(("security", [["session": []], ["bearer": []]])) }
        return .object(op)
    }
    package static func write(_ summary: String, _ parameters: [JSON], body: JSON?, status: String, _ response: JSON)
        -> JSON
    {
        var op: [(String, JSON)] = [("summary", .string(summary)), ("parameters", .array(parameters))]
        if let body {
            op.append(("requestBody", ["required": true, "content": ["application/json": ["schema": body]]]))
        }
        op.append(("responses", .object([(status, response)] + writeErrors)))
        op.append(("security", [["session": []], ["bearer": []]]))
        return .object(op)
    }
    package static let code = param(
        "code", "path", ["type": "string", "minLength": 1, "maxLength": 12, "pattern": "^[A-Za-z0-9-]+$"],
        description: "ODS code of the practice or group (e.g. A81001, U89141, 16C, QHM, Y63, FED-0001)")
    package static let practiceCode = param(
        "code", "path", ["type": "string", "pattern": "^[A-Za-z][0-9]{5}$"],
        description: "ODS code of a practice (e.g. A81001)")
    package static let memberID = param("id", "path", id, description: "Membership id")
    /// A row's number: a positive 64-bit integer.
    package static let id: JSON = [
        "type": "integer", "format": "int64", "minimum": 1, "maximum": 9_223_372_036_854_775_807,
    ]
    package static func idParam(_ what: String) -> JSON { param("id", "path", id, description: what, required: true) }
    package static func text(_ max: Int, min: Int = 1) -> JSON {
        ["type": "string", "minLength": .number(min), "maxLength": .number(max)]
    }
    package static let clock: JSON = [
        "type": "string", "pattern": "^([01][0-9]|2[0-4]):[0-5][0-9]$", "example": "18:30",
    ]
    package static let invitation = obj([
        ("id", int), ("federationCode", str), ("practiceCode", str), ("validFrom", day), ("validTo", dayNull),
        ("status", ["type": "string", "enum": ["pending", "accepted", "declined", "withdrawn"]]), ("invitedBy", str),
        ("invitedAt", str), ("decidedBy", strNull), ("decidedAt", strNull),
        (
            "membershipId",
            ["type": "integer", "nullable": true, "description": "The membership recorded on acceptance"]
        ),
    ])
    package static func obj(_ properties: [(String, JSON)], required: [String] = []) -> JSON {
        .object(
            [("type", "object"), ("properties", .object(properties))]
                + (required.isEmpty ? [] : [("required", .array(required.map { .string($0) }))]))
    }
    package static let str: JSON = ["type": "string"]
    package static let strNull: JSON = ["type": "string", "nullable": true]
    package static let int: JSON = ["type": "integer"]
    package static let intNull: JSON = ["type": "integer", "nullable": true]
    package static let num: JSON = ["type": "number", "nullable": true]
    package static let day: JSON = ["type": "string", "format": "date"]
    package static let dayNull: JSON = ["type": "string", "format": "date", "nullable": true]
    package static let kind: JSON = [
        "type": "string", "enum": ["region", "icb", "consortium", "locality", "network", "federation"],
    ]
    package static let trials = param(
        "trials", "query", ["type": "integer", "minimum": 1000, "maximum": 100000],
        description: "Simulated years (default 10,000)")
    package static let seed = param(
        "seed", "query", ["type": "integer", "minimum": 0, "maximum": 4_294_967_295],
        description: "Random seed (default 1): the same seed gives the same figures")
    package static let area = param(
        "area",
        description:
            """
            Code of the group whose practices to use (region, STP/ICB, CCG, locality, network or federation); \
            England when left out
            """
    )
    package static let riskSummary = obj([
        ("patients", int), ("budget", ["type": "number"]), ("mean", ["type": "number"]), ("sd", ["type": "number"]),
        (
            "overspend",
            [
                "type": "object",
                "description":
                    "Chance of spending more than budget by more than 1%, 3%, 5% and 10%, keyed \"1%\" … \"10%\"",
                "additionalProperties": ["type": "number"],
            ]
        ),
        ("valueAtRisk95", ["type": "number"]), ("valueAtRisk99", ["type": "number"]),
        ("expectedShortfall95", ["type": "number"]), ("expectedShortfall99", ["type": "number"]),
    ])
    package static func page(of item: String) -> JSON {
        obj([
            ("date", day), ("total", int), ("page", int), ("perPage", int),
            ("items", ["type": "array", "items": ref(item)]),
        ])
    }
}

/// A feature's part of the OpenAPI document: its paths and the schemas they refer to.
package struct OpenAPIFragment: Sendable {
    package var paths: [(String, JSON)]
    package var schemas: [(String, JSON)]

    package init(paths: [(String, JSON)] = [], schemas: [(String, JSON)] = []) {
        self.paths = paths
        self.schemas = schemas
    }
}

extension OpenAPI {
    /// The OpenAPI 3.0 document of `/api/v1/`: the features' paths and schemas, and those every
    /// part shares (errors, tables).
    package static func document(_ fragments: [OpenAPIFragment]) -> String {
        let shared: [(String, JSON)] = [
            ("Error", obj([("error", obj([("reason", str)], required: ["reason"]))], required: ["error"])),
            (
                "Tables",
                obj([
                    (
                        "tables",
                        [
                            "type": "array",
                            "items": obj([
                                ("id", str), ("caption", str), ("columns", ["type": "array", "items": str]),
                                ("rows", ["type": "array", "items": ["type": "array", "items": str]]),
                            ]),
                        ]
                    )
                ])
            ),
        ]
        let doc: JSON = [
            "openapi": "3.0.3",
            "info": [
                "title": "Consort API",
                "version": "1.0.0",
                "description":
                    """
                The registry of English general practice and its groups, at any date. Reads are open; writes \
                need an account: a session cookie with the X-CSRF-Token header (from /api/v1/me), or \
                Authorization: Bearer with an API token from `consort user token`. Errors are {\"error\": \
                {\"reason\": …}}.
                """,
            ],
            "servers": [["url": "/api/v1"]],
            "paths": .object(fragments.flatMap(\.paths)),
            "components": [
                "schemas": .object(shared + fragments.flatMap(\.schemas)),
                "securitySchemes": [
                    "session": ["type": "apiKey", "in": "cookie", "name": "consort_session"],
                    "bearer": ["type": "http", "scheme": "bearer"],
                ],
            ],
        ]
        return doc.text
    }
}
