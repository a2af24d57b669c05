import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

/// Notifications of credentials expiring within 30 days and expired: for the newest record of
/// each kind a person holds, once per record and state (the event key), so that renewing a
/// credential (a newer record) stops the reminders.
package enum CredentialSweep {
    package static func run(_ app: Application, on day: Day) async throws {
        let db = Store.sql(app.db)
        let soon = day.adding(days: 30).iso
        struct Row: Decodable {
            let id: Int64
            let personId: Int64
            let kind: String
            let label: String?
            let issuedOn: String
            let expiresOn: String
        }
        // Records with an expiry up to 30 days ahead (or past) that no newer record of the kind replaces.
        let rows = try await db.raw(
            """
            SELECT c.id, c.person_id, c.kind, c.label, c.issued_on, c.expires_on FROM person_credentials c
            WHERE c.expires_on IS NOT NULL AND c.expires_on <= \(bind: soon) AND NOT EXISTS (
              SELECT 1 FROM person_credentials n WHERE n.person_id = c.person_id AND n.kind = c.kind \
              AND COALESCE(n.label, '') = COALESCE(c.label, '') \
              AND (n.issued_on > c.issued_on OR (n.issued_on = c.issued_on AND n.id > c.id)))
            """
        ).all(decoding: Row.self, with: snakeCaseRows)
        for row in rows {
            guard let expiry = Day(iso: row.expiresOn) else { continue }
            let title =
                (row.kind == CredentialKind.other.rawValue ? row.label : nil)
                ?? CredentialKind(rawValue: row.kind)?.label ?? row.kind
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
