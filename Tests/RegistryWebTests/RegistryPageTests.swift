import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Interop
import Testing
import Vapor

@Suite("Registry pages")
struct RegistryPageTests {
    @Test("England from the shipped data: the totals of data/README.md, computed again from the CSV here")
    func england() async throws {
        // Independent figures: read practices.csv with a plain split of fields that hold no commas.
        let rows = try CSVReader.read(contentsOf: shippedData.appendingPathComponent("practices.csv")).dropFirst()
        let practices = rows.count
        let patients = rows.reduce(0) { $0 + Int($1.fields[8])! }
        let pcns = Set(rows.map { $0.fields[9] }.filter { !$0.isEmpty }).count
        let ccgs = Set(rows.map { $0.fields[10] }).count
        let stps = Set(rows.map { $0.fields[11] }).count
        let regions = Set(rows.map { $0.fields[12] }).count
        let figures: [Int] = [practices, patients, pcns, ccgs, stps, regions]
        #expect(figures == [6_527, 61_469_262, 1_254, 106, 42, 7])

        try await withTestApp(.dataset(shippedData)) { app in
            let client = TestClient(app: app)
            let home = try await client.get("/")
            #expect(home.status == .ok)
            for figure in [practices, patients, pcns, ccgs, stps, regions] {
                let shown = figure.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_GB")))
                #expect(home.body.contains("<span class=\"figure\">\(shown)</span>"))
            }
            let api = try await client.get("/api/v1/summary?date=2022-01-01")
            struct Summary: Decodable {
                let practices: Int
                let patients: Int
                let groups: [String: Int]
            }
            let summary = try api.json(Summary.self)
            #expect(summary.practices == practices)
            #expect(summary.patients == patients)
            #expect(
                summary.groups == [
                    "region": regions, "icb": stps, "consortium": ccgs, "network": pcns, "federation": 0, "locality": 0,
                ])
            // Before the snapshot the registry holds nothing, and says so.
            let before = try await client.get("/?date=2021-12-31")
            #expect(before.body.contains("<span class=\"figure\">0</span>"))
            #expect(before.body.contains("its records start later"))
        }
    }

    @Test("Practice search: text over name, code and postcode; filters; sort; pagination; CSV of every match")
    func search() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let client = TestClient(app: app)
            let all = try await client.get("/practices")
            #expect(all.status == .ok)
            #expect(all.body.contains("<strong>23</strong> practices"))
            let byName = try await client.get("/practices?q=newgate")
            #expect(byName.body.contains("<strong>1</strong> practice "))
            let byPostcode = try await client.get("/practices?q=WA7%202ST")
            #expect(byPostcode.body.contains("<strong>1</strong> practice "))
            #expect(byPostcode.body.contains("CASTLEFIELDS HEALTH CENTRE"))
            let byCode = try await client.get("/api/v1/practices?q=n81019")
            #expect(byCode.body.contains("\"total\":1"))
            let byGroup = try await client.get("/practices?group=U79408")
            #expect(byGroup.body.contains("<strong>8</strong> practices in WIDNES PCN (U79408)"))
            let filtered = try await client.get("/practices?min_list=10000&max_list=20000&sort=list_size&dir=desc")
            let csv = try await client.get("/practices.csv?min_list=10000&max_list=20000&sort=list_size&dir=desc")
            #expect(csv.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
            let records = try CSVReader.parse(csv.body).dropFirst()
            let sizes = records.map { Int($0.fields[3])! }
            #expect(!sizes.isEmpty)
            #expect(sizes == sizes.sorted(by: >))
            #expect(sizes.allSatisfy { (10_000...20_000).contains($0) })
            #expect(filtered.body.contains("<strong>\(sizes.count)</strong>"))
            let paged = try await client.get("/practices?per_page=5&page=2")
            #expect(paged.body.contains("Page 2 of 5"))
            #expect(paged.body.components(separatedBy: "<tr>").count - 1 == 6)
            let decile = try await client.get("/api/v1/practices?decile=1")
            struct Page: Decodable {
                let total: Int
                let items: [Item]
            }
            struct Item: Decodable { let imdDecile: Int? }
            let page = try decile.json(Page.self)
            #expect(page.items.allSatisfy { $0.imdDecile == 1 })
            #expect(page.total == page.items.count)
        }
    }

    @Test("Bad parameters get a clear 400 naming the parameter, as HTML and as JSON")
    func badParameters() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let client = TestClient(app: app)
            let page = try await client.get("/practices?date=2022-02-30")
            #expect(page.status == .badRequest)
            #expect(page.body.contains("The parameter date=2022-02-30 is not valid"))
            let api = try await client.get("/api/v1/practices?min_list=lots")
            #expect(api.status == .badRequest)
            struct Err: Decodable {
                struct D: Decodable { let reason: String }
                let error: D
            }
            #expect(try api.json(Err.self).error.reason.contains("min_list=lots"))
            #expect(try await client.get("/practices?decile=11").status == .badRequest)
            #expect(try await client.get("/practices?sort=colour").body.contains("use one of code, name"))
            #expect(try await client.get("/practices?min_list=5&max_list=4").status == .badRequest)
            #expect(try await client.get("/practices.csv?table=nope").status == .badRequest)
        }
    }

    @Test("A practice's page: details, groups at the date, history, maps, and CSV of each table")
    func practicePage() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let client = TestClient(app: app)
            let code = "N81011"
            let page = try await client.get("/practices/\(code)")
            #expect(page.status == .ok)
            #expect(page.body.contains("<h1>"))
            #expect(page.body.contains("Groups"))
            #expect(page.body.contains("role=\"img\""))
            #expect(page.body.contains("/groups/01F"))
            let lower = try await client.get("/practices/\(code.lowercased())")
            #expect(lower.status == .ok)
            let csv = try await client.get("/practices/\(code).csv?table=memberships")
            #expect(csv.status == .ok)
            #expect(try CSVReader.parse(csv.body).count == 5)
            let before = try await client.get("/practices/\(code)?date=2021-06-01")
            #expect(before.body.contains("it was not in the registry on 1 June 2021"))
            let missing = try await client.get("/practices/Z99999")
            #expect(missing.status == .notFound)
            #expect(missing.body.contains("no practice with the code Z99999"))
        }
    }

    @Test("Every kind of group has a list page and group pages, with members, sizes, map and CSV")
    func groups() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let client = TestClient(app: app)
            for (kind, count) in [(GroupKind.region, 2), (.icb, 2), (.consortium, 2), (.network, 5), (.federation, 0)] {
                let list = try await client.get("/\(kind.slug)")
                #expect(list.status == .ok, "\(kind)")
                #expect(list.body.contains("<strong>\(count)</strong>"), "\(kind)")
                let csv = try await client.get("/\(kind.slug).csv")
                #expect(try CSVReader.parse(csv.body).count == count + 1, "\(kind)")
            }
            let ccg = try await client.get("/groups/01F")
            #expect(ccg.status == .ok)
            #expect(ccg.body.contains("NHS Halton CCG"))
            #expect(ccg.body.contains("member practices"))
            #expect(ccg.body.contains("Networks (PCNs) in NHS Halton CCG"))
            #expect(ccg.body.contains("id=\"members-map\""))
            let members = try await client.get("/groups/01F.csv?table=members")
            #expect(try CSVReader.parse(members.body).count == 15)
            let region = try await client.get("/groups/Y62")
            #expect(region.body.contains("STPs / ICBs in North West"))
            let pcn = try await client.get("/groups/u79408")
            #expect(pcn.status == .ok)
            #expect(try await client.get("/groups/NOPE").status == .notFound)
            let filtered = try await client.get("/networks?parent=02Q")
            #expect(filtered.body.contains("<strong>3</strong>"))
        }
    }

    @Test("Health answers for load balancers; unknown pages get a 404 page; static CSS is served")
    func plumbing() async throws {
        try await withTestApp { app in
            let client = TestClient(app: app)
            let health = try await client.get("/health")
            #expect(health.status == .ok)
            #expect(health.body.contains("\"status\":\"ok\""))
            let missing = try await client.get("/no/such/page")
            #expect(missing.status == .notFound)
            #expect(missing.body.contains("Page not found"))
            let css = try await client.get("/static/consort.css")
            #expect(css.headers.contentType?.subType == "css")
            let home = try await client.get("/")
            #expect(home.headers.first(name: "Content-Security-Policy")?.contains("default-src 'self'") == true)
            #expect(home.headers.first(name: "X-Frame-Options") == "DENY")
            #expect(home.body.contains("The registry is empty"))
            #expect(try await client.get("/help").status == .ok)
            #expect(try await client.get("/imports").status == .ok)
        }
    }
}
