import ConsortCore
import Foundation
import SQLKit
import Vapor

/// Delivers the outbox by email. Each due row is first claimed (its status set to `sending`
/// with a lease) by an update that only one instance or attempt can win, so a row is sent once
/// however many deliveries run at the same time; a failure is retried with a growing wait, up to
/// `maxAttempts`, after which the notification stays in the app only.
package enum Delivery {
    package static let maxAttempts = 8
    /// How long a claimed row is left to its sender before another may try it again.
    package static let lease: Int64 = 600

    package typealias Send = @Sendable (MailMessage) async throws -> Void

    /// Sends every due notification; returns how many were sent and how many failed this time.
    @discardableResult
    package static func run(
        on db: any SQLDatabase, from: String, publicURL: String, now: Date = Date(), send: Send
    ) async throws -> (sent: Int, failed: Int) {
        struct Due: Decodable {
            let id: Int64
            let email: String
            let subject: String
            let body: String
            let link: String
            let secret: String?
            let attempts: Int
        }
        let clock = Int64(now.timeIntervalSince1970)
        let due = try await db.raw(
            """
            SELECT id, email, subject, body, link, secret, attempts FROM notifications
            WHERE status IN ('pending', 'sending') AND next_attempt_at <= \(bind: clock) AND email IS NOT NULL
            ORDER BY id LIMIT 100
            """
        ).all(decoding: Due.self)
        var sent = 0
        var failed = 0
        struct ID: Decodable { let id: Int64 }
        for row in due {
            // The claim: only one caller's update matches the row's state as it was read.
            guard
                try await db.raw(
                    """
                    UPDATE notifications SET status = 'sending', next_attempt_at = \(bind: clock + lease), \
                    attempts = attempts + 1
                    WHERE id = \(bind: row.id) AND status IN ('pending', 'sending') \
                    AND next_attempt_at <= \(bind: clock) AND attempts = \(bind: row.attempts) RETURNING id
                    """
                ).first(decoding: ID.self) != nil
            else { continue }
            var link = row.link
            if let secret = row.secret {
                do {
                    link = link.replacingOccurrences(of: "{secret}", with: try Secrets.open(secret))
                } catch {
                    try await giveUp(row.id, error, on: db)
                    failed += 1
                    continue
                }
            }
            let message = MailMessage(
                from: from, to: row.email, subject: row.subject,
                body: row.body + "\n\n\(publicURL)\(link)\n\n-- \nConsort. You receive this because your "
                    + "organisation records your work email in its people directory.",
                messageID: "notification-\(row.id)@\(URLComponents(string: publicURL)?.host ?? "consort")")
            do {
                try await send(message)
                try await db.raw(
                    "UPDATE notifications SET status = 'sent', sent_at = \(bind: AuditChain.timestamp()), "
                        + "last_error = NULL, secret = NULL WHERE id = \(bind: row.id)"
                ).run()
                sent += 1
            } catch {
                failed += 1
                let attempts = row.attempts + 1
                let permanent = (error as? SMTPError).map { !$0.transient } ?? false
                if permanent || attempts >= maxAttempts {
                    try await giveUp(row.id, error, on: db)
                    continue
                }
                let wait = Int64(60) << Int64(min(attempts, 10))
                try await db.raw(
                    """
                    UPDATE notifications SET status = 'pending', next_attempt_at = \(bind: clock + wait), \
                    last_error = \(bind: String(String(describing: error).prefix(300))) WHERE id = \(bind: row.id)
                    """
                ).run()
            }
        }
        return (sent, failed)
    }

    static func giveUp(_ id: Int64, _ error: any Error, on db: any SQLDatabase) async throws {
        try await db.raw(
            """
            UPDATE notifications SET status = 'failed', secret = NULL, \
            last_error = \(bind: String(String(describing: error).prefix(300))) WHERE id = \(bind: id)
            """
        ).run()
    }
}

extension Application {
    /// Sends the due notifications through the configured mail server (nothing without one).
    @discardableResult
    package func deliverNotifications(now: Date = Date()) async throws -> (sent: Int, failed: Int) {
        guard let smtp = consortConfig.smtp else { return (0, 0) }
        return try await Delivery.run(
            on: Store.sql(db), from: consortConfig.mailFrom, publicURL: consortConfig.publicURL, now: now
        ) { message in
            try await SMTPClient.send(message, via: smtp)
        }
    }

    /// Every feature's sweep for notifications due on a day (declarations due, credentials expiring).
    package func sweepNotifications(on day: Day) async throws {
        for feature in features { try await feature.sweep?(self, day) }
    }

    /// Runs the sweeps every hour and delivers every 30 seconds until cancelled.
    package func runNotificationWorker() async {
        var lastSweep = Date.distantPast
        while !Task.isCancelled {
            do {
                if Date().timeIntervalSince(lastSweep) >= 3600 {
                    try await sweepNotifications(on: Day.today())
                    lastSweep = Date()
                }
                try await deliverNotifications()
            } catch {
                logger.error("notifications: \(String(describing: error).prefix(300))")
            }
            try? await Task.sleep(for: .seconds(30))
        }
    }
}
