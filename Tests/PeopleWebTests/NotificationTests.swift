import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import NIOConcurrencyHelpers
import PeopleWeb
import Testing
import Vapor

/// The local SMTP sink CI starts (`Tests/SMTP/sink.py`): its URL and the folder it writes each
/// message to, one file per message received.
let smtpSink: (url: String, spool: URL)? = {
    let env = ProcessInfo.processInfo.environment
    guard let url = env["CONSORT_TEST_SMTP_URL"], let spool = env["CONSORT_TEST_SMTP_SPOOL"] else { return nil }
    return (url, URL(fileURLWithPath: spool))
}()

@Suite("Notifications", .serialized)
struct NotificationTests {
    @Test(
        """
        The outbox is written with the change or not at all; a sweep adds each reminder once; a delivery claims each \
        row once, however many run at the same time, and a failure is retried later without a second message
        """
    )
    func outbox() async throws {
        try await withFederation { app, admin in
            let id = try await addPerson(admin, "Dr Noti Fied (demo)", at: "N81011", email: "noti@example.invalid")
            // A refused invitation writes no notification.
            try await admin.get("/people/\(id)")
            #expect(
                try await admin.post("/people/\(id)/invite", form: [("grant", "clinician|ZZZ99")]).status == .badRequest
            )
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM notifications") == 0)
            _ = try await invite(admin, id)
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM notifications WHERE status = 'pending'") == 1)
            // A credential expiring in 10 days: one reminder however often the sweep runs; once expired, another.
            let today = Day.today()
            #expect(
                try await admin.post(
                    "/people/\(id)/credentials",
                    form: [
                        ("credential", "gmc-registration"), ("issued_on", today.adding(days: -355).iso),
                        ("expires_on", today.adding(days: 10).iso),
                    ]
                ).status == .seeOther)
            try await app.sweepNotifications(on: today)
            try await app.sweepNotifications(on: today)
            #expect(
                try await count(app, "SELECT COUNT(*) AS n FROM notifications WHERE kind = 'credential-expiring'") == 1)
            try await app.sweepNotifications(on: today.adding(days: 11))
            #expect(
                try await count(app, "SELECT COUNT(*) AS n FROM notifications WHERE kind = 'credential-expired'") == 1)
            // Renewed: no further reminder.
            #expect(
                try await admin.post(
                    "/people/\(id)/credentials",
                    form: [
                        ("credential", "gmc-registration"), ("issued_on", today.iso),
                        ("expires_on", today.adding(days: 365).iso),
                    ]
                ).status == .seeOther)
            try await app.sweepNotifications(on: today.adding(days: 12))
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM notifications") == 3)

            // Two deliveries at once: each message is sent once.
            let sent = NIOLockedValueBox<[String]>([])
            let record: Delivery.Send = { message in
                try await Task.sleep(for: .milliseconds(20))
                sent.withLockedValue { $0.append(message.messageID) }
            }
            async let first = Delivery.run(
                on: app.sql, from: "consort@example.invalid", publicURL: "https://c.example", send: record)
            async let second = Delivery.run(
                on: app.sql, from: "consort@example.invalid", publicURL: "https://c.example", send: record)
            let (a, b) = try await (first, second)
            #expect(a.sent + b.sent == 3 && sent.withLockedValue { Set($0).count == $0.count && $0.count == 3 })
            // The invitation's email carried the link, and the link's sealed copy is gone once sent.
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM notifications WHERE secret IS NOT NULL") == 0)
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM notifications WHERE status = 'sent'") == 3)

            // A failure is retried after a wait, and sent once.
            try await app.sweepNotifications(on: today.adding(days: 400))  // the renewed credential has expired
            var attempts = 0
            let failing: Delivery.Send = { _ in throw SMTPError("421 try later") }
            #expect(
                try await Delivery.run(
                    on: app.sql, from: "c@example.invalid", publicURL: "https://c.example", send: failing
                ).failed == 1)
            // Not due again yet.
            let counting: Delivery.Send = { _ in sent.withLockedValue { $0.append("retry") } }
            #expect(
                try await Delivery.run(
                    on: app.sql, from: "c@example.invalid", publicURL: "https://c.example", send: counting
                ).sent == 0)
            let later = Date().addingTimeInterval(3600)
            #expect(
                try await Delivery.run(
                    on: app.sql, from: "c@example.invalid", publicURL: "https://c.example", now: later, send: counting
                ).sent == 1)
            #expect(
                try await Delivery.run(
                    on: app.sql, from: "c@example.invalid", publicURL: "https://c.example", now: later, send: counting
                ).sent == 0)
            attempts = sent.withLockedValue { $0.filter { $0 == "retry" }.count }
            #expect(attempts == 1)
            // Shown in the app to the person's account once they have one.
            let person = try await accept(app, try await reinvite(app, admin, id), username: "noti")
            let list = try await person.get("/me/notifications")
            #expect(list.body.contains("expires on") && list.body.contains("has expired"), "\(list.status)")
        }
    }

    /// A new invitation after the first was emailed.
    func reinvite(_ app: Application, _ admin: TestClient, _ id: Int64) async throws -> String {
        try await invite(admin, id)
    }

    @Test(
        "Notifications arrive at the SMTP server, once each, even when delivery runs again",
        .enabled(if: smtpSink != nil, "needs the SMTP sink that .ci/run starts (CONSORT_TEST_SMTP_URL)"))
    func smtp() async throws {
        guard let sink = smtpSink, case .success(let settings) = SMTPSettings.parse(sink.url) else {
            Issue.record("CONSORT_TEST_SMTP_URL is not an SMTP URL")
            return
        }
        try await withTestApp(
            .dataset(fixture("small")),
            config: {
                $0.smtp = settings
                $0.publicURL = "https://consort.example"
            }
        ) { app in
            try await makeUser(app, "admin", .administrator)
            let admin = TestClient(app: app)
            try await admin.signIn("admin", testPassword)
            let marker = "smtp-\(UUID().uuidString.prefix(8).lowercased())@example.invalid"
            let id = try await addPerson(admin, "Dr Mail Test (demo)", at: "N81011", email: marker)
            let token = try await invite(admin, id)
            #expect(try await app.deliverNotifications().sent == 1)
            #expect(try await app.deliverNotifications().sent == 0)
            // The sink writes each message it receives to a file of its own.
            var mine: [String] = []
            for _ in 0..<50 {
                let files =
                    (try? FileManager.default.contentsOfDirectory(at: sink.spool, includingPropertiesForKeys: nil))
                    ?? []
                mine = files.filter { $0.pathExtension == "eml" }.compactMap {
                    try? String(contentsOf: $0, encoding: .utf8)
                }
                .filter { $0.contains(marker) }
                if !mine.isEmpty { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(mine.count == 1, "\(mine.count) messages for \(marker)")
            #expect(mine.first?.contains("https://consort.example/invitations/\(token)") == true)
            #expect(mine.first?.contains("Subject: You are invited to Consort") == true)
        }
    }
}

@Suite("Notifications of what falls due and of rotas", .serialized)
struct DueNotificationTests {
    @Test(
        """
        A board member is reminded to declare within 28 days of taking their seat, told when it is overdue, and no \
        more once they declare; publishing a rota tells each clinician on it, and changing who works a published \
        session tells both
        """
    )
    func dueAndRotas() async throws {
        try await withFederation { app, admin in
            let today = Day.today()
            let person = try await addPerson(
                admin, "Dr Due (demo)", gmc: "3141592", at: "N81011", email: "due@example.invalid")
            let entry = try await register(admin, "01F", name: "Dr Due (demo)", gmc: "3141592")
            #expect(
                try await admin.post("/groups/01F/governance/boards", form: [("board_name", "Governing body")]).status
                    == .seeOther)
            #expect(
                try await admin.post(
                    "/governance/boards/1/seats",
                    form: [("person", String(entry)), ("role", "gp"), ("seat_from", today.adding(days: -10).iso)]
                ).status == .seeOther)
            try await app.sweepNotifications(on: today)
            try await app.sweepNotifications(on: today)
            #expect(
                try await count(
                    app,
                    "SELECT COUNT(*) AS n FROM notifications WHERE kind = 'declaration-due' AND person_id = \(person)")
                    == 1)
            try await app.sweepNotifications(on: today.adding(days: 30))
            #expect(
                try await count(app, "SELECT COUNT(*) AS n FROM notifications WHERE kind = 'declaration-overdue'") == 1)
            // Declared: nothing more is due.
            #expect(
                try await admin.post(
                    "/governance/people/\(entry)/declarations",
                    form: [("kind", "nil"), ("from", today.iso), ("declared_on", today.iso)]
                ).status == .seeOther)
            let before = try await count(app, "SELECT COUNT(*) AS n FROM notifications")
            try await app.sweepNotifications(on: today.adding(days: 40))
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM notifications") == before)

            // The rota: published, then a session handed to another GP.
            let hub = try await openHub(admin, "FED-0001")
            _ = try await listClinician(
                app, admin, "FED-0001", hub: hub, name: "Dr Due (demo)", gmc: "3141592", practice: "N81011", limit: 2)
            let other = try await addPerson(admin, "Dr Other (demo)", gmc: "2718281", at: "N81019")
            let otherRow = try await listClinician(
                app, admin, "FED-0001", hub: hub, name: "Dr Other (demo)", gmc: "2718281", practice: "N81019", limit: 20
            )
            let monday = today.weekStart.adding(days: 7)
            let rota = try await admin.post(
                "/groups/FED-0001/access/rotas",
                form: [("policy", "pcn-2019"), ("first_day", monday.iso), ("last_day", monday.adding(days: 6).iso)])
            let rotaID = rota.location?.split(separator: "/").last.map(String.init) ?? ""
            #expect(try await admin.post("/rotas/\(rotaID)/publish", form: []).status == .seeOther)
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM notifications WHERE kind = 'rota-published'") == 2)
            struct ID: Decodable { let id: Int64 }
            let mine = try await app.sql.raw(
                """
                SELECT s.id FROM rota_sessions s JOIN clinicians c ON c.id = s.clinician_id \
                WHERE s.rota_id = \(unsafeRaw: rotaID) AND c.person_id = \(bind: person) ORDER BY s.day LIMIT 1
                """
            ).first(decoding: ID.self)
            let session = try #require(mine).id
            // Dr Other takes one of Dr Due's sessions (if free then).
            let handed = try await admin.post(
                "/rotas/\(rotaID)/assign", form: [("session", String(session)), ("clinician", String(otherRow))])
            #expect(handed.status == .seeOther, "the session could not be handed over: \(problems(handed))")
            #expect(try await count(app, "SELECT COUNT(*) AS n FROM notifications WHERE kind = 'session-changed'") == 2)
            #expect(
                try await count(
                    app,
                    "SELECT COUNT(*) AS n FROM notifications WHERE kind = 'session-changed' AND person_id = \(other)")
                    == 1)
        }
    }
}
