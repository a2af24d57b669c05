import ConsortTestSupport
import Foundation
import Interop
import Testing

/// A copy of the small fixture dataset with each file's rows passed through `edit` (file name,
/// header, rows), and `remove` files left out.
func editedFixture(remove: [String] = [], _ edit: (String, [String], inout [[String]]) -> Void) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("consort-edited-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: fixture("small"), to: dir)
    for name in remove { try FileManager.default.removeItem(at: dir.appendingPathComponent(name)) }
    for name in ["regions.csv", "stps.csv", "ccgs.csv", "pcns.csv", "practices.csv"] where !remove.contains(name) {
        let url = dir.appendingPathComponent(name)
        var rows = try CSVReader.read(contentsOf: url).map(\.fields)
        let header = rows.removeFirst()
        edit(name, header, &rows)
        try CSVWriter.document(header: header, rows: rows).write(to: url, atomically: true, encoding: .utf8)
    }
    return dir
}

@Suite("Real data as it comes, from the command line")
struct RealDataCLITests {
    let cli = CLI(environment: ["CONSORT_LOG_LEVEL": "error"])

    @Test("A dataset without the STP/ICB level (every year before 2016) is checked at the levels it has")
    func noSTPLevel() throws {
        let dir = try editedFixture(remove: ["stps.csv"]) { name, header, rows in
            guard let column = header.firstIndex(of: "stp_code") else { return }
            for i in rows.indices { rows[i][column] = "" }
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        let check = try cli.run(["check", "--policy", "ccg-2013", "--data", dir.path, "--format", "json"])
        #expect(check.status != 2, "\(check.stderr)")
        let full = try cli.run(["check", "--policy", "ccg-2013", "--data", fixture("small").path, "--format", "json"])
        // Coverage, size and contiguity of the consortia do not depend on the STP level.
        #expect(
            check.stdout.components(separatedBy: "\"rule\"").count
                == full.stdout.components(separatedBy: "\"rule\"").count)
        // A region named by practices while regions.csv is empty is refused, naming the file.
        let broken = try editedFixture { name, _, rows in if name == "regions.csv" { rows = [] } }
        defer { try? FileManager.default.removeItem(at: broken) }
        let refused = try cli.run(["check", "--policy", "ccg-2013", "--data", broken.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("is not in regions.csv (the file is missing or has no rows)"))
    }

    @Test("No practice list sizes: every figure warns, the groups' published totals size the groups")
    func noListSizes() throws {
        let dir = try editedFixture { name, header, rows in
            guard name == "practices.csv", let column = header.firstIndex(of: "list_size") else { return }
            for i in rows.indices { rows[i][column] = "" }
        }
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try cli.run(["check", "--policy", "pcn-2019", "--data", dir.path])
        #expect(text.status != 2, "\(text.stderr)")
        #expect(text.stdout.contains("WARNING: 23 of 23 practices have no list size in the data."))
        #expect(text.stdout.contains("Size rules used the published group totals"))
        #expect(!text.stdout.contains("list_size is empty"))
        let csv = try cli.run(["check", "--policy", "pcn-2019", "--data", dir.path, "--format", "csv"])
        #expect(csv.stdout.contains("published total as at 1 January 2022 (Consort dataset, pcns.csv)"))
        #expect(csv.stdout.contains("23 of 23 practices have no list size"))
    }

    @Test("A dry run with no database creates none")
    func dryRunCreatesNothing() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "consort-none-\(UUID().uuidString).sqlite")
        let run = CLI(environment: ["CONSORT_LOG_LEVEL": "error", "CONSORT_SQLITE_PATH": file.path, "DATABASE_URL": ""])
        let result = try run.run(["import", fixture("small").path, "--dry-run"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Practices opened: 23"))
        #expect(result.stdout.contains("created nothing"))
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }
}
