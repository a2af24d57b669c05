import ConsortWeb
import Access
import ConsortCore
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
        struct Hub: Decodable { package let id: Int64; package let groupCode: String; package let name: String }
        struct Person: Decodable { package let id: Int64; package let groupCode: String; package let name: String }
        let hub = try await db.raw("SELECT id, group_code, name FROM hubs WHERE calendar_token = \(bind: token)").first(decoding: Hub.self, with: snakeCaseRows)
        let person = hub == nil ? try await db.raw("SELECT id, group_code, name FROM clinicians WHERE calendar_token = \(bind: token)").first(decoding: Person.self, with: snakeCaseRows) : nil
        guard let group = hub?.groupCode ?? person?.groupCode else { throw Abort(.notFound) }
        let hubs = try await HubSetup.hubs(of: group, on: db)
        let names = Dictionary(uniqueKeysWithValues: hubs.map { ($0.id, $0.name) })
        let staff = try await StaffList.list(group, on: db)
        let filter: SQLQueryString = hub.map { "AND s.hub_id = \(bind: $0.id)" } ?? "AND s.clinician_id = \(bind: person!.id)"
        let sessions = try await db.raw("""
            SELECT s.id, s.rota_id, s.hub_id, s.room, s.day, s.start_minute, s.end_minute, s.role, s.clinician_id, s.not_run
            FROM rota_sessions s JOIN rotas r ON r.id = s.rota_id
            WHERE r.group_code = \(bind: group) AND r.status = 'published' AND s.not_run = \(bind: false) AND s.clinician_id IS NOT NULL \(filter)
            ORDER BY s.day, s.start_minute
            """).all(decoding: RotaStore.Session.self, with: snakeCaseRows)
        let list = sessions.map { $0.session(hubName: names[$0.hubId] ?? "hub") }
        var assignments: [String: String] = [:]
        for s in sessions { assignments[String(s.id)] = s.clinicianId.map(String.init) }
        let clinicians = StaffList.clinicians(staff, hubNames: names, from: Day.today(), through: Day.today())
        let rota = Rota(assignments: assignments, weeks: [], gaps: [], practiceMinutes: [:], personSessions: [:])
        let events = RotaBuilder.events(rota, sessions: list, clinicians: clinicians, person: person.map { String($0.id) }, hub: hub?.name)
        let name = hub.map { "\($0.name), extended access" } ?? "\(person!.name), extended access sessions"
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(string: ICalendar.document(name: name, events: events, stamp: Date())))
    }
}
