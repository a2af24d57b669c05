import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import PeopleWeb
import Testing
import Vapor

@Suite("Importing people from a CSV", .serialized)
struct PeopleImportTests {
    @Test(
        """
        A practice manager previews a CSV of staff (a new person, one the directory holds by GMC number, one \
        already holding the role), is refused whole with every problem by line, then imports it in one go
        """
    )
    func importStaff() async throws {
        try await withFederation { app, admin in
            try await makeUser(app, "n81011-manager", .practiceManager, scope: "N81011")
            let manager = TestClient(app: app)
            try await manager.signIn("n81011-manager", testPassword)
            let known = try await addPerson(manager, "Dr Known (demo)", gmc: "1234567", at: "N81011")
            let before = try await count(app, "SELECT COUNT(*) AS n FROM people")
            #expect(try await manager.get("/people/import").status == .ok)

            // Problems by line, nothing written: a bad GMC number, a practice the manager does not keep,
            // a role that is not one, a person twice.
            let bad = """
                name,organisation,role,gmc,email
                Dr New One (demo),N81011,salaried-gp,7654321,new.one@example.invalid
                Dr Bad Number (demo),N81011,gp-partner,12,
                Dr Elsewhere (demo),C84001,gp-partner,,
                Nurse Odd (demo),N81011,wizard,,
                Dr Someone Else (demo),N81011,gp-partner,7654321,
                """
            let refused = try await manager.post("/people/import", form: [("text", bad), ("action", "check")])
            #expect(refused.status == .badRequest)
            for expected in [
                "Line 3: gmc:", "Line 4: organisation: you keep the people of N81011, not of C84001",
                "Line 5: role:", "Line 6: 7654321 is Dr New One (demo) on line 2 but Dr Someone Else (demo) here",
            ] {
                #expect(refused.body.contains(expected), "\(expected)")
            }
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM people") == before)

            // A good file: the preview says what each line does; importing does it, once.
            let good = """
                name,organisation,role,gmc,email,from
                Dr New One (demo),N81011,salaried-gp,7654321,new.one@example.invalid,2026-01-05
                Dr Known (demo),N81011,sessional-gp,1234567,,
                Dr Known (demo),N81011,salaried-gp,1234567,,2022-01-01
                Dr New One (demo),N81011,other,,new.one@example.invalid,2026-01-05
                """
            let preview = try await manager.post("/people/import", form: [("text", good), ("action", "check")])
            #expect(preview.status == .ok)
            #expect(preview.body.contains("1 new person, 2 new roles for people already in the directory, 1 unchanged"))
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM people") == before)
            let imported = try await manager.post("/people/import", form: [("text", good), ("action", "import")])
            #expect(
                imported.status == .ok && imported.body.contains("Imported."),
                "\(imported.status) \(imported.body.components(separatedBy: "</pre>").last?.prefix(900) ?? "")")
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM people") == before + 1)
            #expect(
                try await count(
                    app,
                    "SELECT COUNT(*) AS n FROM person_roles WHERE person_id = \(known) AND role = 'sessional-gp'") == 1)
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM audit_entries WHERE action = 'people.import'") == 1)
            // The new person's second line gave them a second role, not a second record.
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM people WHERE gmc_number = '7654321'") == 1)
            // Again: nothing new.
            let again = try await manager.post("/people/import", form: [("text", good), ("action", "check")])
            #expect(again.body.contains("0 new people, 0 new roles for people already in the directory, 4 unchanged"))
            _ = admin
        }
    }
}
