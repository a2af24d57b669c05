import ConsortWeb

extension OpenAPI {
    /// The people part of the OpenAPI document.
    static let people: OpenAPIFragment = {
        let person = obj([
            ("id", int), ("name", str), ("gmcNumber", strNull), ("nmcPin", strNull), ("email", strNull),
            ("phone", strNull), ("monthlyLimit", ["type": "integer", "nullable": true]),
            ("isDemo", ["type": "boolean"]),
            (
                "roles",
                [
                    "type": "array",
                    "items": obj([
                        ("organisation", str), ("role", str), ("title", strNull), ("from", str), ("to", strNull),
                    ]),
                ]
            ),
            (
                "credentials",
                [
                    "type": "array",
                    "items": obj([
                        ("kind", str), ("label", str), ("reference", strNull), ("issuedOn", str),
                        ("expiresOn", strNull),
                        ("standing", ["type": "string", "enum": ["valid", "expiring", "expired"]]),
                    ]),
                ]
            ),
        ])
        return OpenAPIFragment(
            paths: [
                (
                    "/people",
                    [
                        "get": get(
                            "The people of the organisations the caller keeps (everyone, for administrators), with "
                                + "their roles and credentials",
                            [param("name", description: "Only people whose name contains this"), page, perPage],
                            json(page(of: "Person")), secured: true)
                    ]
                ),
                (
                    "/people/{id}",
                    [
                        "get": get(
                            "One person, for an officer of an organisation they are linked to",
                            [idParam("The person's number")], json(ref("Person")), secured: true)
                    ]
                ),
                (
                    "/me/person",
                    [
                        "get": get(
                            "The signed-in person's own record (accounts linked to the people directory)", [],
                            json(ref("Person")), secured: true)
                    ]
                ),
            ],
            schemas: [("Person", person)])
    }()
}
