import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import RegistryWeb
import Testing
import Vapor

/// The registry's page models, loaded from a database: what each page reads.
@Suite("Registry page models")
struct RegistryPageModelTests {
    @Test("A group's page reads its changes; its CSV reads every membership it has had")
    func groupHistory() async throws {
        try await withFederation { app, admin in
            let db = Store.sql(app.db)
            let view = try await app.registryCache.view(at: Day(year: 2022, month: 6, day: 1)!, on: db)
            // Halton CCG has had its fourteen members from the start of the registry: no changes.
            let ccg = try GroupPage.group("01F", in: view)
            let page = try await GroupPage.load(ccg, view: view, canEdit: false, page: 1, sections: [], on: db)
            #expect(page.history.isEmpty)
            let csv = try await GroupPage.load(
                ccg, view: view, canEdit: false, page: 1, sections: [], everyMembership: true, on: db)
            #expect(csv.history.count == 14)
            // The federation's two members joined after it was recorded from 2022-03-01: members, not
            // changes, until one leaves.
            let federation = try GroupPage.group("FED-0001", in: view)
            let fed = try await GroupPage.load(
                federation, view: view, canEdit: true, page: 1, sections: [], everyMembership: true, on: db)
            #expect(Set(fed.history.map(\.practice)) == ["N81011", "N81019"])
            #expect(throws: Abort.self) { try GroupPage.group("NOPE", in: view) }
        }
    }

    @Test("A practice's page reads its record and history; a code never held is a 404")
    func practice() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let db = Store.sql(app.db)
            let view = try await app.registryCache.view(at: Day(year: 2022, month: 1, day: 1)!, on: db)
            let page = try await PracticePage.load(code: "N81011", view: view, on: db)
            #expect(page.history.row.name == "BEVAN GROUP PRACTICE")
            #expect(Set(page.history.memberships.map(\.row.kind)) == ["network", "consortium", "icb", "region"])
            #expect(page.history.listSizes.count == 1)
            do {
                _ = try await PracticePage.load(code: "Z99999", view: view, on: db)
                Issue.record("an unknown practice loaded")
            } catch let error as Abort {
                #expect(error.status == .notFound)
            }
        }
    }

    @Test("Sources: the files loaded, newest first, with publisher and contribution; one import's page; a 404")
    func imports() async throws {
        try await withTestApp(.dataset(fixture("small"))) { app in
            let db = Store.sql(app.db)
            let page = try await ImportsPage.load(on: db)
            #expect(page.rows.count == 1)
            let table = page.table(mockContext(path: "/imports"))
            #expect(table.rows[0][1].text == "1 January 2022")
            #expect(table.rows[0][2].text == "Consort dataset (see its README for each column's source)")
            #expect(table.rows[0][5].text == "23 practices opened; 11 groups created; 23 list sizes; 11 group totals")
            let one = try await ImportPage.load(page.rows[0].id, on: db)
            #expect(one.report?.opened.count == 23)
            await #expect(throws: Abort.self) { try await ImportPage.load(999, on: db) }
        }
    }

    @Test("A federation's edit page reads its members and invitations; a practice's page its invitations")
    func federation() async throws {
        try await withFederation { app, admin in
            let db = Store.sql(app.db)
            let view = try await app.registryCache.view(at: Day.today(), on: db)
            let page = try await FederationPage.load(try GroupPage.group("FED-0001", in: view), view: view, on: db)
            #expect(page.members.map(\.practice).sorted() == ["N81011", "N81019"])
            #expect(page.invitations.isEmpty)
            let invitations = try await InvitationsPage.load(try #require(view.practice("N81011")), view: view, on: db)
            #expect(invitations.rows.isEmpty)
            let text = visibleText(invitations.render(mockContext(path: "/practices/N81011/invitations")).html)
            #expect(text.contains("No federation has invited this practice."))
        }
    }
}
