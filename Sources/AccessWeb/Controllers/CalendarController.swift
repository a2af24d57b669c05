import Access
import ConsortCore
import ConsortWeb
import SQLKit
import Vapor

extension AccessController {
    // MARK: Calendars

    /// An iCalendar feed of a hub's or a clinician's published sessions, by the secret address
    /// shown to the hub's managers (calendar programs cannot sign in).
    @Sendable package static func calendar(_ req: Request) async throws -> Response {
        var token = req.parameters.get("token") ?? ""
        if token.hasSuffix(".ics") { token.removeLast(4) }
        guard token.count >= 40 else { throw Abort(.notFound) }
        let db = Store.sql(req.db)
        let (hub, clinician) = try await HubReads.feed(token: token, db: db)
        var owners: [(group: String, clinician: HubReads.FeedOwner?)] = []
        var name = ""
        if let owner = hub ?? clinician {
            owners = [(owner.groupCode, clinician)]
            name = hub.map { "\($0.name), extended access" } ?? "\(owner.name), extended access sessions"
        } else if let person = try await HubReads.personFeed(token: token, db: db) {
            // A person's feed: their sessions for every federation they work for.
            owners = person.rows.map { ($0.groupCode, $0) }
            name = "\(person.name), extended access sessions"
        } else {
            throw Abort(.notFound)
        }
        var events: [ICalendar.Event] = []
        for (group, clinician) in owners {
            let hubs = try await HubSetup.hubs(of: group, on: db)
            let names = Dictionary(uniqueKeysWithValues: hubs.map { ($0.id, $0.name) })
            let staff = try await StaffList.list(group, on: db)
            let sessions = try await HubReads.feedSessions(group: group, hub: hub?.id, clinician: clinician?.id, db: db)
            let list = sessions.map { $0.session(hubName: names[$0.hubId] ?? "hub") }
            var assignments: [String: String] = [:]
            for s in sessions { assignments[String(s.id)] = s.clinicianId.map(String.init) }
            let clinicians = StaffList.clinicians(staff, hubNames: names, from: Day.today(), through: Day.today())
            let rota = Rota(assignments: assignments, weeks: [], gaps: [], practiceMinutes: [:], personSessions: [:])
            events += RotaBuilder.events(
                rota, sessions: list, clinicians: clinicians, person: clinician.map { String($0.id) }, hub: hub?.name)
        }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(
            status: .ok, headers: headers,
            body: .init(string: ICalendar.document(name: name, events: events, stamp: Date())))
    }
}
