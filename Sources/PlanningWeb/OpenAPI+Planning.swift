import ConsortWeb

extension OpenAPI {
    /// The planning part of the OpenAPI document: its paths and schemas.
    static let planning: OpenAPIFragment = {
        return OpenAPIFragment(
            paths: [
                (
                    "/plans",
                    [
                        "get": get(
                            """
                            Saved plans, newest first (administrators, consortium officers, LMC officers, \
                            federation managers)
                            """,
                            [
                                param(
                                    "page", "query", ["type": "integer", "minimum": 1, "maximum": 100_000],
                                    description: "Page of 50")
                            ],
                            json(
                                obj([
                                    ("plans", ["type": "array", "items": ref("PlanSummary")]), ("total", int),
                                    ("page", int), ("pageSize", int),
                                ])), secured: true)
                    ]
                ),
                (
                    "/plans/{id}",
                    [
                        "get": get(
                            """
                            One plan: its request, status and progress, and when finished its groups, issues, \
                            moved practices and assignment
                            """,
                            [
                                idParam("The plan's number")
                            ], json(ref("Plan")), secured: true)
                    ]
                ),
            ],
            schemas: [
                (
                    "PlanSummary",
                    [
                        "type": "object",
                        "description":
                            """
                        id, name, status (queued, running, done, failed), progress (0–1), request (policy, \
                        level, within, areas, fromCurrent, weights, seed, date), error, createdBy, createdAt, \
                        adoptedOn, metrics and current (groups, groupsWithinBand, practicesInNoGroup, \
                        compactnessKm, balance, unbalancedGroups, movedPractices, movedPatients) when finished
                        """,
                    ]
                ),
                (
                    "Plan",
                    [
                        "type": "object",
                        "description":
                            """
                        plan (a PlanSummary); when finished: groups (code, name, area, practices, patients, \
                        withinBand, spreadKm, imdMean, locked), issues (kind, area, practices, message), moves \
                        (practice, name, patients, from, to) and assignment (practice code → group code)
                        """,
                    ]
                ),
            ])
    }()
}
