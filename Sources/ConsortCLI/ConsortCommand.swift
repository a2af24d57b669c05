import ArgumentParser
import ConsortApp
import ConsortCore
import ConsortWeb
import Foundation
import Importers
import PlanningWeb
import RegistryWeb

/// `consort`: the registry of English general practice, its server and its tools.
public struct ConsortCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "consort",
        abstract:
            "The registry of English GP practices and their groups: networks, consortia, ICBs, regions and "
            + "federations.",
        discussion: """
            Settings come from the environment: DATABASE_URL (postgres://…) selects PostgreSQL; otherwise \
            CONSORT_SQLITE_PATH (default consort.sqlite). See the README for the others.
            """,
        subcommands: [
            Serve.self, Import.self, Check.self, PlanCommand.self, Simulate.self, User.self, Audit.self,
            BackupCommand.self,
            RestoreCommand.self, Migrate.self, Bench.self, QualityCommand.self, ElectionCommand.self, Districts.self,
        ],
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
func withConsort<T>(
    _ config: AppConfig, serve: (hostname: String, port: Int)? = nil, anchorAudit: Bool = false,
    _ body: (Consort) async throws -> T
) async throws -> T {
    Consort.bootstrapLoggingOnce(level: config.logLevel)
    let consort: Consort
    do {
        consort = try await Consort.open(config: config, serve: serve, anchorAudit: anchorAudit)
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
        lock.lock()
        defer { lock.unlock() }
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

/// The practices and groups at a date: from a dataset directory (`--data`, which holds one
/// date) or from the database. Bad input is reported for `consort <command>` and exits 2.
func loadConfiguration(_ command: String, data: String?, date: String?, config: AppConfig) async throws -> Configuration
{
    let day = try parseDate(command, date)
    guard let data else { return try await withConsort(config) { try await $0.configuration(at: day ?? Day.today()) } }
    let url = URL(fileURLWithPath: data)
    // A date recorded in the directory must agree with --date; without one, --date is its date.
    // (A malformed EXTRACT_DATE is reported, with every other problem, by the read below.)
    if let day,
        case .success(let recorded?) = Result(catching: { () throws(ImportFailure) -> Day? in
            try ConsortLayoutReader.recordedDate(in: url)
        }), recorded != day
    {
        warn(
            "consort \(command): --data describes \(recorded.iso) (its EXTRACT_DATE), not \(day.iso); a dataset "
                + "directory holds one date"
        )
        throw Exit.badInput
    }
    let snapshot = try readSnapshot(url, format: .consort, date: day, refused: "Dataset", unchanged: nil)
    return snapshot.configuration(date: day ?? snapshot.date ?? Day.today())
}

/// Warns, on standard error, when the list sizes a command's figures use are missing or older
/// than the memberships: how many practices and patients, and how old.
func warnAboutSizes(_ command: String, _ configuration: Configuration) {
    let status = configuration.sizeStatus()
    for warning in status.warnings { warn("consort \(command): WARNING: \(warning)") }
}

/// The `--date` option as a day, or exit 2 saying how to write one.
func parseDate(_ command: String, _ date: String?) throws -> Day? {
    guard let date else { return nil }
    guard let day = Day(iso: date) else {
        warn("consort \(command): --date \(date) is not a date; use YYYY-MM-DD")
        throw Exit.badInput
    }
    return day
}

/// Reads a file or dataset directory, or prints every problem (file, line, column) under a
/// heading naming what was refused, and exits 2.
func readSnapshot(
    _ url: URL, format: SourceFormat?, date: Day?, refused: String = "Import",
    unchanged: String? = "the database has not been changed"
) throws -> Snapshot {
    switch Result(catching: { () throws(ImportFailure) -> Snapshot in
        try SnapshotReader.read(url, format: format, date: date)
    }) {
    case .success(let value): return value
    case .failure(let failure):
        warn(failure.report(refused: refused, unchanged: unchanged))
        throw Exit.badInput
    }
}

/// The `--policy` option's help: the shipped policies' names.
let policyHelp = ArgumentHelp(
    stringLiteral:
        "A policy name (\(PolicyLibrary(directory: PolicyLibrary.locate()).names.joined(separator: ", "))) or the path "
        + "of a policy .toml file."
)

/// A policy by name or file, or exit 2 naming the file and line at fault.
func loadPolicy(_ command: String, _ name: String, config: AppConfig) throws -> Policy {
    do { return try PolicyLibrary(directory: config.policyDirectory).load(name) } catch {
        warn("consort \(command): policy \(error)")
        throw Exit.badInput
    }
}
