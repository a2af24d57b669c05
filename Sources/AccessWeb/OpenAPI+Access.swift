import ConsortWeb

extension OpenAPI {
    /// The access part of the OpenAPI document: its paths and schemas.
    static let access: OpenAPIFragment = {
        return OpenAPIFragment(
            paths: [
                (
                    "/hubs",
                    [
                        "post": write(
                            """
                            Open an extended-access hub for a federation or network (administrators, its \
                            federation managers)
                            """,
                            [],
                            body: obj(
                                [
                                    ("group", text(12)), ("name", text(120)),
                                    ("address", ["type": "string", "maxLength": 300, "nullable": true]),
                                ],
                                required: ["group", "name"]), status: "201",
                            json(obj([("id", int)]), "Created"))
                    ]
                ),
                (
                    "/hubs/{id}/sessions",
                    [
                        "post": write(
                            "Add a session to a hub, cut into appointment slots", [idParam("The hub")],
                            body: obj(
                                [
                                    ("day", day), ("start", clock), ("end", clock), ("room", text(60)),
                                    ("role", ["type": "string", "enum": ["gp", "nurse", "other"]]),
                                    ("appointmentMinutes", ["type": "integer", "minimum": 5, "maximum": 120]),
                                    ("clinician", ["type": "string", "maxLength": 120, "nullable": true]),
                                ],
                                required: ["day", "start", "end", "room", "role"]),
                            status: "201", json(obj([("slots", ["type": "array", "items": int])]), "Created"))
                    ]
                ),
                (
                    "/hubs/{id}/slots",
                    [
                        "get": get(
                            "A hub's appointment slots, and whether each is booked (never by whom)",
                            [
                                idParam("The hub"),
                                param(
                                    "day", "query", ["type": "string", "format": "date"],
                                    description: "Only this day (YYYY-MM-DD)"),
                            ],
                            json(
                                obj([
                                    ("hub", int), ("name", str), ("group", str), ("day", dayNull),
                                    (
                                        "slots",
                                        [
                                            "type": "array",
                                            "items": obj([
                                                ("id", int), ("day", day), ("start", str), ("minutes", int),
                                                ("room", str), ("role", str), ("clinician", strNull),
                                                ("booked", ["type": "boolean"]),
                                            ]),
                                        ]
                                    ),
                                ])), secured: true)
                    ]
                ),
                (
                    "/hub-slots/{id}/bookings",
                    [
                        "post": write(
                            """
                            Book a member practice's patient into a slot (the practice's staff, the hub's \
                            managers); 409 when the slot is taken
                            """,
                            [idParam("The slot")],
                            body: obj(
                                [
                                    (
                                        "nhsNumber",
                                        [
                                            "type": "string", "pattern": "^[0-9]{3} ?[0-9]{3} ?[0-9]{4}$",
                                            "description": "Ten digits with a valid check digit",
                                        ]
                                    ),
                                    ("name", text(100)), ("contact", text(100)),
                                    ("practice", ["type": "string", "pattern": "^[A-Za-z][0-9]{5}$"]),
                                ],
                                required: ["nhsNumber", "name", "contact", "practice"]),
                            status: "201", json(obj([("id", int)]), "Created"))
                    ]
                ),
                (
                    "/hub-bookings/{id}",
                    [
                        "patch": write(
                            "Cancel a booking, or record that the patient attended or did not",
                            [idParam("The booking")],
                            body: obj(
                                [("status", ["type": "string", "enum": ["cancelled", "attended", "did-not-attend"]])],
                                required: ["status"]),
                            status: "200", json(obj([("id", int), ("status", str)])))
                    ]
                ),
            ],
            schemas: [

            ])
    }()
}
