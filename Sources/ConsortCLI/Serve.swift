import ArgumentParser
import ConsortApp
import ConsortWeb
import Foundation
import PlanningWeb
import RegistryWeb

/// `consort serve`: the web application and API. On first start it creates the database and
/// loads the shipped dataset in one transaction; later starts reuse it.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the web application and the JSON API (the default command).")

    @Option(help: "The address to listen on.")
    var hostname = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    @Flag(help: "Create one demo account per role (named demo-…) with new passwords, printed at start.")
    var demo = false

    @Flag(help: "Do not load the shipped dataset into an empty registry.")
    var noData = false

    func run() async throws {
        let config = try loadConfig()
        try await withConsort(config, serve: (hostname, port)) { consort in
            switch config.database {
            case .sqlite(let path): say("Database: SQLite file \(path)")
            case .postgres: say("Database: PostgreSQL (DATABASE_URL)")
            }
            if !noData {
                _ = try await consort.loadDataIfEmpty { say($0) }
            }
            if demo {
                let accounts = try await consort.ensureDemoAccounts()
                say("Demo accounts (generated for trying Consort; passwords are new at every start):")
                for account in accounts {
                    let scope = account.scope.map { " for \($0)" } ?? ""
                    say(
                        "  \(account.username.padding(toLength: 26, withPad: " ", startingAt: 0)) \(account.password)  "
                            + " \(account.role.label)\(scope)"
                    )
                }
            }
            say("Consort is running at http://\(hostname):\(port)/ (press Ctrl-C to stop)")
            try await consort.serve()
        }
    }
}

/// `consort migrate`: create or upgrade the schema and stop. With several application
/// instances on one PostgreSQL database, run this once before starting them.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create or upgrade the database schema and load the dataset into an empty registry.")

    @Flag(help: "Do not load the shipped dataset into an empty registry.")
    var noData = false

    func run() async throws {
        let config = try loadConfig()
        try await withConsort(config) { consort in
            if !noData { _ = try await consort.loadDataIfEmpty { say($0) } }
            say("The database schema is up to date.")
        }
    }
}
