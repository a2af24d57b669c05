import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Testing
import Vapor

/// The permission matrix, generated from the route table: every route, as every role and signed
/// out, on the caller's own objects and on another scope's, with valid and invalid bodies.
///
/// Two worlds share the small fixture: world A (consortium 01F, federation FED-0001 with its hub,
/// rota, clinician and a booking of a patient of N81011) and world B (consortium 02Q, FED-0002,
/// a booking of a patient of C84001). The accounts belong to world A. What each account may do
/// is written here from the product's rules, not read from the application: only the rule's
/// *name* comes from the route table, so a new route with a new rule fails until it is added.
@Suite("Permission matrix", .serialized)
struct PermissionMatrixTests {
    enum Account: String, CaseIterable {
        case signedOut = "(signed out)"
        case admin
        case officerA = "officer-a"
        case fedA = "fed-a"
        case pmA = "pm-a"
        case clinA = "clin-a"
        case lmc, citizen
        case netA = "net-a"
    }

    @Test(
        """
        Every route, every role and signed out, own and other scope, valid and invalid bodies: the expected status, no \
        write by those refused, and no patient shown to anyone who may not see them
        """
    )
    func matrix() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let (clients, worlds) = try await Self.build(app)
            let table = app.routeTable
            // Every route has a rule this test knows.
            for route in table {
                #expect(
                    Self.allowed[route.rule] != nil,
                    "\(route.method) \(route.path) has the rule \(route.rule), which this matrix does not know")
            }
            func audits() async throws -> Int {
                struct N: Decodable { let n: Int }
                return try await app.sql.raw("SELECT COUNT(*) AS n FROM audit_entries").first(decoding: N.self)?.n ?? -1
            }
            func leaks(_ body: String, _ account: Account) -> String? {
                for (i, p) in Self.patients.enumerated() where !Self.patientViewers[i].contains(account) {
                    let spaced = "\(p.nhs.prefix(3)) \(p.nhs.dropFirst(3).prefix(3)) \(p.nhs.suffix(4))"
                    for marker in [p.name, p.nhs, spaced, p.contact] where body.contains(marker) { return marker }
                }
                return nil
            }
            var cells = 0
            let before = try await audits()
            // 1. Everyone refused: valid and invalid bodies alike, before anything is validated or looked up.
            var allowedWrites: [(RouteAccess, Int, Account)] = []
            for route in table where route.path != "/api/v1/**" {
                let isAPI = route.path.hasPrefix("/api/")
                for (w, world) in worlds.enumerated() {
                    if w == 1, Self.objectless.contains(route.rule) { continue }
                    let path = world.fill(route.path, rule: route.rule)
                    for account in Account.allCases {
                        let allowed =
                            (Self.allowed[route.rule] ?? []).contains(account)
                            && (w == 0 || Self.objectless.contains(route.rule) || account == .admin)
                        let client = clients[account]!
                        if route.method == "GET" {
                            let result = try await client.get(path + (Self.queries[path] ?? ""))
                            cells += 1
                            if let marker = leaks(result.body, account) {
                                Issue.record("GET \(path) as \(account.rawValue) shows \(marker)")
                            }
                            if allowed {
                                // Signed in, the sign-in page sends you on.
                                let expected: HTTPStatus = path == "/login" && account != .signedOut ? .seeOther : .ok
                                #expect(
                                    result.status == expected,
                                    "GET \(path) as \(account.rawValue): \(result.status) \(result.body.prefix(160))")
                            } else {
                                Self.expectRefused(result, account: account, api: isAPI, "GET \(path)")
                            }
                            continue
                        }
                        let key = "\(route.method) \(route.path)"
                        guard let valid = Self.validBodies[key].map(world.fill(body:)) else {
                            Issue.record("\(key) has no sample body in the matrix; add one")
                            continue
                        }
                        if allowed {
                            allowedWrites.append((route, w, account))
                            continue
                        }
                        var statuses: [HTTPStatus] = []
                        for body in [valid, Self.invalid(valid, api: isAPI)] {
                            let result = try await Self.send(client, route.method, path, body, api: isAPI)
                            cells += 1
                            statuses.append(result.status)
                            if let marker = leaks(result.body, account) {
                                Issue.record("\(key) on \(path) as \(account.rawValue) shows \(marker)")
                            }
                            Self.expectRefused(result, account: account, api: isAPI, "\(route.method) \(path)")
                        }
                        #expect(
                            statuses[0] == statuses[1],
                            """
                            \(route.method) \(path) as \(account.rawValue): a valid body gets \(statuses[0]), an \
                            invalid one \(statuses[1])
                            """
                        )
                    }
                }
            }
            #expect(try await audits() == before, "a refused request changed something")
            // 2. Those allowed, with invalid bodies: a clear refusal of the input, never "not permitted" and never a
            // server error.
            for (route, w, account) in allowedWrites {
                let world = worlds[w]
                let path = world.fill(route.path, rule: route.rule)
                let valid = world.fill(body: Self.validBodies["\(route.method) \(route.path)"] ?? "")
                guard !valid.isEmpty else { continue }  // nothing to get wrong
                let result = try await Self.send(
                    clients[account]!, route.method, path, Self.invalid(valid, api: route.path.hasPrefix("/api/")),
                    api: route.path.hasPrefix("/api/"))
                cells += 1
                #expect(
                    (path == "/login" || ![401, 403].contains(result.status.code)) && result.status.code < 500,
                    """
                    \(route.method) \(path) as \(account.rawValue) with an invalid body: \(result.status) \
                    \(result.body.prefix(160))
                    """
                )
                if let marker = leaks(result.body, account) {
                    Issue.record("\(route.method) \(path) as \(account.rawValue) shows \(marker)")
                }
            }
            print("permission matrix: \(cells) cells over \(table.count) routes")
            #expect(cells > 2_000, "\(cells) cells")
        }
    }

    static func expectRefused(_ result: TestClient.Result, account: Account, api: Bool, _ what: String) {
        if account == .signedOut {
            if api {
                #expect(result.status == .unauthorized, "\(what) signed out: \(result.status)")
            } else {
                #expect(
                    result.status == .seeOther && result.location?.hasPrefix("/login") == true,
                    "\(what) signed out: \(result.status)")
            }
        } else {
            #expect(
                [.forbidden, .notFound].contains(result.status),
                "\(what) as \(account.rawValue): \(result.status) \(result.body.prefix(160))")
        }
    }

    static func send(_ client: TestClient, _ method: String, _ path: String, _ body: String, api: Bool) async throws
        -> TestClient.Result
    {
        if api { return try await client.json(HTTPMethod(rawValue: method), path, body.isEmpty ? nil : body) }
        let fields = body.split(separator: "&").map { pair -> (String, String) in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(kv.first ?? ""), (kv.count > 1 ? String(kv[1]) : "").removingPercentEncoding ?? "")
        }
        return try await client.post(path, form: fields)
    }

}
