import ConsortApp
import ConsortCore
import ConsortWeb
import Foundation
import Importers
import NIOConcurrencyHelpers
import RegistryWeb
import SQLKit
import Vapor
import VaporTesting

/// The repository's root, found from this file's path.
public let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The shipped dataset directory.
public let shippedData = repositoryRoot.appendingPathComponent("data")

/// Small hand-made datasets under `Tests/Fixtures/`.
public func fixture(_ name: String) -> URL {
    repositoryRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(name)
}

/// Which database the tests run on: SQLite files (default) or PostgreSQL when
/// `CONSORT_TEST_DATABASE=postgres`, with `CONSORT_TEST_POSTGRES_URL` naming a server where the
/// user may create databases (e.g. `postgres://postgres@127.0.0.1:5433/postgres`).
public enum TestDatabase {
    public static var isPostgres: Bool { ProcessInfo.processInfo.environment["CONSORT_TEST_DATABASE"] == "postgres" }

    static var adminURL: String {
        ProcessInfo.processInfo.environment["CONSORT_TEST_POSTGRES_URL"]
            ?? "postgres://postgres@127.0.0.1:5432/postgres"
    }

    /// A fresh, empty, migrated database for one test, and a function that removes it.
    public static func make() async throws -> (AppConfig.Database, cleanup: @Sendable () -> Void) {
        if isPostgres {
            let template = try await Template.shared.ready()
            let name =
                "consort_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            try psql("CREATE DATABASE \(name) TEMPLATE \(template)")
            return (
                .postgres(url: url(database: String(name))),
                { try? psql("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
            )
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "consort-test-\(UUID().uuidString).sqlite"
        ).path
        return (
            .sqlite(path: path),
            {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
        )
    }

    static func url(database: String) -> String {
        var components = URLComponents(string: adminURL)!
        components.path = "/" + database
        return components.string!
    }

    /// Runs one SQL statement on the server's administrative database with psql.
    static func psql(_ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", adminURL, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            let message = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw TestSetupError(description: "psql failed (\(sql)): \(message)")
        }
    }

    /// A migrated template database, made once per test process, that each test copies.
    actor Template {
        static let shared = Template()
        private var making: Task<String, any Error>?

        /// The first caller makes the template; the others wait for the same task.
        func ready() async throws -> String {
            if let making { return try await making.value }
            let task = Task { try await Template.make() }
            making = task
            return try await task.value
        }

        private static func make() async throws -> String {
            let name =
                "consort_template_\(ProcessInfo.processInfo.processIdentifier)_\(Int(Date().timeIntervalSince1970))"
            try psql("CREATE DATABASE \(name)")
            let app = try await Application.make(.testing)
            do {
                try configure(app, config: testConfig(.postgres(url: url(database: name))))
                _ = try await prepareDatabase(app, loadData: false)
                try await app.asyncShutdown()
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            return name
        }
    }
}

public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
}

/// The audit key every test application uses (the key is the process's: one per process).
public let testAuditKey = AuditKey(text: String(repeating: "0123456789abcdef", count: 4))!

/// The configuration tests use: fast password hashing, no dataset loaded unless asked, the test
/// audit key, and audit checkpoints in `checkpoints` (none when nil).
public func testConfig(_ database: AppConfig.Database, checkpoints: URL? = nil) -> AppConfig {
    AppConfig(
        database: database, dataDirectory: nil, secureCookies: false, sessionLifetime: 3600, bcryptCost: 4,
        logLevel: "error",
        auditKey: testAuditKey, auditCheckpointFile: checkpoints)
}

/// A checkpoint file path of a test's own, and a function that removes it.
public func temporaryCheckpointFile() -> (URL, @Sendable () -> Void) {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
        "consort-test-\(UUID().uuidString).checkpoints")
    return (url, { try? FileManager.default.removeItem(at: url) })
}

/// What to load into a test's registry.
public enum TestData: Sendable {
    case empty
    /// A dataset directory in Consort's layout, imported as a snapshot.
    case dataset(URL, date: Day? = nil)
}

/// Runs `body` with an application on a fresh database of its own, loaded with `data`.
public func withTestApp<T>(
    _ data: TestData = .empty, database: AppConfig.Database? = nil,
    config adjust: (inout AppConfig) -> Void = { _ in },
    _ body: (Application) async throws -> T
) async throws -> T {
    var cleanup: @Sendable () -> Void = {}
    let db: AppConfig.Database
    if let database {
        db = database
    } else {
        let made = try await TestDatabase.make()
        db = made.0
        cleanup = made.cleanup
    }
    let (checkpoints, removeCheckpoints) = temporaryCheckpointFile()
    defer {
        cleanup()
        removeCheckpoints()
    }
    let app = try await Application.make(.testing)
    do {
        var config = testConfig(db, checkpoints: checkpoints)
        adjust(&config)
        try configure(app, config: config)
        _ = try await prepareDatabase(app, loadData: false)
        if case .dataset(let url, let date) = data {
            try await importDataset(app, url, date: date)
        }
        let result = try await body(app)
        try await app.asyncShutdown()
        return result
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
}

/// Imports a file or dataset directory as the command line would.
@discardableResult
public func importDataset(
    _ app: Application, _ url: URL, date: Day? = nil, format: SourceFormat? = nil,
    options: ImportOptions = ImportOptions(today: Day(year: 2026, month: 11, day: 25)!)
) async throws -> RegistryStore.Outcome {
    let snapshot = try SnapshotReader.read(url, format: format, date: date)
    let outcome = try await RegistryStore.importSnapshot(snapshot, options: options, actor: "test", on: app.db)
    await app.testRegistryChanged()
    return outcome
}

/// A browser-like client: keeps cookies, reads CSRF tokens from pages, posts forms.
public final class TestClient: @unchecked Sendable {
    public let app: Application
    private let cookies = NIOLockedValueBox<[String: String]>([:])
    public private(set) var csrfToken: String?

    public init(app: Application) { self.app = app }

    public struct Result: Sendable {
        public let status: HTTPStatus
        public let headers: HTTPHeaders
        public let body: String

        public var location: String? { headers.first(name: .location) }

        public func json<T: Decodable>(_ type: T.Type) throws -> T {
            let decoder = JSONDecoder()
            return try decoder.decode(T.self, from: Data(body.utf8))
        }
    }

    private var cookieHeader: String {
        cookies.withLockedValue { $0.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
    }

    @discardableResult
    public func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> Result {
        try await send(.GET, path, headers: headers, body: nil)
    }

    /// Posts a form, adding the CSRF token last seen unless `csrf` is given ("" sends none).
    @discardableResult
    public func post(_ path: String, form: [(String, String)], csrf: String? = nil) async throws -> Result {
        var fields = form
        let token = csrf ?? csrfToken ?? ""
        if !token.isEmpty { fields.append(("_csrf", token)) }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = fields.map { (name: String, value: String) -> String in
            let name = name.addingPercentEncoding(withAllowedCharacters: allowed)!
            return "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }
        .joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await send(.POST, path, headers: headers, body: body)
    }

    /// Posts a multipart form with one file, as a browser's file upload does, adding the CSRF
    /// token last seen.
    @discardableResult
    public func upload(
        _ path: String, fields: [(String, String)], file: (field: String, name: String, content: String)
    ) async throws -> Result {
        let boundary = "consort-test-\(UUID().uuidString)"
        var body = ""
        for (name, value) in fields + [("_csrf", csrfToken ?? "")] {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body +=
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\n"
            + "Content-Type: text/csv\r\n\r\n\(file.content)\r\n--\(boundary)--\r\n"
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await send(.POST, path, headers: headers, body: body)
    }

    /// Sends JSON (API calls), with the CSRF token as a header when signed in by cookie.
    @discardableResult
    public func json(_ method: HTTPMethod, _ path: String, _ body: String? = nil, headers extra: HTTPHeaders = [:])
        async throws -> Result
    {
        var headers = extra
        if body != nil { headers.contentType = .json }
        if let csrfToken, headers.first(name: "X-CSRF-Token") == nil, headers.first(name: .authorization) == nil {
            headers.add(name: "X-CSRF-Token", value: csrfToken)
        }
        return try await send(method, path, headers: headers, body: body)
    }

    public func send(_ method: HTTPMethod, _ path: String, headers extra: HTTPHeaders, body: String?) async throws
        -> Result
    {
        var headers = extra
        if !cookieHeader.isEmpty, headers.first(name: .authorization) == nil {
            headers.add(name: .cookie, value: cookieHeader)
        }
        let response = try await app.testing().sendRequest(
            method, path, headers: headers, body: body.map { ByteBuffer(string: $0) })
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";").first.map(String.init) ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                cookies.withLockedValue { _ = $0.removeValue(forKey: parts.first ?? "") }
                continue
            }
            let expired = header.contains("Max-Age=0") || parts[1].isEmpty
            cookies.withLockedValue { $0[parts[0]] = expired ? nil : parts[1] }
        }
        let text = response.body.string
        if let range = text.range(of: "name=\"_csrf\" value=\"") {
            let rest = text[range.upperBound...]
            if let end = rest.firstIndex(of: "\"") { csrfToken = String(rest[..<end]) }
        }
        return Result(status: response.status, headers: response.headers, body: text)
    }

    public var sessionCookie: String? { cookies.withLockedValue { $0["consort_session"] } }

    public func setSessionCookie(_ value: String) { cookies.withLockedValue { $0["consort_session"] = value } }

    /// Signs in through the login form.
    @discardableResult
    public func signIn(_ username: String, _ password: String) async throws -> Result {
        try await get("/login")
        return try await post("/login", form: [("username", username), ("password", password), ("next", "/")])
    }
}

public let testPassword = "correct horse battery staple"

/// Creates an account with one role for tests.
public func makeUser(_ app: Application, _ username: String, _ role: Role, scope: String? = nil) async throws {
    try await app.consortCreateUser(username: username, role: role, scope: scope, password: testPassword)
}

/// The link a person was last emailed of a kind (`invitation`, `ballot`, `survey`), as they would
/// read it in their inbox: the secret sealed in the outbox, opened; "" when none was sent.
package func emailedSecret(_ app: Application, person: Int64, kind: String = "invitation") async throws -> String {
    struct Row: Decodable { let secret: String? }
    let row = try await (app.db as! any SQLDatabase).raw(
        """
        SELECT secret FROM notifications WHERE person_id = \(bind: person) AND kind = \(bind: kind) \
        AND secret IS NOT NULL ORDER BY id DESC
        """
    ).first(decoding: Row.self)
    return try row?.secret.map(Secrets.open) ?? ""
}
