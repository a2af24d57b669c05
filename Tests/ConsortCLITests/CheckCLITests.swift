import ConsortApp
import ConsortTestSupport
import ConsortWeb
import Foundation
import Interop
import Testing

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
                "Level network (network): 1,254 groups with 6,459 practices; 123 blocking"))
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

    @Test(
        """
        --date dates a dataset directory without EXTRACT_DATE, for check, plan and simulate alike; without either \
        the problem is reported as the dataset's, not an import's
        """
    )
    func dateForUndatedDataset() throws {
        let cli = CLI(environment: ["CONSORT_LOG_LEVEL": "error"])
        let undated = FileManager.default.temporaryDirectory.appendingPathComponent(
            "consort-undated-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: fixture("small"), to: undated)
        defer { try? FileManager.default.removeItem(at: undated) }
        try FileManager.default.removeItem(at: undated.appendingPathComponent("EXTRACT_DATE"))
        let dated = try cli.run(["check", "--policy", "pcn-2019", "--data", fixture("small").path, "--format", "csv"])
        let given = try cli.run([
            "check", "--policy", "pcn-2019", "--data", undated.path, "--date", "2022-01-01", "--format", "csv",
        ])
        #expect(given.status == 0, "\(given.stderr)")
        #expect(given.stdout == dated.stdout)
        let simulate = try cli.run([
            "simulate", "--models", "--data", undated.path, "--date", "2022-01-01", "--area", "01F", "--trials", "200",
        ])
        #expect(simulate.status == 0, "\(simulate.stderr)")
        let missing = try cli.run(["check", "--policy", "pcn-2019", "--data", undated.path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("Dataset refused, 1 problem found:"))
        #expect(missing.stderr.contains("the dataset's date is unknown: pass --date"))
        #expect(!missing.stderr.contains("database"))
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
