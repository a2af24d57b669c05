import ConsortWeb

extension OpenAPI {
    /// The finance part of the OpenAPI document: its paths and schemas.
    static let finance: OpenAPIFragment = {
        return OpenAPIFragment(
            paths: [
                (
                    "/finance/allocation",
                    [
                        "get": get(
                            "A budget shared among an area's practices by capitation, summed by group",
                            [
                                date, area,
                                param(
                                    "by", "query",
                                    [
                                        "type": "string",
                                        "enum": ["region", "icb", "consortium", "locality", "network"],
                                    ], description: "Sum by groups of this kind (default consortium)"),
                                param(
                                    "basis", "query", ["type": "string", "enum": ["raw", "weighted", "need"]],
                                    description:
                                        """
                                        Registered list, Carr-Hill weighted list, or registered list times need by \
                                        IMD decile (default weighted)
                                        """
                                ),
                                param(
                                    "per_head", "query", ["type": "number", "minimum": 1, "maximum": 100_000],
                                    description: "Budget in £ per registered patient (default from the cost model)"),
                                param(
                                    "management", "query", ["type": "number", "minimum": 0, "maximum": 1_000],
                                    description: "Management allowance in £ per registered patient (default £25)"),
                            ], json(ref("Allocation")))
                    ]
                ),
                (
                    "/finance/risk",
                    [
                        "get": get(
                            "A year's spend against budget simulated for populations of given sizes",
                            [
                                param(
                                    "populations",
                                    description: "Up to 20 sizes from 100 to 100,000,000, separated by commas"), trials,
                                seed,
                                param(
                                    "show", "query", ["type": "integer", "minimum": 1, "maximum": 100_000_000],
                                    description: "The population whose spend distribution to return"),
                            ], json(ref("RiskBySize")))
                    ]
                ),
                (
                    "/finance/groups",
                    [
                        "get": get(
                            "The financial risk of each group of a kind in an area, as budget holders",
                            [
                                date, area,
                                param("by", "query", kind, description: "Groups of this kind (default consortium)"),
                                trials, seed,
                            ],
                            json(
                                obj([
                                    ("date", day), ("area", strNull), ("by", kind), ("trials", int), ("seed", int),
                                    (
                                        "groups",
                                        [
                                            "type": "array",
                                            "items": obj([
                                                ("code", str), ("name", str), ("weightedPatients", ["type": "number"]),
                                                ("summary", ref("RiskSummary")),
                                            ]),
                                        ]
                                    ),
                                ])))
                    ]
                ),
                (
                    "/finance/models",
                    [
                        "get": get(
                            "The four consortium models of the GPC guide compared on an area's practices",
                            [
                                date,
                                param(
                                    "area", description: "Code of the region, STP/ICB or CCG whose practices to use",
                                    required: true), trials, seed,
                                param(
                                    "contribution", "query", ["type": "number", "minimum": 0, "maximum": 100],
                                    description: "Each consortium's contribution to the risk pool, % of budget"),
                                param(
                                    "threshold", "query", ["type": "number", "minimum": 0, "maximum": 100],
                                    description: "Overspend, % of budget, beyond which the pool pays"),
                                param(
                                    "small", "query", ["type": "integer", "minimum": 10_000, "maximum": 5_000_000],
                                    description: "Patients per consortium in the small model"),
                                param(
                                    "locality", "query", ["type": "integer", "minimum": 5_000, "maximum": 5_000_000],
                                    description: "Patients per locality in the large model"),
                            ], json(ref("ModelComparison")))
                    ]
                ),
                (
                    "/finance/cost-model",
                    [
                        "get": get(
                            """
                            The cost model: classes of care, budget, management allowance, need weights, \
                            assumptions and sources
                            """,
                            [], json(ref("CostModel")))
                    ]
                ),
            ],
            schemas: [
                ("RiskSummary", riskSummary),
                (
                    "Allocation",
                    obj([
                        ("date", day), ("area", strNull), ("areaName", str), ("by", kind), ("basis", str),
                        ("perHead", ["type": "number"]), ("total", ["type": "number"]),
                        ("managementPerHead", ["type": "number"]), ("management", ["type": "number"]),
                        ("patients", int), ("withoutListSize", int), ("estimated", int),
                        ("shareAway10", ["type": "number"]),
                        (
                            "groups",
                            [
                                "type": "array",
                                "items": obj([
                                    ("code", strNull), ("name", str), ("practices", int), ("patients", int),
                                    ("weight", ["type": "number"]),
                                    ("budget", ["type": "number"]), ("rawBudget", ["type": "number"]),
                                    ("difference", ["type": "number"]), ("management", ["type": "number"]),
                                ]),
                            ]
                        ),
                        (
                            "practices",
                            [
                                "type": "array",
                                "items": obj([
                                    ("code", str), ("name", str), ("group", strNull), ("imdDecile", intNull),
                                    ("patients", int),
                                    ("weightedList", num), ("need", ["type": "number"]), ("weight", ["type": "number"]),
                                    ("budget", ["type": "number"]),
                                    ("rawBudget", ["type": "number"]), ("difference", ["type": "number"]),
                                    ("estimated", ["type": "boolean"]),
                                ]),
                            ]
                        ),
                    ])
                ),
                (
                    "RiskBySize",
                    obj([
                        ("model", str), ("meanPerHead", ["type": "number"]), ("cvPerHead", ["type": "number"]),
                        ("trials", int), ("seed", int), ("seconds", ["type": "number"]),
                        ("populations", ["type": "array", "items": ref("RiskSummary")]),
                        (
                            "distribution",
                            obj([
                                ("population", int), ("budget", ["type": "number"]),
                                ("bins", ["type": "array", "items": obj([("label", str), ("years", int)])]),
                            ])
                        ),
                    ])
                ),
                (
                    "ModelComparison",
                    obj([
                        ("date", day), ("area", str), ("name", str), ("practices", int), ("patients", int),
                        ("trials", int), ("seed", int),
                        (
                            "assumptions",
                            [
                                "type": "object",
                                "description":
                                    """
                                smallConsortium, locality, coreManagementCost, localityTierCost, \
                                leadFunctionShare, agencySaving, poolContribution, poolThreshold, sizesSource, \
                                source
                                """,
                            ]
                        ),
                        (
                            "models",
                            [
                                "type": "array",
                                "items": obj([
                                    ("kind", ["type": "string", "enum": ["small", "large", "federated", "agency"]]),
                                    ("title", str), ("consortia", int), ("localities", int),
                                    ("patients", int), ("probabilityAnyOver5", ["type": "number"]),
                                    ("expectedOver5", ["type": "number"]), ("reserve20", ["type": "number"]),
                                    ("reserve100", ["type": "number"]), ("managementAllowance", ["type": "number"]),
                                    ("managementTiers", ["type": "number"]),
                                    ("managementShare", ["type": "number"]), ("localityOffBy5", num),
                                    (
                                        "bodies",
                                        [
                                            "type": "array",
                                            "items": obj([
                                                ("name", str), ("practices", ["type": "array", "items": str]),
                                                ("consortia", ["type": "array", "items": str]),
                                                ("patients", int), ("budget", ["type": "number"]),
                                                ("probabilityOver5", ["type": "number"]),
                                                ("probabilityUnder5", ["type": "number"]),
                                            ]),
                                        ]
                                    ),
                                    ("notes", ["type": "array", "items": str]),
                                ]),
                            ]
                        ),
                    ])
                ),
                (
                    "CostModel",
                    [
                        "type": "object",
                        "description":
                            """
                        name, version, title, classes (id, label, rate, meanCost, cv, pooled, source), \
                        budgetPerHead, budgetSource, managementPerHead, managementSource, needWeights (by IMD \
                        decile), needSource, assumptions, sources (id and citation)
                        """,
                    ]
                ),
            ])
    }()
}
