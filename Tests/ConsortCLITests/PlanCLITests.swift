import ConsortApp
import ConsortTestSupport
import ConsortWeb
import Foundation
import Interop
import Testing

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
            "Planning networks under pcn-2019 (30,000–no maximum patients, advised no minimum–50,000 patients, "
                + "aiming for 40,000) within each CCG, from today's groups, fewest-changes, seed 5.",
            "Groups within the advised band too",
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
                ["--policy", "pcn-2019", "--level", "network", "--min", "60000", "--max", "50000"],
                "--max: 50000 is below the minimum 60000"
            ),
            (
                ["--policy", "pcn-2019", "--level", "network", "--preferred-min", "60000"],
                "--preferred-max: 50000 is below the preferred minimum 60000"
            ),
            (
                ["--policy", "pcn-2019", "--level", "network", "--preference", "101"],
                "--preference: a weight must be between 0 and 100"
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
