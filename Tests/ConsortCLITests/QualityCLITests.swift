import ConsortApp
import ConsortTestSupport
import Foundation
import Interop
import Testing

@Suite("consort quality indicator", .serialized)
struct QualityCLITests {
    let file = repositoryRoot.appendingPathComponent("data/quality/smoking-prevalence-qof.csv").path

    @Test("Every practice's value and intervals as CSV, a group's practices, JSON; bad input exits 2 naming it")
    func indicator() throws {
        let cli = CLI(environment: ["CONSORT_LOG_LEVEL": "error"])
        let all = try cli.run(["quality", "indicator", file, "--period", "2022/23"])
        #expect(all.status == 0, "\(all.stderr)")
        let rows = try CSVReader.parse(all.stdout).map(\.fields)
        #expect(
            rows[0] == [
                "practice_code", "numerator", "denominator", "value", "lower_95", "upper_95", "lower_998", "upper_998",
                "compared_to_england",
            ])
        #expect(rows.count == 6_379)
        #expect(
            rows[1] == [
                "A81001", "514", "3336", "15.407674", "14.222427", "16.672496", "13.575070", "17.437759", "similar",
            ])
        #expect(all.stderr.contains("England 14.7109 from the England value published with the data"))
        let group = try cli.run([
            "quality", "indicator", file, "--period", "2023/24", "--group", "U89141", "--data",
            repositoryRoot.appendingPathComponent("data").path,
        ])
        #expect(group.status == 0, "\(group.stderr)")
        #expect(group.stdout.split(separator: "\n").count == 8, "STOCKTON PCN's seven practices and the header")
        #expect(group.stderr.contains("have no indicator id; they took 91547"))
        let json = try cli.run(["quality", "indicator", file, "--period", "2022/23", "--format", "json"])
        #expect(json.status == 0 && json.stdout.contains("\"comparedToEngland\" : \"similar\""))

        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("consort-bad-\(UUID().uuidString).csv")
        try
            ("indicator_id,indicator_name,period,area_code,area_name,area_type,numerator,denominator\n"
            + "1,x,2022/23,A1,A,practice,5,4\n")
            .write(to: bad, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: bad) }
        for (arguments, message) in [
            (["--period", "2021/22"], "--period 2021/22 is not in"),
            (
                [
                    "--period", "2022/23", "--group", "NOPE", "--data",
                    repositoryRoot.appendingPathComponent("data").path,
                ],
                "--group NOPE is not a group of the registry"
            ),
            (
                ["--period", "2022/23", "--definitions", "/nonexistent.toml"],
                "--definitions /nonexistent.toml cannot be read"
            ),
        ] {
            let r = try cli.run(["quality", "indicator", file] + arguments)
            #expect(r.status == 2 && r.stderr.contains(message), "\(arguments): \(r.stderr)")
        }
        let refused = try cli.run(["quality", "indicator", bad.path, "--period", "2022/23"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("line 2, column numerator: the numerator 5 is above the denominator 4"))
    }
}

@Suite("consort import of indicator files", .serialized)
struct QualityImportCLITests {
    @Test(
        """
        A Fingertips export is imported into the database (values replaced by indicator, period and area); an \
        unknown indicator is refused
        """
    )
    func importIndicators() async throws {
        let (cli, cleanup) = try await CLI.fresh()
        defer { cleanup() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("consort-q-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let export = directory.appendingPathComponent("export.csv")
        try """
        Indicator ID,Indicator Name,Area Code,Area Name,Area Type,Category Type,Time period,Value,Count,Denominator
        91547,Smoking,A81001,The Densham Surgery,GPs,,2024/25,15.0,500,3333
        91547,Smoking,A81002,Queens Park Medical Centre,GPs,,2022/23,16.1,2508,15548
        """.write(to: export, atomically: true, encoding: .utf8)
        let first = try cli.run(["import", export.path])
        #expect(first.status == 0, "\(first.stderr)")
        // The shipped file (loaded at first start) holds A81002 in 2022/23, not 2024/25.
        #expect(first.stdout.contains("Indicator 91547: 1 values added, 1 replaced, for 2022/23, 2024/25."))
        let again = try cli.run(["import", export.path])
        #expect(again.stdout.contains("0 values added, 2 replaced"))
        let unknown = directory.appendingPathComponent("unknown.csv")
        let header = "indicator_id,indicator_name,period,area_code,area_name,area_type,numerator,denominator\n"
        try (header + "1,x,2022/23,A1,A,practice,1,2\n").write(to: unknown, atomically: true, encoding: .utf8)
        let refused = try cli.run(["import", unknown.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("unknown.csv, line 2: indicator 1 has no definition"))
        let bad = directory.appendingPathComponent("bad.csv")
        try (header + "91547,x,2022/23,A1,A,practice,x,2\n").write(to: bad, atomically: true, encoding: .utf8)
        let badRun = try cli.run(["import", bad.path])
        #expect(badRun.status == 2 && badRun.stderr.contains("line 2, column numerator"))
    }
}
