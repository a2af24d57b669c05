import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Testing
import Vapor

@Suite("Today: a home page per role", .serialized)
struct TodayTests {
    @Test(
        """
        Signing in lands on Today; each role sees what needs it (a practice its patients' hub appointments, an \
        administrator the imports, audit and accounts, a consortium officer its assurance findings), and no one sees \
        another practice's patients
        """
    )
    func panels() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "admin", .administrator)
            try await makeUser(app, "widnes-pm", .practiceManager, scope: "N81011")
            try await makeUser(app, "bassetlaw-pm", .practiceManager, scope: "C84001")
            try await makeUser(app, "officer", .consortiumOfficer, scope: "01F")
            try await makeUser(app, "reader", .public)
            let admin = TestClient(app: app)
            let pm = TestClient(app: app)
            let other = TestClient(app: app)
            let officer = TestClient(app: app)
            let reader = TestClient(app: app)
            try await admin.signIn("admin", testPassword)
            try await pm.signIn("widnes-pm", testPassword)
            try await other.signIn("bassetlaw-pm", testPassword)
            try await officer.signIn("officer", testPassword)
            // Without a page asked for, signing in goes to Today.
            try await reader.get("/login")
            let landed = try await reader.post("/login", form: [("username", "reader"), ("password", testPassword)])
            #expect(landed.location == "/today")
            #expect(try await reader.get("/today").body.contains("Nothing needs you today."))
            #expect(try await TestClient(app: app).get("/today").status == .seeOther, "signed out: sign in first")

            // A hub appointment of a Widnes patient today, or tomorrow when today is a bank holiday.
            for client in [admin, pm] { try await client.get("/") }
            let today = Day.today()
            let day = [today, today.adding(days: 1)].first { !BankHolidays.isBankHoliday($0) }
            if let day {
                try await admin.json(.POST, "/api/v1/hubs", #"{"group":"U79408","name":"Widnes hub"}"#)
                let session = try await admin.json(
                    .POST, "/api/v1/hubs/1/sessions",
                    #"{"day":"\#(day.iso)","start":"23:00","end":"23:30","room":"1","role":"gp","#
                        + #""appointmentMinutes":15}"#)
                #expect(session.status == .created, "\(session.body)")
                let patient =
                    #"{"nhsNumber":"943 476 5919","name":"Demo Patient One","contact":"01234 000000","#
                    + #""practice":"N81011"}"#
                #expect(try await pm.json(.POST, "/api/v1/hub-slots/1/bookings", patient).status == .created)
                let page = try await pm.get("/today")
                #expect(page.body.contains("Hub appointments: BEVAN GROUP PRACTICE"))
                #expect(page.body.contains("Demo Patient One"))
                #expect(page.body.contains(day == today ? "\">Today</th>" : "\">Tomorrow</th>"))
                let csv = try await pm.get("/today.csv?table=appointments-N81011")
                #expect(csv.status == .ok && csv.body.contains("Demo Patient One"))
                let elsewhere = try await other.get("/today")
                #expect(elsewhere.body.contains("Hub appointments:") && !elsewhere.body.contains("Demo Patient One"))
                #expect(!(try await officer.get("/today").body.contains("Demo Patient One")))
                #expect(!(try await admin.get("/today").body.contains("Demo Patient One")))
            }

            let glance = try await admin.get("/today.csv")
            #expect(glance.body.hasPrefix("What,When,Summary"))
            #expect(glance.body.contains("Audit log,To know,\"The audit log is intact"))
            let adminPage = try await admin.get("/today").body
            #expect(adminPage.contains("<h2>Registry data</h2>") && adminPage.contains("Import 1"))
            #expect(adminPage.contains("The audit log is intact"))
            #expect(adminPage.contains("5 accounts, 0 of them disabled"))
            let officerPage = try await officer.get("/today").body
            #expect(officerPage.contains("Assurance: "))
            #expect(officerPage.contains("blocking and"))
            // The officer's networks are held to the policy in force now, not the 2010 consortia one.
            #expect(officerPage.contains("Primary care networks with enhanced access (2022)"))
            #expect(!officerPage.contains("GP-led commissioning consortia (2010)"))
            #expect(officerPage.contains("Governance: "))
            #expect(!officerPage.contains("<h2>Registry data</h2>"), "imports are the administrator's")
        }
    }
}
