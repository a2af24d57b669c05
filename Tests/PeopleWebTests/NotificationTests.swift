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
