import ConsortWeb

extension OpenAPI {
    /// The accounts part of the OpenAPI document: its paths and schemas.
    static let accounts: OpenAPIFragment = {
        return OpenAPIFragment(
            paths: [
                (
                    "/audit",
                    [
                        "get": get(
                            "The audit log, newest first (administrators and consortium officers)",
                            [
                                param(
                                    "entity",
                                    description:
                                        "Only entries about this kind of record (group, membership, user, import)"),
                                param("id", description: "With entity: only entries about this record"), page, perPage,
                            ], json(page(of: "AuditEntry")), secured: true)
                    ]
                ),
                (
                    "/me",
                    [
                        "get": get(
                            "The signed-in account, with the CSRF token for writes with a session cookie", [],
                            json(ref("Me")), secured: true)
                    ]
                ),
            ],
            schemas: [
                (
                    "AuditEntry",
                    obj([
                        ("seq", int), ("recordedAt", str), ("actor", str), ("action", str), ("entity", str),
                        ("entityId", str),
                        ("before", strNull), ("after", strNull), ("hash", str),
                    ])
                ),
                (
                    "Me",
                    obj([
                        ("username", str), ("displayName", str), ("isDemo", ["type": "boolean"]),
                        ("roles", ["type": "array", "items": obj([("role", str), ("scope", strNull)])]),
                        ("csrfToken", strNull),
                    ])
                ),
            ])
    }()
}
