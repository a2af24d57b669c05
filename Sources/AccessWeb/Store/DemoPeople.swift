import Access
import ConsortCore
import ConsortWeb
import Foundation
import PeopleWeb
import SQLKit
import Vapor

/// The people behind the demo federation's clinicians: a role at their practice for each, and
/// for the first demo GP (whom the demo clinician account signs in as) a demo work email and
/// credentials, one of them expiring soon, so that one's own record has something to show.
enum DemoPeople {
    static func ensure(_ app: Application, federation: String) async throws {
        let db = Store.sql(app.db)
        let rows = try await StaffList.list(federation, on: db)
        struct Scope: Decodable { let scopeCode: String? }
        let practice = try await db.raw(
            """
            SELECT r.scope_code FROM role_assignments r JOIN users u ON u.id = r.user_id \
            WHERE u.username = 'demo-clinician' AND r.role = 'clinician'
            """
        ).first(decoding: Scope.self, with: snakeCaseRows)?.scopeCode
        let since = Day(year: 2022, month: 1, day: 1)!
        let today = Day.today()
        let view = try await app.registryCache.view(at: today, on: db)
        try await Store.write(app.db) { db in
            for row in rows {
                guard let person = row.personId, let practice = row.practiceCode else { continue }
                let kind: PersonRole =
                    row.staffRole == .gp ? .salariedGP : row.staffRole == .nurse ? .nurse : .otherPractice
                try await Directory.giveRole(
                    person, code: practice, kind: kind, title: nil, from: since, to: nil, by: .demo, view: view,
                    on: db)
            }
            guard let first = rows.first(where: { $0.staffRole == .gp && $0.practiceCode == practice }),
                let person = first.personId
            else { return }
            try await db.raw(
                "UPDATE people SET email = 'demo-clinician@example.invalid' WHERE id = \(bind: person)"
            ).run()
            for (kind, issued, expires) in [
                (CredentialKind.gmcRegistration, since, today.adding(days: 200)),
                (.performersList, since, Day?.none),
                (.indemnity, today.adding(days: -345), today.adding(days: 20)),
                (.basicLifeSupport, today.adding(days: -400), today.adding(days: -35)),
            ] {
                try await db.raw(
                    """
                    INSERT INTO person_credentials (person_id, kind, issued_on, expires_on, created_by, created_at)
                    VALUES (\(bind: person), \(bind: kind.rawValue), \(bind: issued.iso), \(bind: expires?.iso), \
                    'system:demo', \(bind: AuditChain.timestamp()))
                    """
                ).run()
            }
            try await db.raw(
                "UPDATE users SET person_id = \(bind: person) WHERE username = 'demo-clinician' AND person_id IS NULL"
            ).run()
            try await AuditLog.append(
                on: db, actor: .cli("serve --demo"), action: "demo.people", entity: "group", entityID: federation,
                after: ["roles": String(rows.count), "linked": "demo-clinician"])
        }
    }
}
