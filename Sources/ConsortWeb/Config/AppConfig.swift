import ConsortCore
import Foundation

/// Every setting Consort reads, decoded once from the environment at start.
///
/// | variable | default | meaning |
/// | --- | --- | --- |
/// | `DATABASE_URL` | unset | `postgres://user:password@host:port/database`: use PostgreSQL |
/// | `CONSORT_SQLITE_PATH` | `consort.sqlite` | the SQLite file when `DATABASE_URL` is unset |
/// | `CONSORT_DATA_DIR` | the repository's `data/` | the dataset loaded into an empty registry at first start |
/// | `CONSORT_POLICY_DIR` | the repository's `policies/` | the policies offered for assurance checks |
/// | `CONSORT_COST_MODEL` | the repository's `finance/cost-model.toml` | the cost model of the finance pages |
/// | `CONSORT_SECURE_COOKIES` | `0` | `1` marks the session cookie Secure (serve over HTTPS) |
/// | `CONSORT_SESSION_HOURS` | `8` | idle time after which a session ends |
/// | `CONSORT_BCRYPT_COST` | `12` | bcrypt work factor for passwords (4–31) |
/// | `CONSORT_TRUST_PROXY` | `0` | `1` takes the client address from `X-Forwarded-For` (behind a load balancer) |
/// | `CONSORT_LOG_LEVEL` | `notice` | `trace` … `critical` |
/// | `CONSORT_VERSION_CHECK_MS` | `250` | how often an instance looks for changes made by other instances |
/// | `CONSORT_AUDIT_KEY` | unset | the audit log's key as 64 hex digits; overrides the key file |
/// | `CONSORT_AUDIT_KEY_FILE` | `consort-audit.key` | the audit key's file, made (mode 600) at first start if absent |
/// | `CONSORT_AUDIT_CHECKPOINTS` | `consort-audit.checkpoints` | the append-only file of audit checkpoints |
/// | `CONSORT_SMTP_URL` | unset | `smtp://`, `smtp+starttls://` or `smtps://` server; unset: notices in the app only |
/// | `CONSORT_MAIL_FROM` | `consort@localhost` | the sender address of notifications |
/// | `CONSORT_PUBLIC_URL` | `http://localhost:8080` | the address users reach Consort at, for links in emails |
public struct AppConfig: Sendable {
    public enum Database: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public var database: Database
    public var dataDirectory: URL?
    public var policyDirectory: URL?
    public var costModel: URL?
    public var secureCookies: Bool
    public var sessionLifetime: TimeInterval
    public var bcryptCost: Int
    public var trustProxy: Bool
    public var logLevel: String
    /// How long an instance trusts its last reading of the registry version.
    public var versionCheckInterval: TimeInterval
    /// The audit key given directly (`CONSORT_AUDIT_KEY`); when nil it is read from `auditKeyFile`.
    public var auditKey: AuditKey?
    /// Where the audit key is kept when not given directly.
    public var auditKeyFile: URL
    /// Whether a missing key file may be created with a new key (not when only verifying).
    public var createAuditKey: Bool
    /// The append-only file of audit checkpoints; nil writes none (tests of the database alone).
    public var auditCheckpointFile: URL?
    /// The mail server notifications are sent through; nil shows them in the app only.
    public var smtp: SMTPSettings?
    /// The sender address of notifications.
    public var mailFrom: String
    /// Where users reach Consort, for the links in emails (no trailing slash).
    public var publicURL: String
    /// Opens the database to read only (`consort audit verify`): no migrations, no audit key
    /// recorded, no checkpoints written; SQLite opened read-only, PostgreSQL sessions read-only.
    public var readOnly = false

    public init(
        database: Database, dataDirectory: URL? = nil, policyDirectory: URL? = PolicyLibrary.locate(),
        costModel: URL? = locateInRepository("finance/cost-model.toml"), secureCookies: Bool = false,
        sessionLifetime: TimeInterval = 8 * 3600, bcryptCost: Int = 12, trustProxy: Bool = false,
        logLevel: String = "notice", versionCheckInterval: TimeInterval = 0.25, auditKey: AuditKey? = nil,
        auditKeyFile: URL = URL(fileURLWithPath: "consort-audit.key"), createAuditKey: Bool = true,
        auditCheckpointFile: URL? = URL(fileURLWithPath: "consort-audit.checkpoints"), smtp: SMTPSettings? = nil,
        mailFrom: String = "consort@localhost", publicURL: String = "http://localhost:8080"
    ) {
        self.database = database
        self.dataDirectory = dataDirectory
        self.policyDirectory = policyDirectory
        self.costModel = costModel
        self.secureCookies = secureCookies
        self.sessionLifetime = sessionLifetime
        self.bcryptCost = bcryptCost
        self.trustProxy = trustProxy
        self.logLevel = logLevel
        self.versionCheckInterval = versionCheckInterval
        self.auditKey = auditKey
        self.auditKeyFile = auditKeyFile
        self.createAuditKey = createAuditKey
        self.auditCheckpointFile = auditCheckpointFile
        self.smtp = smtp
        self.mailFrom = mailFrom
        self.publicURL = publicURL
    }

    /// A configuration problem, reported before anything starts.
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String

        package init(description: String) {
            self.description = description
        }
    }

    /// Reads the environment; fails loudly, naming the variable, on a value that cannot be used.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws
        -> AppConfig
    {
        func flag(_ name: String) throws -> Bool {
            switch env[name]?.lowercased() {
            case nil, "", "0", "false", "no": return false
            case "1", "true", "yes": return true
            case let other?: throw Invalid(description: "\(name)=\(other) is not understood; use 1 or 0")
            }
        }
        func number(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
            guard let text = env[name], !text.isEmpty else { return value }
            guard let n = Int(text), range.contains(n) else {
                throw Invalid(
                    description:
                        "\(name)=\(text) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return n
        }
        let database: Database
        if let url = env["DATABASE_URL"], !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw Invalid(
                    description:
                        "DATABASE_URL must start with postgres:// (got \(url.prefix(12))…); unset it to use SQLite")
            }
            database = .postgres(url: url)
        } else {
            database = .sqlite(path: env["CONSORT_SQLITE_PATH"].flatMap { $0.isEmpty ? nil : $0 } ?? "consort.sqlite")
        }
        let level = env["CONSORT_LOG_LEVEL"] ?? "notice"
        guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(level) else {
            throw Invalid(
                description:
                    "CONSORT_LOG_LEVEL=\(level) must be one of trace, debug, info, notice, warning, error, critical")
        }
        var dataDirectory: URL?
        if let dir = env["CONSORT_DATA_DIR"], !dir.isEmpty {
            dataDirectory = URL(fileURLWithPath: dir, isDirectory: true)
            guard FileManager.default.fileExists(atPath: dataDirectory!.appendingPathComponent("practices.csv").path)
            else {
                throw Invalid(
                    description:
                        "CONSORT_DATA_DIR=\(dir) does not hold practices.csv; point it at a dataset directory like the "
                        + "repository's data/"
                )
            }
        } else {
            dataDirectory = AppConfig.locateShippedData()
        }
        var policyDirectory = PolicyLibrary.locate()
        if let dir = env["CONSORT_POLICY_DIR"], !dir.isEmpty {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw Invalid(
                    description:
                        "CONSORT_POLICY_DIR=\(dir) is not a folder; point it at a folder of policy .toml files like "
                        + "the repository's policies/"
                )
            }
            policyDirectory = URL(fileURLWithPath: dir, isDirectory: true)
        }
        var costModel = locateInRepository("finance/cost-model.toml")
        if let file = env["CONSORT_COST_MODEL"], !file.isEmpty {
            guard FileManager.default.fileExists(atPath: file) else {
                throw Invalid(
                    description:
                        "CONSORT_COST_MODEL=\(file) is not a file; point it at a cost model like the repository's "
                        + "finance/cost-model.toml"
                )
            }
            costModel = URL(fileURLWithPath: file)
        }
        var auditKey: AuditKey?
        if let text = env["CONSORT_AUDIT_KEY"], !text.isEmpty {
            guard let key = AuditKey(text: text) else {
                throw Invalid(
                    description:
                        "CONSORT_AUDIT_KEY must be at least 64 hexadecimal digits (32 bytes), e.g. from: openssl rand "
                        + "-hex 32"
                )
            }
            auditKey = key
        }
        func path(_ name: String, default value: String) -> URL {
            URL(fileURLWithPath: env[name].flatMap { $0.isEmpty ? nil : $0 } ?? value)
        }
        var smtp: SMTPSettings?
        if let text = env["CONSORT_SMTP_URL"], !text.isEmpty {
            switch SMTPSettings.parse(text) {
            case .success(let settings): smtp = settings
            case .failure(let problem): throw Invalid(description: problem.description)
            }
        }
        var publicURL = env["CONSORT_PUBLIC_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://localhost:8080"
        while publicURL.hasSuffix("/") { publicURL.removeLast() }
        guard let scheme = URLComponents(string: publicURL)?.scheme, ["http", "https"].contains(scheme) else {
            throw Invalid(
                description:
                    "CONSORT_PUBLIC_URL must be an http:// or https:// address, e.g. https://consort.example.nhs.uk")
        }
        return AppConfig(
            database: database,
            dataDirectory: dataDirectory,
            policyDirectory: policyDirectory,
            costModel: costModel,
            secureCookies: try flag("CONSORT_SECURE_COOKIES"),
            sessionLifetime: TimeInterval(try number("CONSORT_SESSION_HOURS", default: 8, range: 1...720)) * 3600,
            bcryptCost: try number("CONSORT_BCRYPT_COST", default: 12, range: 4...31),
            trustProxy: try flag("CONSORT_TRUST_PROXY"),
            logLevel: level,
            versionCheckInterval: TimeInterval(try number("CONSORT_VERSION_CHECK_MS", default: 250, range: 0...60_000))
                / 1000,
            auditKey: auditKey,
            auditKeyFile: path("CONSORT_AUDIT_KEY_FILE", default: "consort-audit.key"),
            auditCheckpointFile: path("CONSORT_AUDIT_CHECKPOINTS", default: "consort-audit.checkpoints"),
            smtp: smtp, mailFrom: env["CONSORT_MAIL_FROM"].flatMap { $0.isEmpty ? nil : $0 } ?? "consort@localhost",
            publicURL: publicURL
        )
    }

    /// Finds the repository's `data/` folder: in the working directory, or above the running executable.
    public static func locateShippedData(executable: String = CommandLine.arguments.first ?? "") -> URL? {
        locateInRepository("data/practices.csv", executable: executable)?.deletingLastPathComponent()
    }
}

extension AppConfig {
    /// The audit key: `auditKey` if given, else the key file's, else (when allowed) a new key
    /// written to the key file readable by its owner only.
    public func resolveAuditKey() throws -> (key: AuditKey, created: Bool) {
        if let auditKey { return (auditKey, false) }
        let path = auditKeyFile.path
        if FileManager.default.fileExists(atPath: path) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8), let key = AuditKey(text: text) else {
                throw Invalid(
                    description:
                        "the audit key file \(path) does not hold a key (64 hexadecimal digits); restore it from your "
                        + "backup of the key"
                )
            }
            return (key, false)
        }
        guard createAuditKey else {
            throw Invalid(
                description:
                    "there is no audit key at \(path): set CONSORT_AUDIT_KEY or CONSORT_AUDIT_KEY_FILE to the key the "
                    + "log was written with"
            )
        }
        let key = AuditKey.generate()
        let created = FileManager.default.createFile(
            atPath: path, contents: Data((key.text + "\n").utf8), attributes: [.posixPermissions: 0o600])
        guard created else {
            throw Invalid(
                description:
                    "cannot write a new audit key to \(path); check the folder is writable, or set "
                    + "CONSORT_AUDIT_KEY_FILE"
            )
        }
        return (key, true)
    }
}
