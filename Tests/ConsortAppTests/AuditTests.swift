import ConsortApp
import ConsortCore
import ConsortTestSupport
import Foundation
import Testing
import Vapor

@Suite("Audit log in the database")
struct AuditTests {
    @Test("Changes are logged with who, when, what, before and after; verify finds edits, deletions and truncation")
    func tamper() async throws {
        try await withFederation { app, admin in
            guard case .intact(let count, let head) = try await app.verifyAudit() else { Issue.record("broken at start"); return }
            #expect(count == 5)  // import, account, federation, two members
            #expect(head?.seq == 5)
            let page = try await admin.get("/audit")
            #expect(page.body.contains("federation.create"))
            #expect(page.body.contains("user:admin"))
            #expect(page.body.contains("Halton Together"))
            let csv = try await admin.get("/audit.csv")
            #expect(csv.body.contains("registry.import"))

            try await app.sql.raw("UPDATE audit_entries SET after_json = '{\"name\":\"Forged\"}' WHERE seq = 3").run()
            guard case .broken(let seq, let reason) = try await app.verifyAudit() else { Issue.record("edit not detected"); return }
            #expect(seq == 3)
            #expect(reason.contains("altered"))
        }
    }

    @Test("Deleting an entry in the middle, or the newest, is detected")
    func deletions() async throws {
        try await withFederation { app, _ in
            try await app.sql.raw("DELETE FROM audit_entries WHERE seq = 2").run()
            guard case .broken(let seq, _) = try await app.verifyAudit() else { Issue.record("deletion not detected"); return }
            #expect(seq == 3)
        }
        try await withFederation { app, _ in
            try await app.sql.raw("DELETE FROM audit_entries WHERE seq = 5").run()
            guard case .broken(let seq, let reason) = try await app.verifyAudit() else { Issue.record("truncation not detected"); return }
            #expect(seq == 5)
            #expect(reason.contains("deleted"))
        }
    }
}
