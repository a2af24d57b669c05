import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Testing
import Vapor

@Suite("Bringing in NHS files from the browser")
struct UploadTests {
    static let formats = shippedData.appendingPathComponent("formats")

    @Test(
        """
        An administrator checks, then imports, NHS England's practice map as published; a file with problems is \
        refused whole naming its lines; others are refused; old data is said to be old on every page
        """
    )
    func upload() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            try await makeUser(app, "admin", .administrator)
            try await makeUser(app, "officer", .consortiumOfficer, scope: "01F")
            let admin = TestClient(app: app)
            try await admin.signIn("admin", testPassword)
            let map = try String(
                contentsOf: Self.formats.appendingPathComponent("gp-reg-pat-prac-map-2024.csv"), encoding: .utf8)
            let form = try await admin.get("/imports/new")
            #expect(form.status == .ok && form.body.contains("enctype=\"multipart/form-data\""))

            // Nothing chosen: the form says so by field.
            let empty = try await admin.upload("/imports/new", fields: [("action", "import")], file: ("file", "", ""))
            #expect(empty.status == .badRequest && empty.body.contains("Choose the NHS file to import"))

            // A check writes nothing and shows the report.
            let before = try await admin.get("/imports").body.components(separatedBy: "/imports/").count
            let checked = try await admin.upload(
                "/imports/new", fields: [("action", "check")], file: ("file", "gp-reg-pat-prac-map-2024.csv", map))
            #expect(checked.status == .ok && checked.body.contains("Checked: nothing was written"))
            #expect(try await admin.get("/imports").body.components(separatedBy: "/imports/").count == before)

            // A broken copy (a practice code cut short on line 3) is refused whole, naming the line.
            // (NHS files end their lines with CR LF, one Character in Swift: split on the bytes.)
            var lines = map.utf8.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
            lines[2] = lines[2].replacingOccurrences(of: ",A8", with: ",Z", options: [], range: nil)
            let broken = try await admin.upload(
                "/imports/new", fields: [("action", "import")],
                file: ("file", "gp-reg-pat-prac-map-2024.csv", lines.joined(separator: "\n")))
            #expect(broken.status == .badRequest && broken.body.contains("The file was refused"))
            #expect(broken.body.contains("line 3"), "\(broken.body.prefix(3000))")

            // Imported: the report of the new import.
            let imported = try await admin.upload(
                "/imports/new", fields: [("action", "import")], file: ("file", "gp-reg-pat-prac-map-2024.csv", map))
            #expect(imported.status == .seeOther)
            let report = try await admin.get(imported.location ?? "")
            #expect(report.status == .ok && report.body.contains("gp-reg-pat-prac-map-2024.csv"))

            // Only administrators; signed out goes to sign in.
            let officer = TestClient(app: app)
            try await officer.signIn("officer", testPassword)
            #expect(try await officer.get("/imports/new").status == .forbidden)
            #expect(
                try await officer.upload(
                    "/imports/new", fields: [("action", "import")], file: ("file", "x.csv", map)
                ).status == .forbidden)
            #expect(try await TestClient(app: app).get("/imports/new").status == .seeOther)

            // Registry data shown for a date a year after the newest says how old it is, and an
            // administrator is offered newer files; shown for its own date it says nothing.
            let later = try await admin.get("/?date=2027-07-01").body
            #expect(later.contains("newest NHS data is of 1 July 2026, 12 months before 1 July 2027"))
            #expect(later.contains("href=\"/imports/new\""))
            let stranger = TestClient(app: app)
            #expect(try await stranger.get("/?date=2027-07-01").body.contains("An administrator can bring in newer"))
            #expect(!(try await stranger.get("/?date=2026-07-01").body.contains("data-age")))
        }
    }
}
