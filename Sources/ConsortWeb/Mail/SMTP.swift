import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Where and how mail is sent: `CONSORT_SMTP_URL`, one of
/// `smtp://host:port` (plain, for a relay on the same host or a test sink),
/// `smtp+starttls://user:password@host:587` (upgraded with STARTTLS, required), or
/// `smtps://user:password@host:465` (TLS from the start). A user and password are sent with
/// AUTH PLAIN, and only over TLS.
public struct SMTPSettings: Sendable, Equatable {
    public enum Security: String, Sendable { case none, startTLS, tls }

    public let host: String
    public let port: Int
    public let security: Security
    public let username: String?
    public let password: String?

    /// Reads the URL; nil with the reason when it is not one of the three forms.
    public static func parse(_ text: String) -> Result<SMTPSettings, SMTPError> {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
            let host = url.host, !host.isEmpty
        else {
            return .failure(
                SMTPError("CONSORT_SMTP_URL is not a URL such as smtp+starttls://user:pass@mail.example:587"))
        }
        let security: Security
        let defaultPort: Int
        switch scheme {
        case "smtp": (security, defaultPort) = (.none, 25)
        case "smtp+starttls": (security, defaultPort) = (.startTLS, 587)
        case "smtps": (security, defaultPort) = (.tls, 465)
        default:
            return .failure(
                SMTPError("CONSORT_SMTP_URL must start smtp://, smtp+starttls:// or smtps://, not \(scheme)://"))
        }
        let port = url.port ?? defaultPort
        guard (1...65535).contains(port) else { return .failure(SMTPError("CONSORT_SMTP_URL has no valid port")) }
        if url.user != nil, security == .none {
            return .failure(
                SMTPError("CONSORT_SMTP_URL gives a password over plain SMTP; use smtp+starttls:// or smtps://"))
        }
        return .success(
            SMTPSettings(
                host: host, port: port, security: security, username: url.user?.removingPercentEncoding,
                password: url.password?.removingPercentEncoding))
    }
}

public struct SMTPError: Error, CustomStringConvertible, Sendable {
    public let description: String
    /// Whether trying again later may succeed (a 4xx reply or a network failure); a 5xx reply
    /// to the recipient is permanent.
    public let transient: Bool

    public init(_ description: String, transient: Bool = true) {
        self.description = description
        self.transient = transient
    }
}

/// One message: plain text, UTF-8, with a Message-ID fixed by its notification so that a
/// receiving system can recognise a repeat.
public struct MailMessage: Sendable {
    public let from: String
    public let to: String
    public let subject: String
    public let body: String
    public let messageID: String

    public init(from: String, to: String, subject: String, body: String, messageID: String) {
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.messageID = messageID
    }

    /// The message as sent after DATA: headers, a blank line, the body with lines that begin
    /// with a dot doubled (RFC 5321 §4.5.2), ending with the lone dot.
    var data: String {
        let date = Self.dateFormatter.string(from: Date())
        var lines = [
            "From: \(from)", "To: \(to)", "Subject: \(Self.encodedHeader(subject))", "Date: \(date)",
            "Message-ID: <\(messageID)>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit", "",
        ]
        let text = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append(line.hasPrefix(".") ? "." + line : String(line))
        }
        return lines.joined(separator: "\r\n") + "\r\n.\r\n"
    }

    /// An RFC 2047 encoded word when the header is not plain ASCII.
    static func encodedHeader(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 > 126 || $0 < 32 }) else { return text }
        return "=?utf-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    private static let dateFormatter: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return f
    }()
}

/// A small SMTP client (RFC 5321) on SwiftNIO: one connection per message, EHLO, STARTTLS or
/// TLS as configured, AUTH PLAIN when a user is given, MAIL, RCPT, DATA, QUIT.
public enum SMTPClient {
    public static func send(
        _ message: MailMessage, via settings: SMTPSettings, heloName: String = "consort.localhost",
        on group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, timeout: TimeAmount = .seconds(30)
    ) async throws {
        let tls = try NIOSSLContext(configuration: .makeClientConfiguration())
        let host = settings.host
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(timeout)
                .connect(host: host, port: settings.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if settings.security == .tls {
                            try channel.pipeline.syncOperations.addHandler(
                                NIOSSLClientHandler(context: tls, serverHostname: host))
                        }
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw SMTPError("cannot connect to the mail server \(host):\(settings.port): \(error)")
        }
        try await channel.executeThenClose { inbound, outbound in
            var conversation = Conversation(iterator: inbound.makeAsyncIterator())
            func command(_ line: String, expect: ClosedRange<Int>, what: String) async throws -> Reply {
                try await outbound.write(ByteBuffer(string: line + "\r\n"))
                return try await conversation.expect(expect, what)
            }
            _ = try await conversation.expect(220...220, "the greeting")
            var ehlo = try await command("EHLO \(heloName)", expect: 250...250, what: "EHLO")
            if settings.security == .startTLS {
                guard ehlo.lines.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) else {
                    throw SMTPError("the mail server does not offer STARTTLS", transient: false)
                }
                _ = try await command("STARTTLS", expect: 220...220, what: "STARTTLS")
                try await channel.channel.eventLoop.submit {
                    try channel.channel.pipeline.syncOperations.addHandler(
                        NIOSSLClientHandler(context: tls, serverHostname: host), position: .first)
                }.get()
                ehlo = try await command("EHLO \(heloName)", expect: 250...250, what: "EHLO after STARTTLS")
            }
            if let user = settings.username {
                let token = Data("\u{0}\(user)\u{0}\(settings.password ?? "")".utf8).base64EncodedString()
                _ = try await command("AUTH PLAIN \(token)", expect: 235...235, what: "AUTH")
            }
            _ = try await command("MAIL FROM:<\(message.from)>", expect: 250...250, what: "MAIL FROM")
            _ = try await command("RCPT TO:<\(message.to)>", expect: 250...251, what: "RCPT TO")
            _ = try await command("DATA", expect: 354...354, what: "DATA")
            try await outbound.write(ByteBuffer(string: message.data))
            _ = try await conversation.expect(250...250, "the end of the message")
            try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))
        }
    }

    struct Reply {
        let code: Int
        let lines: [String]
    }

    /// Reads replies, each one or more lines `NNN-text` ending with `NNN text`.
    struct Conversation {
        var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        var pending = ""

        mutating func line() async throws -> String {
            while true {
                if let range = pending.range(of: "\r\n") ?? pending.range(of: "\n") {
                    let line = String(pending[..<range.lowerBound])
                    pending.removeSubrange(pending.startIndex..<range.upperBound)
                    return line
                }
                guard pending.utf8.count < 64 * 1024 else { throw SMTPError("the mail server sent an overlong line") }
                guard var buffer = try await iterator.next() else {
                    throw SMTPError("the mail server closed the connection")
                }
                pending += buffer.readString(length: buffer.readableBytes) ?? ""
            }
        }

        mutating func expect(_ codes: ClosedRange<Int>, _ what: String) async throws -> Reply {
            var lines: [String] = []
            while true {
                let line = try await line()
                let bytes = Array(line.utf8)
                guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)) else {
                    throw SMTPError("the mail server's reply to \(what) is not SMTP: \(line.prefix(80))")
                }
                lines.append(String(decoding: bytes.dropFirst(min(4, bytes.count)), as: UTF8.self))
                if bytes.count > 3, bytes[3] == UInt8(ascii: "-") { continue }
                guard codes.contains(code) else {
                    throw SMTPError(
                        "the mail server refused \(what): \(code) \(lines.joined(separator: " ").prefix(200))",
                        transient: code < 500)
                }
                return Reply(code: code, lines: lines)
            }
        }
    }
}
