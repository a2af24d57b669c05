import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Interop
import QualityWeb
import Testing
import Vapor

@Suite("Quality pages", .serialized)
struct QualityPagesTests {
    @Test(
        """
        Before any data: an empty state; after loading the shipped files: a group's practices with intervals, a \
        funnel plot, CSV of every row, CQC ratings; bad parameters named
        """
    )
    func benchmarking() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let client = TestClient(app: app)
            let empty = try await client.get("/quality")
            #expect(empty.status == .ok && empty.body.contains("No indicator data are loaded"))
            let loaded = try await QualityStore.load(
                directory: repositoryRoot.appendingPathComponent("data/quality"), on: app.db)
            #expect(loaded.values == 12_646 && loaded.ratings > 6_000)
            // A file is loaded once: the tables are no longer empty.
            #expect(!(try await QualityStore.isEmpty(app.sql)))

            let page = try await client.get("/quality?group=U79408&period=2022/23&date=2022-01-01")
            #expect(page.status == .ok)
            #expect(page.body.contains("Smoking prevalence in adults (15+): current smokers (QOF) (91547)"))
            #expect(
                page.body.contains("14.7%, from the England value published with the data (7,664,426 of 52,100,343)"))
            #expect(page.body.contains("<svg") && page.body.contains("id=\"funnel\""))
            #expect(page.body.contains("Lower is better"))
            #expect(page.body.contains("id=\"ranking\"") && page.body.contains("Ranking with intervals"))
            let trend = try await client.get("/quality.csv?group=U79408&date=2022-01-01&table=trend")
            let periods = try CSVReader.parse(trend.body).map(\.fields)
            #expect(periods.map { $0.first ?? "" } == ["Period", "2022/23", "2023/24"])
            #expect(periods[1][1] == "14.7", "England's published 2022/23 value")
            // A hand-made peer group.
            // Settable control limits (FunnelPlotR's users ask for them): named in the legend and the flags.
            let limits = try await client.get("/quality?group=U79408&period=2022/23&date=2022-01-01&inner=90&outer=99")
            #expect(limits.status == .ok && limits.body.contains("90% limits") && limits.body.contains("99% limits"))
            #expect(limits.body.contains("outside the 99% limits"))
            #expect(try await client.get("/quality?inner=99&outer=95").status == .badRequest)
            #expect(try await client.get("/quality?outer=100").status == .badRequest)
            let peers = try await client.get("/quality?practices=A81001,A81002&period=2022/23&date=2022-01-01")
            #expect(peers.body.contains("Peer group of 2 practices"))
            #expect(
                try await client.get("/quality?practices=%2C%2C&date=2022-01-01").status == .badRequest,
                "no codes at all")
            let csv = try await client.get("/quality.csv?group=U79408&period=2022/23&date=2022-01-01&table=practices")
            let rows = try CSVReader.parse(csv.body).map(\.fields)
            #expect(rows.first?.first == "Code")
            #expect(rows.first?.count == 10 && rows.first?.last == "CQC rating")
            #expect(rows.count > 1 && rows.count <= 12, "WIDNES PCN's practices with a value")
            #expect(rows.dropFirst().allSatisfy { $0.count == 10 && ["better", "similar", "worse"].contains($0[7]) })
            #expect(
                rows.dropFirst().contains {
                    ($0.last ?? "").hasPrefix("Good") || ($0.last ?? "").hasPrefix("Outstanding")
                })
            // Compared with the group, with overdispersion: the page says φ.
            let group = try await client.get(
                "/quality?group=U79408&period=2022/23&comparator=group&adjust=multiplicative&date=2022-01-01")
            #expect(group.status == .ok && group.body.contains("φ = "))
            #expect(group.body.contains("95% interval against the group"))
            for (query, name) in [
                ("period=1999/00", "period"), ("adjust=lots", "adjust"), ("group=NOPE", "group"),
                ("indicator=12345", "indicator"),
            ] {
                let bad = try await client.get("/quality?\(query)&date=2022-01-01")
                #expect(bad.status == .badRequest, "\(query)")
                #expect(bad.body.contains(name), "\(query)")
            }
        }
    }
}
