import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Testing
import Vapor

@Suite("Heavy work off the event loop, link pages rate-limited, 405 before CSRF", .serialized)
struct HeavyWorkTests {
    /// A ballot file that takes Meek a while: 40 candidates, 3 seats, 3,000 different rankings.
    static func bigBallotFile() -> String {
        var random = SystemRandomNumberGenerator()
        var text = "40 3\n"
        for _ in 0..<3_000 {
            let ranking = Array(1...40).shuffled(using: &random).prefix(Int.random(in: 5...40, using: &random))
            text += "1 " + ranking.map(String.init).joined(separator: " ") + " 0\n"
        }
        return text + "0\n" + (1...40).map { "\"Candidate \($0)\"" }.joined(separator: " ") + " \"Bench\"\n"
    }

    @Test("A count runs on the heavy-work pool: /health answers while it runs; the count then shows")
    func countOffTheLoop() async throws {
        try await withTestApp { app in
            try await makeUser(app, "counter", .administrator)
            let counter = TestClient(app: app)
            try await counter.signIn("counter", testPassword)
            try await counter.get("/elections/count")
            let file = Self.bigBallotFile()
            let first = Task {
                try await counter.post("/elections/count", form: [("ballots", file), ("method", "meek")])
            }
            // Wait until the count is on the pool.
            for _ in 0..<500 where app.heavyWork.inFlight == 0 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(app.heavyWork.inFlight == 1, "the count did not start")
            let health = try await TestClient(app: app).get("/health")
            #expect(health.status == .ok)
            let done = try await first.value
            #expect(done.status == .ok && done.body.contains("Candidate"), "\(done.status)")
            #expect(app.heavyWork.inFlight == 0)
        }
    }

    @Test(
        """
        The pool's queue is bounded: past it (503), or with a job of one's own still running (429), callers are told \
        to wait, and nothing is started
        """
    )
    func queueBound() async throws {
        let work = HeavyWork(threads: 1, queue: 2, perPerson: 1)
        defer { Task { try? await work.shutdown() } }
        let blocker = Task {
            try await work.run(for: "a") {
                // Holds the only thread until the test has tried the others.
                Thread.sleep(forTimeInterval: 0.3)
                return 1
            }
        }
        for _ in 0..<200 where work.inFlight == 0 { try await Task.sleep(for: .milliseconds(5)) }
        func status(_ person: String) async -> HTTPStatus? {
            do {
                _ = try await work.run(for: person) { 0 }
                return nil
            } catch let abort as Abort { return abort.status } catch { return .internalServerError }
        }
        #expect(await status("a") == .tooManyRequests, "a second job of one's own")
        let waiting = Task { try await work.run(for: "b") { 2 } }
        for _ in 0..<200 where work.inFlight < 2 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(await status("c") == .serviceUnavailable, "the queue is full")
        let results = (try await blocker.value, try await waiting.value)
        #expect(results.0 == 1 && results.1 == 2)
        #expect(work.inFlight == 0)
        #expect(await status("c") == nil, "room again")
    }

    @Test("An emailed link's page answers 429 with Retry-After past 60 requests a minute from one address")
    func linkRateLimit() async throws {
        try await withTestApp { app in
            let client = TestClient(app: app)
            var statuses: [HTTPStatus] = []
            for _ in 0..<61 { statuses.append(try await client.get("/ballots/not-a-token").status) }
            #expect(statuses.prefix(60).allSatisfy { $0 == .notFound })
            let refused = try await client.get("/ballots/not-a-token")
            #expect(refused.status == .tooManyRequests && refused.headers.first(name: "Retry-After") != nil)
            // Other pages are not limited this way.
            #expect(try await client.get("/login").status == .ok)
        }
    }

    @Test("A method the address does not take is 405 with Allow, before the CSRF check, signed in or not")
    func methodNotAllowed() async throws {
        try await withTestApp { app in
            let stranger = TestClient(app: app)
            let put = try await stranger.send(.PUT, "/login", headers: [:], body: nil)
            #expect(put.status == .methodNotAllowed && put.headers.first(name: .allow) == "GET, HEAD, POST")
            let delete = try await stranger.send(.DELETE, "/groups/01F", headers: [:], body: nil)
            #expect(delete.status == .methodNotAllowed && delete.headers.first(name: .allow) == "GET, HEAD")
            // A path with no route at all is still 404.
            #expect(try await stranger.send(.PUT, "/no-such-page", headers: [:], body: nil).status == .notFound)
        }
    }
}
