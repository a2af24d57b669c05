import ConsortApp
import ConsortTestSupport
import Foundation
import Testing

@Suite("consort districts", .serialized)
struct DistrictsCLITests {
    @Test("The shipped data's districts split between ICBs, as text and CSV; a bad level or boundary file exits 2")
    func districts() throws {
        let cli = CLI(environment: ["CONSORT_LOG_LEVEL": "error"])
        let data = shippedData.path
        let text = try cli.run(["districts", "--data", data])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("33 of 309 districts with practices fall in more than one icb on 2022-01-01"))
        #expect(text.stdout.contains("E08000025 Birmingham: 167 practices, 1,345,208 patients"))
        let csv = try cli.run(["districts", "--data", data, "--format", "csv"]).stdout.split(
            whereSeparator: \.isNewline)
        #expect(csv.first == "district_code,district_name,group,group_name,practices,patients")
        #expect(csv.contains("E08000025,Birmingham,QUA,The Black Country and West Birmingham,26,229642"))
        // Each split district's parts add up to its practices: every line belongs to a district listed twice or more.
        let districts = Dictionary(grouping: csv.dropFirst(), by: { $0.split(separator: ",").first ?? "" })
        #expect(districts.count == 33 && districts.values.allSatisfy { $0.count >= 2 })
        let level = try cli.run(["districts", "--data", data, "--level", "county"])
        #expect(level.status == 2 && level.stderr.contains("--level county is not a kind of group"))
        let file = try cli.run(["districts", "--data", data, "--boundaries", "/nonexistent.geojson"])
        #expect(file.status == 2 && file.stderr.contains("/nonexistent.geojson"))
    }
}
