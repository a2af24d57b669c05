import ArgumentParser
import ConsortApp
import Foundation

/// `consort`: the registry of English general practice, its server and its tools.
public struct ConsortCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "consort",
        abstract: "The registry of English GP practices and their groups: networks, consortia, ICBs, regions and federations.",
        discussion: """
            Settings come from the environment: DATABASE_URL (postgres://…) selects PostgreSQL; otherwise \
            CONSORT_SQLITE_PATH (default consort.sqlite). See the README for the others.
            """,
        subcommands: [Serve.self, Import.self, Check.self, Simulate.self, User.self, Audit.self, Migrate.self],
        defaultSubcommand: Serve.self
    )

    public init() {}
}

/// Exit statuses: 0 success, 1 failure, 2 bad input (a file or argument that cannot be used).
enum Exit {
    static let failure = ExitCode(1)
    static let badInput = ExitCode(2)
}

/// Writes to standard error.
func warn(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Reads the configuration, reporting a bad setting as bad input.
func loadConfig() throws -> AppConfig {
    do {
        return try AppConfig.fromEnvironment()
    } catch {
        warn("consort: \(error)")
        throw Exit.badInput
    }
}

/// Opens Consort, runs `body`, and shuts down whatever happens.
func withConsort<T>(_ config: AppConfig, serve: (hostname: String, port: Int)? = nil, _ body: (Consort) async throws -> T) async throws -> T {
    Consort.bootstrapLoggingOnce(level: config.logLevel)
    let consort: Consort
    do {
        consort = try await Consort.open(config: config, serve: serve)
    } catch let failure as Consort.OpenFailure {
        warn("consort: \(failure)")
        throw Exit.failure
    }
    do {
        let result = try await body(consort)
        try await consort.shutdown()
        return result
    } catch {
        try? await consort.shutdown()
        throw error
    }
}

extension Consort {
    private static let bootstrapped = LockedFlag()

    static func bootstrapLoggingOnce(level: String) {
        if bootstrapped.set() { bootstrapLogging(level: level) }
    }
}

/// A flag that is set once across threads.
final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    /// Sets the flag; true the first time.
    func set() -> Bool {
        lock.lock(); defer { lock.unlock() }
        if value { return false }
        value = true
        return true
    }
}

/// Writes a line to standard output at once (unbuffered), so that progress reaches a log or
/// pipe as it happens.
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
