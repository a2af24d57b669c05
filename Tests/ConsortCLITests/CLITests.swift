import ConsortApp
import ConsortTestSupport
import ConsortWeb
import Foundation
import Interop
import Testing

/// Runs the built `consort` executable, as a user would, and reads its output and exit status.
struct CLI {
    let environment: [String: String]

    static var executable: URL {
        let candidates =
            [".build/debug/consort", ".build/release/consort"].map { repositoryRoot.appendingPathComponent($0) }
            + ((try? FileManager.default.contentsOfDirectory(
                atPath: repositoryRoot.appendingPathComponent(".build").path)) ?? [])
            .map { repositoryRoot.appendingPathComponent(".build/\($0)/debug/consort") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = arguments
        // The test audit key, and a checkpoint file of this run's own unless the test names one,
        // so that no run writes a key or checkpoints into the working directory.
        let (checkpoints, removeCheckpoints) = temporaryCheckpointFile()
        defer { removeCheckpoints() }
        let defaults = ["CONSORT_AUDIT_KEY": testAuditKey.text, "CONSORT_AUDIT_CHECKPOINTS": checkpoints.path]
        process.environment = ProcessInfo.processInfo.environment.merging(defaults.merging(environment) { $1 }) { $1 }
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// A CLI on a fresh database of its own.
    static func fresh() async throws -> (CLI, cleanup: @Sendable () -> Void) {
        let (database, removeDatabase) = try await TestDatabase.make()
        let (checkpoints, removeCheckpoints) = temporaryCheckpointFile()
        let cleanup: @Sendable () -> Void = {
            removeDatabase()
            removeCheckpoints()
        }
        var env = [
            "CONSORT_BCRYPT_COST": "4", "CONSORT_LOG_LEVEL": "error", "CONSORT_AUDIT_KEY": testAuditKey.text,
            "CONSORT_AUDIT_CHECKPOINTS": checkpoints.path,
        ]
        switch database {
        case .sqlite(let path):
            env["CONSORT_SQLITE_PATH"] = path
            env["DATABASE_URL"] = ""
        case .postgres(let url): env["DATABASE_URL"] = url
        }
        return (CLI(environment: env), cleanup)
    }
}

@Suite("Command line", .serialized)
struct CLITests {
    @Test("import: a good file exits 0 with a change report; re-importing it changes nothing")
    func importGood() async throws {
        let (cli, cleanup) = try await CLI.fresh()
        defer { cleanup() }
        let first = try cli.run(["import", fixture("small").path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("23 practices read"))
        #expect(first.stdout.contains("Practices opened: 23"))
        #expect(first.stdout.contains("Recorded as import 1."))
        let again = try cli.run(["import", fixture("small").path])
        #expect(again.status == 0)
        #expect(again.stdout.contains("No changes"))
        let json = try cli.run([
            "import", "--json", "--dry-run",
            repositoryRoot.appendingPathComponent("data/formats/gp-reg-pat-prac-all.csv").path,
        ])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout.contains("\"listSizesRecorded\""))
    }

    @Test("import: malformed input exits 2 naming file, line and column, and writes nothing")
    func importBad() async throws {
        let (cli, cleanup) = try await CLI.fresh()
        defer { cleanup() }
        try cli.run(["import", fixture("small").path])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("consort-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("gp-reg-pat-prac-all.csv")
        try """
        PUBLICATION,EXTRACT_DATE,TYPE,CCG_CODE,ONS_CCG_CODE,CODE,POSTCODE,SEX,AGE,NUMBER_OF_PATIENTS
        GP_PRAC_PAT_LIST,01APR2022,GP,02Q,E38000008,C84001,S81 0HH,ALL,ALL,31500
        GP_PRAC_PAT_LIST,01APR2022,GP,02Q,E38000008,C84008,NG22 0HT,ALL,ALL,lots

        """.write(to: file, atomically: true, encoding: .utf8)
        let bad = try cli.run(["import", "--partial", file.path])
        #expect(bad.status == 2)
        #expect(
            bad.stderr.contains(
                "gp-reg-pat-prac-all.csv, line 3, column NUMBER_OF_PATIENTS: 'lots' is not a whole number"))
        #expect(bad.stderr.contains("the database has not been changed"))
        let unknown = try cli.run([
            "import", "--partial", "--format", "totals",
            file.path.replacingOccurrences(of: "all.csv", with: "none.csv"),
        ])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no such file"))
        let date = try cli.run(["import", "--date", "April", fixture("small").path])
        #expect(date.status == 2)
        let audit = try cli.run(["audit", "verify"])
        #expect(audit.stdout.contains("Audit log intact: 1 entries,"))
    }

    @Test("user create, list, password and token; bad roles exit 2")
    func users() async throws {
        let (cli, cleanup) = try await CLI.fresh()
        defer { cleanup() }
        try cli.run(["import", fixture("small").path])
        let created = try cli.run([
            "user", "create", "--username", "alice", "--name", "Alice Example", "--role", "administrator",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("Password (shown once): "))
        let scoped = try cli.run(
            ["user", "create", "--username", "bob", "--role", "consortium-officer:01f", "--password-stdin"],
            stdin: "a long enough passphrase\n")
        #expect(scoped.status == 0, "\(scoped.stderr)")
        #expect(!scoped.stdout.contains("Password (shown once)"))
        let list = try cli.run(["user", "list"])
        #expect(list.stdout.contains("alice\tAlice Example\tadministrator"))
        #expect(list.stdout.contains("bob\tbob\tconsortium-officer:01F"))
        let badRole = try cli.run(["user", "create", "--username", "carol", "--role", "overlord"])
        #expect(badRole.status == 2)
        #expect(badRole.stderr.contains("'overlord' is not a role"))
        let badScope = try cli.run(["user", "create", "--username", "carol", "--role", "practice-manager:Z99999"])
        #expect(badScope.status == 2)
        #expect(badScope.stderr.contains("'Z99999' is not a practice"))
        let noScope = try cli.run(["user", "create", "--username", "carol", "--role", "practice-manager"])
        #expect(noScope.status == 2)
        let weak = try cli.run(["user", "password", "alice", "--password-stdin"], stdin: "short\n")
        #expect(weak.status == 2)
        #expect(weak.stderr.contains("at least 12 characters"))
        #expect(try cli.run(["user", "password", "alice"]).status == 0)
        let token = try cli.run(["user", "token", "alice", "--label", "reporting"])
        #expect(token.status == 0)
        #expect(token.stdout.trimmingCharacters(in: .whitespacesAndNewlines).count == 43)
    }

    @Test("audit verify exits 0 on an intact log and 1 naming the first broken entry")
    func auditVerify() async throws {
        let (cli, cleanup) = try await CLI.fresh()
        defer { cleanup() }
        try cli.run(["import", fixture("small").path])
        try cli.run(["user", "create", "--username", "alice", "--role", "administrator"])
        try cli.run(["user", "create", "--username", "bob", "--role", "administrator"])
        let ok = try cli.run(["audit", "verify"])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("Audit log intact: 3 entries,"))
        let head = try #require(
            ok.stdout.split(separator: "\n").first { $0.hasPrefix("Head:") }?.split(separator: " ").last.map(
                String.init))
        #expect(ok.stdout.contains("Checkpoints: 3 in"), "\(ok.stdout)")
        #expect(try cli.run(["audit", "verify", "--expect-head", head]).status == 0)
        #expect(try cli.run(["audit", "verify", "--expect-head", "0123456789ab"]).status == 1)

        try await tamper(cli, "UPDATE audit_entries SET actor = 'cli:someone-else' WHERE seq = 2")
        let broken = try cli.run(["audit", "verify"])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("BROKEN at entry 2"))
    }

    @Test("Bad settings are reported before anything starts")
    func badConfig() async throws {
        let cli = CLI(environment: ["DATABASE_URL": "mysql://nope", "CONSORT_LOG_LEVEL": "error"])
        let out = try cli.run(["user", "list"])
        #expect(out.status == 2)
        #expect(out.stderr.contains("DATABASE_URL must start with postgres://"))
        let cost = CLI(environment: ["CONSORT_BCRYPT_COST": "99", "DATABASE_URL": ""])
        #expect(try cost.run(["user", "list"]).stderr.contains("CONSORT_BCRYPT_COST=99"))
        let unreachable = try CLI(environment: [
            "DATABASE_URL": "postgres://consort:hunter2secret@127.0.0.1:1/consort", "CONSORT_LOG_LEVEL": "critical",
        ])
        .run(["user", "list"])
        #expect(unreachable.status == 1)
        #expect(
            unreachable.stderr.contains(
                "cannot use the PostgreSQL database postgres://consort:REDACTED@127.0.0.1:1/consort"))
        #expect(!unreachable.stderr.contains("hunter2secret"))
        let folder = try CLI(environment: [
            "CONSORT_SQLITE_PATH": "/nonexistent-folder/consort.sqlite", "DATABASE_URL": "",
            "CONSORT_LOG_LEVEL": "critical",
        ])
        .run(["user", "list"])
        #expect(folder.status == 1)
        #expect(folder.stderr.contains("cannot open the SQLite database /nonexistent-folder/consort.sqlite"))
        let help = try CLI(environment: [:]).run(["--help"])
        #expect(help.stdout.contains("import"))
        #expect(help.stdout.contains("serve"))
    }

    /// Changes the CLI's database directly, as an attacker with database access could.
    func tamper(_ cli: CLI, _ sql: String) async throws {
        let database: AppConfig.Database =
            cli.environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : AppConfig.Database.postgres(url: $0) }
            ?? .sqlite(path: cli.environment["CONSORT_SQLITE_PATH"]!)
        try await withTestApp(database: database) { app in
            try await app.sql.raw("\(unsafeRaw: sql)").run()
        }
    }
}
