import ConsortApp
import ConsortTestSupport
import ConsortWeb
import Foundation
import Testing
import Vapor

@Suite("JSON API")
struct APITests {
    @Test("The OpenAPI document describes every API route the application serves, and no others")
    func openAPI() async throws {
        try await withTestApp { app in
            let client = TestClient(app: app)
            let doc = try await client.get("/api/v1/openapi.json")
            #expect(doc.status == .ok)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(doc.body.utf8)) as? [String: Any])
            #expect(json["openapi"] as? String == "3.0.3")
            let paths = try #require(json["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, operations) in paths {
                for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
            }
            var served = Set<String>()
            for route in app.routes.all {
                let parts = route.path.map { "\($0)" }
                guard parts.starts(with: ["api", "v1"]), parts.count > 2, !parts.contains("**"),
                    parts.last != "openapi.json"
                else { continue }
                let path =
                    "/"
                    + parts.dropFirst(2).map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : $0 }.joined(separator: "/")
                served.insert("\(route.method.rawValue) \(path)")
            }
            #expect(served == documented)
        }
    }

    @Test("API errors are JSON with a reason, and unknown endpoints answer 404")
    func errors() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let client = TestClient(app: app)
            let missing = try await client.get("/api/v1/groups/NOPE")
            #expect(missing.status == .notFound)
            #expect(missing.body.contains("{\"error\":{\"reason\":\"There is no group with the code NOPE"))
            let unknown = try await client.get("/api/v1/nothing-here")
            #expect(unknown.status == .notFound)
            #expect(unknown.body.contains("openapi.json"))
            let kind = try await client.get("/api/v1/groups?kind=county")
            #expect(kind.status == .badRequest)
            #expect(kind.body.contains("kind=county"))
        }
    }

    @Test("Groups and practices as JSON, at a date")
    func registry() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let client = TestClient(app: app)
            struct Page: Decodable {
                struct G: Decodable {
                    let code: String
                    let practices: Int
                    let patients: Int
                }
                let total: Int
                let items: [G]
            }
            let ccgs = try await client.get("/api/v1/groups?kind=consortium&sort=patients&dir=desc").json(Page.self)
            #expect(ccgs.items.map(\.code) == ["01F", "02Q"])
            #expect(ccgs.items.map(\.practices) == [14, 9])
            #expect(ccgs.items.reduce(0) { $0 + $1.patients } == 256_882)
            struct Group: Decodable {
                let code: String
                let kind: String
                let ancestors: [Ancestor]
                let children: [Ancestor]
                let members: [Member]
                struct Ancestor: Decodable { let code: String }
                struct Member: Decodable { let code: String }
            }
            let group = try await client.get("/api/v1/groups/01F").json(Group.self)
            #expect(group.kind == "consortium")
            #expect(group.ancestors.map(\.code) == ["QYG", "Y62"])
            #expect(Set(group.children.map(\.code)) == ["U09643", "U79408"])
            #expect(group.members.count == 14)
            let early = try await client.get("/api/v1/groups?date=2021-01-01").json(Page.self)
            #expect(early.total == 0)
            let imports = try await client.get("/api/v1/imports")
            #expect(imports.body.contains("\"format\":\"consort\""))
            let report = try await client.get("/api/v1/imports/1")
            #expect(report.body.contains("\"opened\""))
        }
    }
}
