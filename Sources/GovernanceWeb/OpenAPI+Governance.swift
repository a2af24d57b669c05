import ConsortWeb

extension OpenAPI {
    /// The governance part of the OpenAPI document: its paths and schemas.
    static let governance: OpenAPIFragment = {
        return OpenAPIFragment(
            paths: [
                (
                    "/groups/{code}/governance/interests",
                    [
                        "get": get(
                            """
                            A consortium's, locality's or federation's register of interests as JSON: the same \
                            tables as its page and CSV (the public register; officers also get their fuller \
                            tables)
                            """,
                            [
                                code,
                                param(
                                    "date", "query", ["type": "string", "format": "date"],
                                    description: "The register on this day (YYYY-MM-DD); default today"),
                            ], json(ref("Tables")))
                    ]
                ),
                (
                    "/groups/{code}/governance/gifts",
                    [
                        "get": get(
                            """
                            The register of gifts and hospitality as JSON (declared entries; officers see every \
                            entry)
                            """,
                            [code], json(ref("Tables")))
                    ]
                ),
                (
                    "/groups/{code}/governance/procurement",
                    ["get": get("The register of procurement decisions as JSON", [code], json(ref("Tables")))]
                ),
                (
                    "/groups/{code}/governance/breaches",
                    [
                        "get": get(
                            "The anonymised log of breaches of the conflicts of interest policy as JSON", [code],
                            json(ref("Tables")))
                    ]
                ),
            ],
            schemas: [

            ])
    }()
}
