import ConsortApp
import ConsortTestSupport
import ConsortWeb
import Foundation
import Interop
import Testing
import Vapor

/// The small fixture: 23 practices, 256,882 patients on 1 January 2022; Bassetlaw CCG (02Q, in
/// STP QF7 and region Y63) has 9 practices and 121,699 patients, Halton (01F, QYG, Y62) 14 and 135,183.
@Suite("Finance pages and API")
struct FinanceAppTests {
    static let date = "2022-01-01"

    static func csv(_ client: TestClient, _ path: String) async throws -> [[String]] {
        let result = try await client.get(path)
        #expect(result.status == .ok, "\(path): \(result.body.prefix(300))")
        return try CSVReader.parse(result.body).map(\.fields)
    }

    static func number(_ text: String) -> Double { Double(text) ?? .nan }

    @Test(
        """
        Allocation: the budget is the patients times £1,135; shares add up on every basis; raw capitation is equal a \
        head; weighted follows the weighted list
        """
    )
    func allocation() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let client = TestClient(app: app)
            let page = try await client.get("/finance?date=\(Self.date)")
            #expect(page.status == .ok)
            #expect(page.body.contains("budget for 256,882 registered patients at £1,135 each"))
            #expect(page.body.contains("href=\"/groups/02Q?date=2022-01-01\""))
            #expect(page.body.contains("id=\"difference-chart\""))
            #expect(page.body.contains("role=\"img\""))
            for basis in ["raw", "weighted", "need"] {
                let groups = try await Self.csv(client, "/finance.csv?date=\(Self.date)&basis=\(basis)&table=groups")
                #expect(
                    groups[0] == [
                        "Code", "Name", "Practices", "Patients", "Weighted", "Fair share (£)", "£ a patient",
                        "Against raw capitation", "Management (£)",
                    ])
                #expect(groups.dropFirst().map { $0[0] } == ["01F", "02Q"])
                let total = groups.dropFirst().reduce(0) { $0 + Self.number($1[5]) }
                #expect(abs(total - 1_135 * 256_882) <= 2, "\(basis): \(total)")
                #expect(groups.dropFirst().map { $0[8] } == ["3379575", "3042475"])
                let practices = try await Self.csv(
                    client, "/finance.csv?date=\(Self.date)&basis=\(basis)&table=practices")
                #expect(practices.count == 24)
                if basis == "raw" {
                    #expect(practices.dropFirst().allSatisfy { $0[8] == "1135.00" && $0[9] == "0.0000" })
                }
            }
            // Weighted: LARWOOD (C84001) has 34,666.83 of the area's weighted list.
            let practices = try await Self.csv(client, "/finance.csv?date=\(Self.date)&basis=weighted&table=practices")
            let weighted = practices.dropFirst().reduce(0) { $0 + Self.number($1[5]) }
            let larwood = try #require(practices.first { $0[0] == "C84001" })
            #expect(
                abs(Self.number(larwood[7]) - 1_135 * 256_882 * 34_667 / weighted) < 1_135 * 256_882 * 1.0 / weighted
                    + 1)
            // By network within one CCG, with a budget of £1,000 a head.
            let networks = try await Self.csv(
                client, "/finance.csv?date=\(Self.date)&area=02q&by=network&basis=raw&per_head=1000&table=groups")
            #expect(networks.dropFirst().map { $0[0] } == ["U05001", "U10748", "U82499"])
            #expect(networks.dropFirst().map { $0[5] } == ["38476000", "30255000", "52968000"])
            struct Answer: Decodable {
                let patients: Int
                let total: Double
                let practices: [P]
                struct P: Decodable {
                    let code: String
                    let budget: Double
                }
            }
            let json = try await client.get("/api/v1/finance/allocation?date=\(Self.date)&area=QF7&basis=raw").json(
                Answer.self)
            #expect(json.patients == 121_699)
            #expect(json.total == 1_135 * 121_699)
            #expect(json.practices.count == 9)
        }
    }

    @Test("Allocation refuses an unknown area, basis or kind, naming the parameter")
    func allocationBadInput() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let client = TestClient(app: app)
            for (query, name) in [
                ("area=ZZZ", "area=ZZZ"), ("basis=age", "basis=age"), ("by=federation", "by=federation"),
                ("per_head=-5", "per_head=-5"),
                ("management=lots", "management=lots"),
            ] {
                let result = try await client.get("/finance?date=\(Self.date)&\(query)")
                #expect(result.status == .badRequest, "\(query)")
                #expect(result.body.contains(name), "\(query): \(result.body.prefix(300))")
            }
            #expect(try await client.get("/api/v1/finance/allocation?basis=age").status == .badRequest)
        }
    }

    @Test(
        """
        Risk by size: a chart with a data table, the same figures for the same seed, falling with size; bad sizes \
        refused
        """
    )
    func risk() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let client = TestClient(app: app)
            let page = try await client.get(
                "/finance/risk?date=\(Self.date)&populations=5000,100000,1000000&trials=2000")
            #expect(page.status == .ok)
            #expect(page.body.contains("id=\"overspend-chart\""))
            #expect(
                page.body.contains(
                    "<title id=\"overspend-chart-title\">Chance of overspending a budget, by population size</title>"))
            #expect(page.body.contains("id=\"distribution-chart\""))
            let sizes = try await Self.csv(
                client, "/finance/risk.csv?populations=5000,100000,1000000&trials=2000&table=sizes")
            #expect(sizes.dropFirst().map { $0[0] } == ["5000", "100000", "1000000"])
            let over5 = sizes.dropFirst().map { Self.number($0[6]) }
            #expect(over5[0] > over5[1] && over5[1] > over5[2])
            struct Risk: Decodable {
                let trials: Int
                let seed: Int
                let populations: [S]
                struct S: Decodable {
                    let patients: Int
                    let mean: Double
                    let sd: Double
                }
            }
            let a = try await client.get("/api/v1/finance/risk?populations=30000&trials=1000&seed=9").json(Risk.self)
            let b = try await client.get("/api/v1/finance/risk?populations=30000&trials=1000&seed=9&show=30000").json(
                Risk.self)
            let c = try await client.get("/api/v1/finance/risk?populations=30000&trials=1000&seed=10").json(Risk.self)
            #expect(a.populations[0].mean == b.populations[0].mean)
            #expect(a.populations[0].mean != c.populations[0].mean)
            // Mean near N × £1,135 (the model's mean), within four standard errors.
            #expect(abs(a.populations[0].mean - 30_000 * 1_135) < 4 * a.populations[0].sd / 1000.0.squareRoot())
            for bad in [
                "populations=ten", "populations=50", "trials=10", "trials=5000000", "seed=-1",
                "populations=" + (1...21).map { String($0 * 1000) }.joined(separator: ","),
            ] {
                let result = try await client.get("/finance/risk?\(bad)")
                #expect(result.status == .badRequest, "\(bad)")
                #expect(result.body.contains(String(bad.prefix(while: { $0 != "=" }))), "\(bad)")
            }
        }
    }

    @Test("Each group's risk: one row per group of the kind in the area, with its patients")
    func groupRisk() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let client = TestClient(app: app)
            struct Answer: Decodable {
                let groups: [G]
                struct G: Decodable {
                    let code: String
                    let summary: S
                }
                struct S: Decodable {
                    let patients: Int
                    let overspend: [String: Double]
                }
            }
            let networks = try await client.get(
                "/api/v1/finance/groups?date=\(Self.date)&area=02Q&by=network&trials=1000"
            ).json(Answer.self)
            #expect(networks.groups.map(\.code) == ["U05001", "U10748", "U82499"])
            #expect(networks.groups.map(\.summary.patients) == [38_476, 30_255, 52_968])
            #expect(networks.groups.allSatisfy { $0.summary.overspend["5%"] != nil })
            let page = try await client.get("/finance/risk?date=\(Self.date)&area=Y62&by=network&trials=1000")
            #expect(page.body.contains("href=\"/groups/U09643?date=2022-01-01\""))
            #expect(page.body.contains("2 networks (pcns) in North West"))
            let table = try await Self.csv(
                client,
                "/finance/risk.csv?date=\(Self.date)&area=Y62&by=network&trials=1000&table=groups&sort=code&dir=asc")
            #expect(table.dropFirst().map { $0[0] } == ["U09643", "U79408"])
            #expect(table.dropFirst().map { $0[2] } == ["67076", "68107"])
            #expect(try await client.get("/finance/risk?area=NOPE").status == .badRequest)
        }
    }

    @Test(
        """
        The four models on an area: a table, charts, consortia and localities covering every practice, and the pool's \
        terms from the query
        """
    )
    func models() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let client = TestClient(app: app)
            let empty = try await client.get("/finance/models?date=\(Self.date)")
            #expect(empty.status == .ok)
            #expect(empty.body.contains("Choose an area to compare the models on its practices."))
            let query = "date=\(Self.date)&area=Y63&small=30000&locality=40000&trials=2000&contribution=1.5&threshold=3"
            let page = try await client.get("/finance/models?\(query)")
            #expect(page.status == .ok)
            for id in ["models-over5", "models-reserve", "reserve-small-chart", "reserve-agency-chart"] {
                #expect(page.body.contains("id=\"\(id)\""), "\(id)")
            }
            #expect(page.body.contains("North East and Yorkshire: 9 practices, 121,699 patients."))
            #expect(
                page.body.contains(
                    "pays 1.5% of its budget into the agency&#39;s risk pool, which pays any overspend beyond 3% of "
                        + "budget"
                ))
            struct Answer: Decodable {
                let patients: Int
                let models: [M]
                struct M: Decodable {
                    let kind: String
                    let consortia: Int
                    let localities: Int
                    let probabilityAnyOver5: Double
                    let bodies: [B]
                }
                struct B: Decodable { let practices: [String] }
            }
            let json = try await client.get("/api/v1/finance/models?\(query)").json(Answer.self)
            #expect(json.patients == 121_699)
            #expect(json.models.map(\.kind) == ["small", "large", "federated", "agency"])
            for m in json.models { #expect(m.bodies.flatMap(\.practices).count == 9, "\(m.kind)") }
            #expect(json.models[0].consortia >= 3)
            #expect(json.models[1].consortia == 1 && json.models[1].localities >= 2)
            let consortia = try await Self.csv(client, "/finance/models.csv?\(query)&table=consortia")
            #expect(consortia.count == json.models[0].consortia + 1)
            #expect(consortia.dropFirst().allSatisfy { $0[1] == "02Q" })
            let models = try await Self.csv(client, "/finance/models.csv?\(query)&table=models")
            #expect(
                models.dropFirst().map { $0[0] } == [
                    "Small consortia", "One large consortium with localities",
                    "Federated consortia with a lead consortium",
                    "Consortia with a service agency and risk pool",
                ])
            for bad in ["area=Y63&contribution=150", "area=Y63&small=10", "area=NOPE", "area=Y63&trials=1"] {
                #expect(try await client.get("/finance/models?\(bad)").status == .badRequest, "\(bad)")
            }
            #expect(try await client.get("/api/v1/finance/models").status == .badRequest)
        }
    }

    @Test("The cost model page shows every class and source; a broken cost model file is reported with its line")
    func costModel() async throws {
        try await withTestApp { app in
            let client = TestClient(app: app)
            let page = try await client.get("/finance/cost-model")
            #expect(page.status == .ok)
            #expect(page.body.contains("Rare very high-cost care"))
            #expect(page.body.contains("Bachmann and Bevan, BMJ 1996"))
            #expect(page.body.contains("£1,135 a year"))
            struct Model: Decodable {
                let classes: [C]
                let managementPerHead: Double
                struct C: Decodable { let id: String }
            }
            let json = try await client.get("/api/v1/finance/cost-model").json(Model.self)
            #expect(json.classes.map(\.id) == ["routine", "admissions", "complex", "rare"])
            #expect(json.managementPerHead == 25)
        }
        let broken = FileManager.default.temporaryDirectory.appendingPathComponent(
            "cost-model-\(UUID().uuidString).toml")
        try "name = \"x\"\nversion = \"1\"\n[classes]\n".write(to: broken, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: broken) }
        try await withTestApp(config: { $0.costModel = broken }) { app in
            let result = try await TestClient(app: app).get("/finance/risk")
            #expect(result.status == .internalServerError)
            #expect(result.body.contains("The cost model file cannot be used: \(broken.lastPathComponent), line"))
        }
        try await withTestApp(config: { $0.costModel = nil }) { app in
            let result = try await TestClient(app: app).get("/api/v1/finance/cost-model")
            #expect(result.status == .serviceUnavailable)
            #expect(result.body.contains("CONSORT_COST_MODEL"))
        }
    }
}

@Suite("Finance on the shipped data")
struct FinanceEnglandTests {
    @Test(
        """
        All of England: £1,135 a head shares out £69.8bn; 32.3% of practices' weighted shares are 10% or more \
        from raw capitation; too much work is refused
        """
    )
    func england() async throws {
        try await withTestApp(.dataset(shippedData)) { app in
            let client = TestClient(app: app)
            struct Answer: Decodable {
                let patients: Int
                let total: Double
                let shareAway10: Double
                let estimated: Int
                let groups: [G]
                struct G: Decodable { let code: String? }
            }
            let england = try await client.get("/api/v1/finance/allocation?date=2022-01-01").json(Answer.self)
            #expect(england.patients == 61_469_262)
            #expect(england.total == 1_135 * 61_469_262)
            #expect(abs(england.shareAway10 - 0.323) < 0.0005, "\(england.shareAway10)")
            #expect(england.estimated == 31)
            #expect(england.groups.compactMap(\.code).count == 106)
            // 1,254 networks × 100,000 years is more than the 20 million group-years a request may ask for.
            let tooMuch = try await client.get("/finance/risk?date=2022-01-01&by=network&trials=100000")
            #expect(tooMuch.status == .badRequest)
            #expect(tooMuch.body.contains("1,254 groups × 100,000 trials is more than 20,000,000"))
            #expect(
                try await client.get("/finance/risk?date=2022-01-01&by=network&trials=1000&populations=30000").status
                    == .ok)
            // London in consortia and localities of 10,000: about 1,800 bodies × 100,000 years is refused too.
            let models = try await client.get(
                "/finance/models?date=2022-01-01&area=Y56&small=10000&locality=10000&trials=100000")
            #expect(models.status == .badRequest)
            #expect(
                models.body.contains(
                    "consortia and localities × 100,000 trials is more than 20,000,000 simulated years"))
        }
    }
}
