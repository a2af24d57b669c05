import ConsortWeb

extension OpenAPI {
    /// The registry part of the OpenAPI document: its paths and schemas.
    static let registry: OpenAPIFragment = {
        let practiceSummary = obj([
            ("code", str), ("name", str), ("postcode", strNull), ("listSize", intNull), ("listSizeOn", dayNull),
            ("imdScore", num), ("imdDecile", intNull), ("rurality", strNull), ("network", strNull),
            ("consortium", strNull),
            ("icb", strNull), ("region", strNull), ("federations", ["type": "array", "items": str]),
        ])
        let groupSummary = obj([
            ("code", str), ("kind", kind), ("name", str), ("parent", strNull), ("practices", int), ("patients", int),
            ("patientsSource", strNull),
        ])
        return OpenAPIFragment(
            paths: [
                (
                    "/summary",
                    [
                        "get": get(
                            "England at a date: counts of practices, patients and groups", [date], json(ref("Summary")))
                    ]
                ),
                (
                    "/practices",
                    [
                        "get": get(
                            "Search practices",
                            [
                                date,
                                param("q", description: "Words that must all appear in the name, ODS code or postcode"),
                                param("group", description: "Only members of this group (any kind) at the date"),
                                param(
                                    "min_list", "query", ["type": "integer", "minimum": 0, "maximum": 10_000_000],
                                    description: "Smallest registered list size"),
                                param(
                                    "max_list", "query", ["type": "integer", "minimum": 0, "maximum": 10_000_000],
                                    description: "Largest registered list size"),
                                param(
                                    "decile", "query", ["type": "integer", "minimum": 1, "maximum": 10],
                                    description: "IMD 2019 national decile, 1 = most deprived"),
                                param(
                                    "rurality", "query", ["type": "string", "enum": ["Urban", "Rural", "unknown"]],
                                    description: "Rurality as recorded in NHS Payments 2021-22"),
                                param(
                                    "sort", "query",
                                    [
                                        "type": "string",
                                        "enum": [
                                            "code", "name", "postcode", "list_size", "imd", "network", "consortium",
                                        ],
                                    ], description: "Sort key"),
                                param(
                                    "dir", "query", ["type": "string", "enum": ["asc", "desc"]],
                                    description: "Sort direction"), page, perPage,
                            ], json(page(of: "PracticeSummary")))
                    ]
                ),
                (
                    "/practices/{code}",
                    [
                        "get": get(
                            "One practice: details, groups at the date, membership and list-size history",
                            [code, date], json(ref("PracticeDetail")))
                    ]
                ),
                (
                    "/groups",
                    [
                        "get": get(
                            "List groups with members at the date",
                            [
                                date, param("kind", "query", kind, description: "Only groups of this kind"),
                                param("q", description: "Words in the name or code"),
                                param("parent", description: "Only groups whose parent is this group"),
                                param(
                                    "all", "query", ["type": "string", "enum": ["1"]],
                                    description: "1 includes groups without members at the date"),
                                param(
                                    "sort", "query",
                                    ["type": "string", "enum": ["code", "name", "practices", "patients"]],
                                    description: "Sort key"),
                                param(
                                    "dir", "query", ["type": "string", "enum": ["asc", "desc"]],
                                    description: "Sort direction"), page, perPage,
                            ], json(page(of: "GroupSummary")))
                    ]
                ),
                (
                    "/groups/{code}",
                    [
                        "get": get(
                            "One group: members at the date, parents, children and membership history", [code, date],
                            json(ref("GroupDetail")))
                    ]
                ),
                (
                    "/imports",
                    [
                        "get": get(
                            "Every import, newest first", [], json(["type": "array", "items": ref("ImportEntry")]))
                    ]
                ),
                (
                    "/imports/{id}",
                    [
                        "get": get(
                            "The change report of one import", [idParam("Import number")], json(ref("ChangeReport")))
                    ]
                ),
                (
                    "/practices/{code}/invitations",
                    [
                        "get": get(
                            """
                            A practice's invitations to join federations, pending first (its practice managers, \
                            administrators)
                            """,
                            [practiceCode],
                            json(["type": "array", "items": invitation]), secured: true)
                    ]
                ),
                (
                    "/federation-invitations/{id}/accept",
                    [
                        "post": write(
                            """
                            Accept an invitation: the practice joins the federation from the invitation's date \
                            (the practice's practice managers)
                            """,
                            [idParam("The invitation")], body: nil, status: "200", json(invitation))
                    ]
                ),
                (
                    "/federation-invitations/{id}/decline",
                    [
                        "post": write(
                            "Decline an invitation (the practice's practice managers)", [idParam("The invitation")],
                            body: nil, status: "200", json(invitation))
                    ]
                ),
                (
                    "/federation-invitations/{id}/withdraw",
                    [
                        "post": write(
                            "Withdraw an invitation not yet answered (whoever may edit the federation)",
                            [idParam("The invitation")],
                            body: nil, status: "200", json(invitation))
                    ]
                ),
                (
                    "/federations",
                    [
                        "post": write(
                            """
                            Record a federation (administrators, consortium officers); members outside the \
                            caller's consortium are invited
                            """,
                            [],
                            body: ref("FederationInput"), status: "201",
                            json(
                                obj([("code", str), ("invited", ["type": "array", "items": str])]),
                                """
                                Created; Location names the new group; invited lists the practices that join when \
                                they accept
                                """
                            ))
                    ]
                ),
                (
                    "/federations/{code}",
                    [
                        "patch": write(
                            "Change a federation's details; fields left out keep their values", [code],
                            body: ref("FederationInput"),
                            status: "200", json(ref("GroupDetail")))
                    ]
                ),
                (
                    "/federations/{code}/members",
                    [
                        "post": .object([
                            (
                                "summary",
                                """
                                Add a member practice for a period: recorded (201) by administrators, its \
                                consortium's officers and its own practice managers; otherwise the practice is \
                                invited (202) and joins when one of its practice managers accepts
                                """
                            ),
                            ("parameters", [code]),
                            (
                                "requestBody",
                                ["required": true, "content": ["application/json": ["schema": ref("MemberInput")]]]
                            ),
                            (
                                "responses",
                                .object(
                                    [
                                        ("201", json(obj([("id", int)]), "Recorded")),
                                        (
                                            "202",
                                            json(
                                                obj([
                                                    ("invitation", int),
                                                    ("status", ["type": "string", "enum": ["pending"]]),
                                                ]), "Invited")
                                        ),
                                    ] + writeErrors)
                            ),
                            ("security", [["session": []], ["bearer": []]]),
                        ])
                    ]
                ),
                (
                    "/federations/{code}/members/{id}",
                    [
                        "patch": write(
                            "Set (or with null clear) the date a member left", [code, memberID],
                            body: obj([("validTo", dayNull)]), status: "204",
                            ["description": "Changed"]),
                        "delete": write(
                            "Remove a membership recorded in error", [code, memberID], body: nil, status: "204",
                            ["description": "Removed"]),
                    ]
                ),
            ],
            schemas: [
                (
                    "Summary",
                    obj([
                        ("date", day), ("latestSnapshot", dayNull), ("practices", int), ("patients", int),
                        ("patientsSource", strNull), ("listSizes", ref("ListSizeStatus")),
                        ("groups", ["type": "object", "additionalProperties": int]),
                        ("regions", ["type": "array", "items": ref("GroupSummary")]),
                    ])
                ),
                (
                    "ListSizeStatus",
                    obj([
                        ("membershipsOn", day), ("newest", dayNull), ("oldest", dayNull), ("practices", int),
                        ("missing", int), ("stale", int), ("stalePatients", int),
                    ])
                ),
                ("PracticeSummary", practiceSummary),
                ("GroupSummary", groupSummary),
                (
                    "PracticeDetail",
                    obj([
                        ("date", day), ("code", str), ("name", str), ("openAtDate", ["type": "boolean"]),
                        ("address", strNull), ("postcode", strNull),
                        ("phone", strNull), ("latitude", num), ("longitude", num), ("easting", intNull),
                        ("northing", intNull), ("odsStatus", strNull),
                        ("odsOpenedOn", dayNull), ("knownFrom", day), ("closedOn", dayNull), ("listSize", intNull),
                        ("listSizeOn", dayNull),
                        ("weightedListSize", num), ("imdScore", num), ("imdDecile", intNull), ("rurality", strNull),
                        ("contractType", strNull),
                        ("dispensing", strNull), ("groups", ["type": "array", "items": ref("GroupSummary")]),
                        (
                            "memberships",
                            [
                                "type": "array",
                                "items": obj([
                                    ("group", str), ("groupName", str), ("kind", kind), ("from", day), ("to", dayNull),
                                ]),
                            ]
                        ),
                        (
                            "listSizes",
                            [
                                "type": "array",
                                "items": obj([("on", day), ("patients", int), ("weightedPatients", num)]),
                            ]
                        ),
                    ])
                ),
                (
                    "GroupDetail",
                    obj([
                        ("date", day), ("code", str), ("kind", kind), ("name", str), ("onsCode", strNull),
                        ("legalForm", strNull), ("description", strNull),
                        ("validFrom", day), ("validTo", dayNull), ("source", str),
                        ("ancestors", ["type": "array", "items": ref("GroupSummary")]),
                        ("children", ["type": "array", "items": ref("GroupSummary")]), ("practices", int),
                        ("patients", int), ("patientsSource", strNull), ("listSizes", ref("ListSizeStatus")),
                        ("members", ["type": "array", "items": ref("PracticeSummary")]),
                        (
                            "history",
                            [
                                "type": "array",
                                "items": obj([
                                    ("id", int), ("practice", str), ("practiceName", str), ("from", day),
                                    ("to", dayNull),
                                ]),
                            ]
                        ),
                        (
                            "lineage",
                            [
                                "type": "array",
                                "items": obj([
                                    ("on", day), ("direction", ["type": "string", "enum": ["from", "into"]]),
                                    ("group", str), ("name", str), ("practices", int), ("ofLeft", int),
                                ]),
                            ]
                        ),
                    ])
                ),
                (
                    "ImportEntry",
                    obj([
                        ("id", int), ("format", str), ("files", str), ("extractDate", strNull), ("importedAt", str),
                        ("actor", str),
                    ])
                ),
                (
                    "ChangeReport",
                    [
                        "type": "object",
                        "description":
                            """
                        What an import changed: opened, reopened, closed, moved, listSizeChanges, \
                        groupsCreated, groupsRenamed, groupsClosed, notes
                        """,
                    ]
                ),
                (
                    "FederationInput",
                    obj([
                        ("name", text(200)),
                        (
                            "legalForm",
                            [
                                "type": "string",
                                "enum": [
                                    "unincorporated", "company-limited-by-guarantee", "company-limited-by-shares",
                                    "community-interest-company", "llp", "lead-provider-partnership",
                                ],
                            ]
                        ),
                        ("description", ["type": "string", "maxLength": 2000]), ("validFrom", day),
                        ("validTo", dayNull),
                        (
                            "members",
                            [
                                "type": "array", "maxItems": 500,
                                "items": ["type": "string", "pattern": "^[A-Za-z][0-9]{5}$"],
                            ]
                        ),
                    ])
                ),
                (
                    "MemberInput",
                    obj(
                        [
                            ("practice", ["type": "string", "pattern": "^[A-Za-z][0-9]{5}$"]), ("validFrom", day),
                            ("validTo", dayNull),
                        ],
                        required: ["practice", "validFrom"])
                ),
            ])
    }()
}
