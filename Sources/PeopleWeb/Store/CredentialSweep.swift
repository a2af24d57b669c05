import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// Notifications of credentials expiring within 30 days and expired: for the newest record of
/// each kind a person holds, once per record and state (the event key), so that renewing a
/// credential (a newer record) stops the reminders.
package enum CredentialSweep {
    package struct Due: Decodable, Sendable {
        package let id: Int64
        package let personId: Int64
        package let kind: String
        package let label: String?
        package let issuedOn: String
        package let expiresOn: String

        /// What the credential is called: its kind, or its own label for "other".
        package var title: String {
            (kind == CredentialKind.other.rawValue ? label : nil) ?? CredentialKind(rawValue: kind)?.label ?? kind
        }
    }

    /// Records with an expiry up to 30 days after `day` (or past) that no newer record of the
    /// kind replaces: everyone's, or one person's.
    package static func due(on day: Day, person: Int64? = nil, on db: any SQLDatabase) async throws -> [Due] {
        let soon = day.adding(days: 30).iso
        return try await db.raw(
            """
            SELECT c.id, c.person_id, c.kind, c.label, c.issued_on, c.expires_on FROM person_credentials c
            WHERE c.expires_on IS NOT NULL AND c.expires_on <= \(bind: soon) \
            AND (\(bind: person ?? -1) < 0 OR c.person_id = \(bind: person ?? -1)) AND NOT EXISTS (
              SELECT 1 FROM person_credentials n WHERE n.person_id = c.person_id AND n.kind = c.kind \
              AND COALESCE(n.label, '') = COALESCE(c.label, '') \
              AND (n.issued_on > c.issued_on OR (n.issued_on = c.issued_on AND n.id > c.id)))
            ORDER BY c.expires_on, c.id
            """
        ).all(decoding: Due.self, with: snakeCaseRows)
    }

    package static func run(_ app: Application, on day: Day) async throws {
        let rows = try await due(on: day, on: Store.sql(app.db))
        for row in rows {
            guard let expiry = Day(iso: row.expiresOn) else { continue }
            let title = row.title
            let expired = expiry < day
            _ = try await Store.write(app.db) { db in
                try await Outbox.add(
                    .init(
                        personID: row.personId, kind: expired ? .credentialExpired : .credentialExpiring,
                        subject: expired ? "\(title) has expired" : "\(title) expires on \(expiry.long)",
                        body: expired
                            ? "Your \(title) expired on \(expiry.long). Until a renewed one is recorded, hub rotas "
                                + "will not give you sessions that need it."
                            : "Your \(title) expires on \(expiry.long). Renew it and record the new one in Consort.",
                        link: PeopleURL.me.path,
                        eventKey: "credential-\(expired ? "expired" : "expiring"):\(row.id):\(row.expiresOn)"),
                    on: db)
            }
        }
    }
}
