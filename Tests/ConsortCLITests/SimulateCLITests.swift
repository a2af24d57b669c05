import ConsortApp
import ConsortTestSupport
import ConsortWeb
import Foundation
import Interop
import Testing

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
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ccgs-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        let all = try cli.run(["simulate", "--all-ccgs", "--trials", "1000", "--data", small, "--csv", file.path])
        #expect(all.status == 0)
        #expect(all.stdout.contains("2 CCGs, 256,882 patients, 1,000 simulated years each"))
        // The table of every CCG, printed and written as CSV with one row each.
        #expect(all.stdout.contains("NHS Halton CCG") && all.stdout.contains("P>5%"), "\(all.stdout)")
        let rows = try CSVReader.parse(try String(contentsOf: file, encoding: .utf8)).map(\.fields)
        #expect(rows.count == 3 && rows[0].first == "code" && Set(rows.dropFirst().map { $0[0] }) == ["01F", "02Q"])
        // Every figure says the date of the facts behind it.
        #expect(all.stdout.contains("the registry at 2022-01-01, list sizes of 2022-01-01"), "\(all.stdout)")
        #expect(rows[1].suffix(2) == ["2022-01-01", "2022-01-01"], "\(rows[1])")
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
