import ConsortCore
import Foundation
import SQLKit
import Vapor

/// Notifications: an outbox row written in the same transaction as the change it tells of,
/// shown in the app to its account and, when the person has an email address and a mail server
/// is configured, delivered by email with retries. Each event has a key (`event_key`, unique):
/// a retried write or a second sweep finds the row already there and adds nothing.
package enum Outbox {
    /// What a notification is about.
    package enum Kind: String, Sendable, CaseIterable {
        case invitation
        case declarationDue = "declaration-due"
        case declarationOverdue = "declaration-overdue"
        case credentialExpiring = "credential-expiring"
        case credentialExpired = "credential-expired"
        case rotaPublished = "rota-published"
        case sessionChanged = "session-changed"
        case dspt
        case ballot
        case survey

        package var label: String {
            switch self {
            case .invitation: return "Invitation"
            case .declarationDue: return "Declaration due"
            case .declarationOverdue: return "Declaration overdue"
            case .credentialExpiring: return "Credential expiring"
            case .credentialExpired: return "Credential expired"
            case .rotaPublished: return "Rota published"
            case .sessionChanged: return "Session changed"
            case .dspt: return "Data security toolkit"
            case .ballot: return "Ballot"
            case .survey: return "Survey"
            }
        }
    }

    /// One notification to add: to an account, a person, an address, or several of these.
    package struct Message: Sendable {
        package var userID: Int64?
        package var personID: Int64?
        package var email: String?
        package let kind: Kind
        package let subject: String
        package let body: String
        /// The path in Consort where the person acts, e.g. `/me/credentials`.
        package let link: String
        package let eventKey: String
        /// A one-time token the email carries in place of `{secret}` in `link`; stored sealed.
        package var secret: String?
        /// Where the notification links in the app, when not `link` (a link with a secret).
        package var page: String?

        package init(
            userID: Int64? = nil, personID: Int64? = nil, email: String? = nil, kind: Kind, subject: String,
            body: String, link: String, eventKey: String, secret: String? = nil, page: String? = nil
        ) {
            self.page = page
            self.userID = userID
            self.personID = personID
            self.email = email
            self.kind = kind
            self.subject = subject
            self.body = body
            self.link = link
            self.eventKey = eventKey
            self.secret = secret
        }
    }

    /// Adds a notification inside the caller's transaction, unless one with its event key
    /// exists. A person's account and work email are found from the person when not given.
    /// Returns whether a row was added.
    @discardableResult
    package static func add(_ message: Message, on db: any SQLDatabase, now: Date = Date()) async throws -> Bool {
        var m = message
        if let person = m.personID {
            struct Row: Decodable {
                let email: String?
                let userId: Int64?
            }
            let row = try await db.raw(
                """
                SELECT p.email, u.id AS user_id FROM people p LEFT JOIN users u ON u.person_id = p.id \
                WHERE p.id = \(bind: person)
                """
            ).first(decoding: Row.self, with: snakeCaseRows)
            m.email = m.email ?? row?.email
            m.userID = m.userID ?? row?.userId
        }
        let status = m.email == nil ? Status.app : Status.pending
        let sealed = try m.secret.map(Secrets.seal)
        struct ID: Decodable { let id: Int64 }
        let added = try await db.raw(
            """
            INSERT INTO notifications (user_id, person_id, email, kind, subject, body, link, page, secret, event_key, \
            status, attempts, next_attempt_at, created_at)
            VALUES (\(bind: m.userID), \(bind: m.personID), \(bind: m.email), \(bind: m.kind.rawValue), \
            \(bind: m.subject), \(bind: m.body), \(bind: m.link), \(bind: m.page), \(bind: sealed), \
            \(bind: m.eventKey), \
            \(bind: status.rawValue), 0, \(bind: Int64(now.timeIntervalSince1970)), \(bind: AuditChain.timestamp(now)))
            ON CONFLICT (event_key) DO NOTHING RETURNING id
            """
        ).first(decoding: ID.self)
        return added != nil
    }

    package enum Status: String, Sendable {
        /// Waiting to be emailed (or being emailed: `next_attempt_at` is the lease's end).
        case pending
        case sending
        case sent
        /// No address, or delivery gave up: shown in the app only.
        case app
        case failed
    }

    package struct Row: Decodable, Sendable {
        package let id: Int64
        package let kind: String
        package let subject: String
        package let body: String
        package let link: String
        package let page: String?
        package let status: String
        package let readAt: String?
        package let createdAt: String
        package let sentAt: String?
        package let lastError: String?

        package var label: String { Kind(rawValue: kind)?.label ?? kind }
        /// Where the notification links in the app: its page, else its link unless that holds a
        /// secret (which only the email carries).
        package var appLink: String? { page ?? (link.contains("{secret}") ? nil : link) }
    }

    /// A user's notifications, newest first, a page at a time.
    package static func list(user: Int64, limit: Int, offset: Int, on db: any SQLDatabase) async throws -> [Row] {
        try await db.raw(
            """
            SELECT id, kind, subject, body, link, page, status, read_at, created_at, sent_at, last_error \
            FROM notifications \
            WHERE user_id = \(bind: user) ORDER BY created_at DESC, id DESC LIMIT \(bind: limit) OFFSET \(bind: offset)
            """
        ).all(decoding: Row.self, with: snakeCaseRows)
    }

    package static func counts(user: Int64, on db: any SQLDatabase) async throws -> (all: Int, unread: Int) {
        struct N: Decodable {
            let all: Int
            let unread: Int?
        }
        let n = try await db.raw(
            """
            SELECT COUNT(*) AS "all", SUM(CASE WHEN read_at IS NULL THEN 1 ELSE 0 END) AS unread FROM notifications \
            WHERE user_id = \(bind: user)
            """
        ).first(decoding: N.self)
        return (n?.all ?? 0, n?.unread ?? 0)
    }

    /// Marks every notification of the user read.
    package static func markRead(user: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE notifications SET read_at = \(bind: AuditChain.timestamp()) WHERE user_id = \(bind: user) "
                + "AND read_at IS NULL"
        ).run()
    }

    /// Links every notification made for a person before they had an account to it.
    package static func adopt(person: Int64, user: Int64, on db: any SQLDatabase) async throws {
        try await db.raw(
            "UPDATE notifications SET user_id = \(bind: user) WHERE person_id = \(bind: person) AND user_id IS NULL"
        ).run()
    }
}

/// Sealing one-time tokens that must wait in the database to be emailed: AES-GCM with a key
/// derived from the audit key, which is kept outside the database.
package enum Secrets {
    static func key() throws -> SymmetricKey { try AuditKeyring.require().derived(for: "consort outbox secrets v1") }

    package static func seal(_ text: String) throws -> String {
        try AES.GCM.seal(Data(text.utf8), using: key()).combined!.base64EncodedString()
    }

    package static func open(_ sealed: String) throws -> String {
        guard let data = Data(base64Encoded: sealed) else {
            throw SMTPError("a sealed link is damaged", transient: false)
        }
        let plain = try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key())
        return String(decoding: plain, as: UTF8.self)
    }
}
