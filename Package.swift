// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    // The web kit's HTML builders and the registry read model are called from every capability
    // module; full cross-module optimisation lets release builds inline and specialise them
    // there as they were when all the web code was one module (see BENCHMARKS.md).
    .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release)),
]

let package = Package(
    name: "consort",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "consort", targets: ["consort"])
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        .executableTarget(
            name: "consort",
            dependencies: ["ConsortCLI"],
            swiftSettings: strict
        ),
        // libFuzzer targets for the engines that read what users paste or upload (see Fuzz/README.md).
        .executableTarget(name: "consort-fuzz", dependencies: ["FuzzTargets"], swiftSettings: strict),
        .target(
            name: "FuzzTargets",
            dependencies: ["ConsortCore", "Elections", "Importers", "Interop", "Planner", "Quality"],
            swiftSettings: strict),
        .target(
            name: "ConsortCLI",
            dependencies: [
                "ConsortApp", "ConsortWeb", "RegistryWeb", "PlanningWeb", "ConsortCore", "Importers", "Interop",
                "Assurance", "AssuranceWeb", "RiskSim",
                "Planner", "Charts", "Access", "Quality", "QualityWeb", "Elections", "ElectionsWeb", "PeopleWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ConsortApp",
            dependencies: [
                "ConsortWeb", "RegistryWeb", "AccountsWeb", "PeopleWeb", "AssuranceWeb", "FinanceWeb", "QualityWeb",
                "ElectionsWeb",
                "PlanningWeb", "AccessWeb", "GovernanceWeb",
                "ConsortCore", "Importers", "Assurance",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: strict
        ),
        // The shared web kit: HTML, layout and tables, forms, access rules, sessions and
        // accounts, the audit log, the store, the registry read model, the OpenAPI builder and
        // the Feature through which a capability joins the application.
        .target(
            name: "ConsortWeb",
            dependencies: [
                "ConsortCore", "Charts", "Interop",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        // One module per capability, on the kit and its engine(s).
        .target(
            name: "RegistryWeb", dependencies: ["ConsortWeb", "ConsortCore", "Importers", "Interop", "Charts"],
            swiftSettings: strict),
        .target(name: "AccountsWeb", dependencies: ["ConsortWeb", "ConsortCore"], swiftSettings: strict),
        // The people directory that governance, extended access and later capabilities build on.
        .target(name: "PeopleWeb", dependencies: ["ConsortWeb", "ConsortCore", "Interop"], swiftSettings: strict),
        .target(
            name: "AssuranceWeb", dependencies: ["ConsortWeb", "ConsortCore", "Assurance", "Charts"],
            swiftSettings: strict),
        .target(
            name: "FinanceWeb", dependencies: ["ConsortWeb", "ConsortCore", "RiskSim", "Charts"],
            swiftSettings: strict),
        .target(
            name: "QualityWeb", dependencies: ["ConsortWeb", "ConsortCore", "Quality", "Charts", "Interop"],
            swiftSettings: strict),
        .target(
            name: "ElectionsWeb",
            dependencies: [
                "ConsortWeb", "ConsortCore", "Elections", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        // The planner shows a plan's assurance findings as the assurance pages do: a declared edge.
        .target(
            name: "PlanningWeb",
            dependencies: ["ConsortWeb", "AssuranceWeb", "ConsortCore", "Planner", "Assurance", "Charts", "Interop"],
            swiftSettings: strict),
        .target(
            name: "AccessWeb", dependencies: ["ConsortWeb", "PeopleWeb", "ConsortCore", "Access", "Charts"],
            swiftSettings: strict),
        .target(
            name: "GovernanceWeb", dependencies: ["ConsortWeb", "PeopleWeb", "ConsortCore", "Governance"],
            swiftSettings: strict),
        .target(
            name: "ConsortCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(name: "Interop", dependencies: ["ConsortCore"], swiftSettings: strict),
        .target(name: "Assurance", dependencies: ["ConsortCore"], swiftSettings: strict),
        .target(name: "RiskSim", dependencies: ["ConsortCore"], swiftSettings: strict),
        .target(name: "Planner", dependencies: ["ConsortCore"], swiftSettings: strict),
        .target(name: "Quality", dependencies: ["ConsortCore", "Interop"], swiftSettings: strict),
        .target(name: "Elections", swiftSettings: strict),
        .target(name: "Access", dependencies: ["ConsortCore"], swiftSettings: strict),
        .target(name: "Governance", dependencies: ["ConsortCore"], swiftSettings: strict),
        .target(name: "Importers", dependencies: ["ConsortCore", "Interop"], swiftSettings: strict),
        .target(name: "Charts", dependencies: ["ConsortCore"], swiftSettings: strict),
        .target(
            name: "ConsortTestSupport",
            dependencies: [
                "ConsortApp", "ConsortWeb", "RegistryWeb", "ConsortCore", "Importers",
                .product(name: "VaporTesting", package: "vapor"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "ConsortCoreTests", dependencies: ["ConsortCore"], swiftSettings: strict),
        .testTarget(name: "InteropTests", dependencies: ["Interop"], swiftSettings: strict),
        .testTarget(
            name: "ImportersTests", dependencies: ["Importers", "ConsortCore", "Interop"], swiftSettings: strict),
        .testTarget(name: "ChartsTests", dependencies: ["Charts", "ConsortCore"], swiftSettings: strict),
        .testTarget(name: "QualityTests", dependencies: ["Quality", "ConsortCore"], swiftSettings: strict),
        .testTarget(name: "ElectionsTests", dependencies: ["Elections", "ConsortCore"], swiftSettings: strict),
        .testTarget(
            name: "AssuranceTests", dependencies: ["Assurance", "Importers", "ConsortCore", "Interop"],
            swiftSettings: strict),
        .testTarget(name: "RiskSimTests", dependencies: ["RiskSim", "ConsortCore"], swiftSettings: strict),
        .testTarget(name: "AccessTests", dependencies: ["Access", "ConsortCore"], swiftSettings: strict),
        .testTarget(name: "GovernanceTests", dependencies: ["Governance", "ConsortCore"], swiftSettings: strict),
        .testTarget(
            name: "PlannerTests", dependencies: ["Planner", "Assurance", "Importers", "ConsortCore"],
            swiftSettings: strict),
        // Each capability's tests: page models and views from mock models beside its HTTP scenarios.
        webTests("RegistryWebTests", "RegistryWeb", extra: ["Importers", "Charts"]),
        webTests("AccountsWebTests", "AccountsWeb"),
        webTests("AssuranceWebTests", "AssuranceWeb", extra: ["Assurance"]),
        webTests("FinanceWebTests", "FinanceWeb", extra: ["RiskSim"]),
        webTests("QualityWebTests", "QualityWeb", extra: ["Quality"]),
        webTests("ElectionsWebTests", "ElectionsWeb", extra: ["Elections"]),
        webTests("PlanningWebTests", "PlanningWeb", extra: ["Planner"]),
        webTests("AccessWebTests", "AccessWeb", extra: ["Access"]),
        webTests("GovernanceWebTests", "GovernanceWeb", extra: ["Governance"]),
        webTests("PeopleWebTests", "PeopleWeb", extra: ["AccessWeb", "GovernanceWeb", "Access"]),
        // What spans the capabilities: every route, the permission matrix, security, backup, upgrades.
        .testTarget(
            name: "ConsortAppTests",
            dependencies: [
                "ConsortApp", "ConsortWeb", "ConsortCore", "Importers", "ConsortTestSupport", "ElectionsWeb",
                .product(name: "VaporTesting", package: "vapor"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ConsortCLITests",
            dependencies: ["ConsortCLI", "ConsortApp", "ConsortWeb", "Interop", "ConsortTestSupport"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)

/// A capability's test target: its module, the kit and the composed application to drive over HTTP.
func webTests(_ name: String, _ module: String, extra: [Target.Dependency] = []) -> Target {
    .testTarget(
        name: name,
        dependencies: [
            .byName(name: module), "ConsortApp", "ConsortWeb", "ConsortCore", "Interop", "ConsortTestSupport",
            .product(name: "VaporTesting", package: "vapor"),
        ] + extra,
        swiftSettings: strict)
}
