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

@Suite("consort check", .serialized)
struct CheckCLITests {
    @Test("On a dataset directory: exit 1 with blocking findings, 0 without; text, JSON and CSV")
    func dataDirectory() throws {
        let cli = CLI(environment: ["CONSORT_LOG_LEVEL": "error"])
        let england = try cli.run([
            "check", "--policy", "pcn-2019", "--data", repositoryRoot.appendingPathComponent("data").path,
        ])
        #expect(england.status == 1)
        #expect(
            england.stdout.contains(
                "Level network (network, federation): 1,254 groups with 6,459 practices; 123 blocking"))
        #expect(england.stdout.contains("Result: 123 blocking findings"))
        let small = try cli.run(["check", "--policy", "gp-consortia-2010", "--data", fixture("small").path])
        #expect(small.status == 0, "\(small.stdout)")
        #expect(small.stdout.contains("no blocking findings"))
        let json = try cli.run(["check", "--policy", "pcn-2019", "--data", fixture("small").path, "--format", "json"])
        #expect(json.status == 0)
        struct Report: Decodable {
            let policy: String
            let findings: [F]
            struct F: Decodable { let rule: String }
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(json.stdout.utf8))
        #expect(report.policy == "pcn-2019")
        #expect(report.findings.count == 3)
        let csv = try cli.run(["check", "--policy", "pcn-2019", "--data", fixture("small").path, "--format", "csv"])
        #expect(csv.stdout.hasPrefix("severity,rule,level,subject_code"))
    }

    @Test("Bad input exits 2: an unknown policy, an inconsistent policy file, a bad date, a missing dataset")
    func badInput() throws {
        let cli = CLI(environment: ["CONSORT_LOG_LEVEL": "error"])
        let unknown = try cli.run(["check", "--policy", "nhs-2099", "--data", fixture("small").path])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("there is no policy called 'nhs-2099'"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "consort-bad-policy-\(UUID().uuidString).toml")
        try """
        name = "bad"
        version = "1"
        [sources]
        x = "X: y"
        [network.size]
        min = 50_000
        max = 30_000
        source = "x"
        """.write(to: file, atomically: true, encoding: .utf8)
        let inconsistent = try cli.run(["check", "--policy", file.path, "--data", fixture("small").path])
        #expect(inconsistent.status == 2)
        #expect(inconsistent.stderr.contains("\(file.lastPathComponent), line 7: min (50000) is above max (30000)"))
        #expect(
            try cli.run(["check", "--policy", "pcn-2019", "--date", "soon", "--data", fixture("small").path]).status
                == 2)
        #expect(try cli.run(["check", "--policy", "pcn-2019", "--data", "/nonexistent-dataset"]).status == 2)
        let wrongDate = try cli.run([
            "check", "--policy", "pcn-2019", "--date", "2023-01-01", "--data", fixture("small").path,
        ])
        #expect(wrongDate.status == 2)
        #expect(wrongDate.stderr.contains("describes 2022-01-01"))
    }

    @Test("On the database: the same report as on the dataset it was loaded from")
    func database() async throws {
        let (cli, cleanup) = try await CLI.fresh()
        defer { cleanup() }
        try cli.run(["import", fixture("small").path])
        let fromDatabase = try cli.run(["check", "--policy", "pcn-2019", "--date", "2022-01-01", "--format", "csv"])
        let fromData = try cli.run([
            "check", "--policy", "pcn-2019", "--data", fixture("small").path, "--format", "csv",
        ])
        #expect(fromDatabase.status == 0)
        #expect(fromDatabase.stdout == fromData.stdout)
    }
}

@Suite("consort simulate", .serialized)
struct SimulateCLITests {
    let cli = CLI(environment: ["CONSORT_LOG_LEVEL": "error"])

    @Test(
        """
        --population prints a row per size; the same seed gives the same JSON; risk falls with size; --svg writes an \
        accessible chart
        """
    )
    func populations() throws {
        let text = try cli.run(["simulate", "--population", "5000,100000,1000000", "--trials", "2000", "--seed", "7"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("2,000 simulated years, seed 7"))
        for size in ["5,000", "100,000", "1,000,000"] { #expect(text.stdout.contains("\n\(size) "), "\(size)") }
        let args = ["simulate", "--population", "5000,100000,1000000", "--trials", "2000", "--seed", "7", "--json"]
        let a = try cli.run(args)
        let b = try cli.run(args)
        #expect(a.stdout == b.stdout)
        struct S: Decodable {
            let patients: Int
            let mean: Double
            let sd: Double
            let overspend: [String: Double]
        }
        let summaries = try JSONDecoder().decode([S].self, from: Data(a.stdout.utf8))
        #expect(summaries.map(\.patients) == [5_000, 100_000, 1_000_000])
        let relative = summaries.map { $0.sd / $0.mean }
        #expect(relative[0] > 3 * relative[1] && relative[1] > 3 * relative[2])
        #expect(summaries[0].overspend["5%"]! > summaries[2].overspend["5%"]!)
        let other = try cli.run(["simulate", "--population", "5000", "--trials", "2000", "--seed", "8", "--json"])
        #expect(try JSONDecoder().decode([S].self, from: Data(other.stdout.utf8))[0].mean != summaries[0].mean)
        let svg = FileManager.default.temporaryDirectory.appendingPathComponent("consort-risk-\(UUID().uuidString).svg")
        defer { try? FileManager.default.removeItem(at: svg) }
        #expect(
            try cli.run(["simulate", "--population", "5000,100000", "--trials", "1000", "--svg", svg.path]).status == 0)
        let chart = try String(contentsOf: svg, encoding: .utf8)
        #expect(chart.contains("role=\"img\""))
        #expect(chart.contains("Chance of overspending, by population"))
    }

    @Test("--models --area compares the four models on the dataset's practices; --all-ccgs simulates every CCG")
    func models() throws {
        let small = fixture("small").path
        let json = try cli.run([
            "simulate", "--models", "--area", "y63", "--trials", "1000", "--data", small, "--json",
            "--pool-contribution", "2",
        ])
        #expect(json.status == 0, "\(json.stderr)")
        struct Out: Decodable {
            let area: String
            let patients: Int
            let assumptions: A
            let models: [M]
            struct A: Decodable { let poolContribution: Double }
            struct M: Decodable {
                let kind: String
                let probabilityAnyOver5: Double
            }
        }
        let out = try JSONDecoder().decode(Out.self, from: Data(json.stdout.utf8))
        #expect(out.area == "Y63" && out.patients == 121_699)
        #expect(out.assumptions.poolContribution == 0.02)
        #expect(out.models.map(\.kind) == ["small", "large", "federated", "agency"])
        let text = try cli.run(["simulate", "--models", "--area", "QYG", "--trials", "1000", "--data", small])
        #expect(text.stdout.contains("Cheshire and Merseyside (QYG): 14 practices, 135,183 patients"))
        #expect(text.stdout.contains("Consortia with a service agency and risk pool"))
        let all = try cli.run(["simulate", "--all-ccgs", "--trials", "1000", "--data", small])
        #expect(all.status == 0)
        #expect(all.stdout.contains("2 CCGs, 256,882 patients, 1,000 simulated years each"))
    }

    @Test("Bad input exits 2 naming what is wrong (64 for a wrong combination of options, as for any usage error)")
    func badInput() throws {
        let small = fixture("small").path
        let cases: [([String], Int32, String)] = [
            (["simulate"], 64, "choose one of --population, --models or --all-ccgs"),
            (["simulate", "--population", "ten"], 2, "'ten' is not a population"),
            (["simulate", "--population", "1000", "--trials", "5"], 64, "--trials must be from 100"),
            (["simulate", "--models"], 64, "--models needs --area"),
            (["simulate", "--models", "--area", "NOPE", "--data", small], 2, "--area NOPE is not a group"),
            (
                ["simulate", "--models", "--area", "Y63", "--data", small, "--pool-threshold", "120"], 64,
                "--pool-threshold is a percentage"
            ),
            (["simulate", "--all-ccgs", "--data", small, "--date", "2023-01-01"], 2, "describes 2022-01-01"),
            (["simulate", "--population", "1000", "--cost-model", "/nonexistent/cost.toml"], 2, "cost.toml"),
        ]
        for (args, status, message) in cases {
            let result = try cli.run(args)
            #expect(result.status == status, "\(args)")
            #expect(result.stderr.contains(message), "\(args): \(result.stderr)")
        }
    }
}

@Suite("consort plan", .serialized)
struct PlanCLITests {
    @Test(
        """
        On a dataset directory: progress, the comparison, issues, and a practice_code,group CSV; the same seed, the \
        same plan
        """
    )
    func dataDirectory() throws {
        let cli = CLI(environment: ["CONSORT_LOG_LEVEL": "error"])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "consort-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = directory.appendingPathComponent("a.csv")
        let second = directory.appendingPathComponent("b.csv")
        let run = try cli.run([
            "plan", "--policy", "pcn-2019", "--level", "network", "--within", "ccg", "--data", fixture("small").path,
            "--seed", "5", "--out", first.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        for text in [
            "Planning networks under pcn-2019 (30,000–50,000 patients, aiming for 40,000) within each CCG",
            "Groups within the size band", "Compactness (mean distance to group centre)", "Practices moved",
            "Blocking assurance findings", "Wrote \(first.path): 23 practices",
        ] {
            #expect(run.stdout.contains(text), "missing: \(text)\n\(run.stdout)")
        }
        let rows = try CSVReader.read(contentsOf: first).map(\.fields)
        #expect(rows.first == ["practice_code", "group"])
        #expect(rows.count == 24)
        #expect(
            try cli.run([
                "plan", "--policy", "pcn-2019", "--level", "network", "--within", "ccg", "--data",
                fixture("small").path,
                "--seed", "5", "--out", second.path,
            ]).status == 0)
        #expect(try String(contentsOf: first, encoding: .utf8) == String(contentsOf: second, encoding: .utf8))
        // Localities: none today, so the measures of today's groups are not compared.
        let localities = try cli.run([
            "plan", "--policy", "gp-consortia-2010", "--level", "locality", "--data", fixture("small").path,
        ])
        #expect(localities.status == 0)
        let compactness =
            localities.stdout.split(separator: "\n").first { $0.hasPrefix("Compactness") }.map(String.init) ?? ""
        #expect(
            compactness.contains("—") && !compactness.contains("better") && !compactness.contains("worse"),
            "\(localities.stdout)")
        #expect(localities.stdout.contains("within each CCG"))
        let json = try cli.run([
            "plan", "--policy", "pcn-2019", "--level", "network", "--data", fixture("small").path, "--format", "json",
        ])
        struct Plan: Decodable {
            let assignment: [String]
            let practiceCodes: [String]
        }
        let plan = try JSONDecoder().decode(Plan.self, from: Data(json.stdout.utf8))
        #expect(plan.assignment.count == 23 && plan.practiceCodes.count == 23)
    }

    @Test("Bad input exits 2 naming the option: policy, level, area, pin, weights, band, output")
    func badInput() throws {
        let cli = CLI(environment: ["CONSORT_LOG_LEVEL": "error"])
        let small = fixture("small").path
        let cases: [([String], String)] = [
            (["--policy", "nhs-2099", "--level", "network"], "there is no policy called 'nhs-2099'"),
            (
                ["--policy", "pcn-2019", "--level", "consortium"],
                "--level: policy pcn-2019 sets no rules for the consortium level"
            ),
            (["--policy", "pcn-2019", "--level", "network", "--area", "ZZZ"], "--area: ZZZ is not a group"),
            (["--policy", "pcn-2019", "--level", "network", "--pin", "N81011"], "--pin N81011 is not CODE=GROUP"),
            (["--policy", "pcn-2019", "--level", "network", "--pin", "Z99999=G"], "--pin: Z99999 is not a practice"),
            (
                ["--policy", "pcn-2019", "--level", "network", "--balance=-1"],
                "--balance: a weight must be between 0 and 100"
            ),
            (
                ["--policy", "pcn-2019", "--level", "network", "--min", "60000"],
                "--max: 50000 is below the minimum 60000"
            ),
            (
                ["--policy", "pcn-2019", "--level", "network", "--out", "/nonexistent-dir/plan.csv"],
                "--out /nonexistent-dir/plan.csv cannot be written"
            ),
        ]
        for (arguments, message) in cases {
            let result = try cli.run(["plan"] + arguments + ["--data", small])
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }
}

@Suite("consort bench")
struct BenchCLITests {
    @Test("bench rota prints the builder beside first fit, with no conflicts; bad sizes exit 64 naming the option")
    func rota() throws {
        let cli = CLI(environment: ["CONSORT_LOG_LEVEL": "error"])
        let result = try cli.run([
            "bench", "rota", "--hubs", "2", "--clinicians", "40", "--practices", "5", "--days", "28", "--repeats", "1",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains("Rota: 2 hubs, 184 sessions over 28 days, 40 clinicians of 5 practices"),
            "\(result.stdout)")
        let built = result.stdout.split(separator: "\n").first { $0.hasPrefix("RotaBuilder.build") } ?? ""
        #expect(built.hasSuffix(" 0"), "the built rota has conflicts: \(built)")
        #expect(result.stdout.contains("first fit (reference)"))
        let bad = try cli.run(["bench", "rota", "--hubs", "0"])
        #expect(bad.status == 64 && bad.stderr.contains("--hubs must be 1 to 200"), "\(bad.stderr)")
    }
}
