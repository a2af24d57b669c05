import Access
import ConsortCore
import ConsortWeb
import Foundation
import SQLKit
import Vapor

extension StaffList {
    /// The clinicians with what their person brings from the directory for a period: their limit
    /// across every federation, the sessions they work for other federations' published rotas in
    /// the months of the period, and the days they may not practise because GMC registration,
    /// Performers List inclusion (GPs) or indemnity (everyone) had lapsed. A credential with no
    /// record at all is not checked: Consort does not know it, and says so in the rota's help.
    package static func withPeople(
        _ clinicians: [Clinician], rows: [Row], group: String, from first: Day, through last: Day,
        on db: any SQLDatabase
    ) async throws -> [Clinician] {
        let people = Array(Set(rows.compactMap(\.personId)))
        guard !people.isEmpty else { return clinicians }
        let list = SQLQueryString(people.map(String.init).joined(separator: ","))
        struct Limit: Decodable {
            let id: Int64
            let monthlyLimit: Int?
        }
        let limits = Dictionary(
            uniqueKeysWithValues: try await db.raw(
                "SELECT id, monthly_limit FROM people WHERE id IN (\(list))"
            ).all(decoding: Limit.self, with: snakeCaseRows).map { ($0.id, $0.monthlyLimit) })
        // Whole months, so that limits count every session of a month the period touches.
        let monthStart = Day(year: first.year, month: first.month, day: 1) ?? first
        let monthEnd = (Day(year: last.year, month: last.month, day: 1) ?? last).addingMonths(1).adding(days: -1)
        struct Other: Decodable {
            let id: Int64
            let personId: Int64
            let hub: String
            let room: String
            let day: String
            let startMinute: Int
            let endMinute: Int
            let role: String
        }
        let others = try await db.raw(
            """
            SELECT s.id, c.person_id, h.name AS hub, s.room, s.day, s.start_minute, s.end_minute, s.role
            FROM rota_sessions s JOIN rotas r ON r.id = s.rota_id JOIN clinicians c ON c.id = s.clinician_id
            JOIN hubs h ON h.id = s.hub_id
            WHERE c.person_id IN (\(list)) AND r.group_code <> \(bind: group) AND r.status = 'published' \
            AND s.not_run = \(bind: false) AND s.day >= \(bind: monthStart.iso) AND s.day <= \(bind: monthEnd.iso)
            """
        ).all(decoding: Other.self, with: snakeCaseRows)
        let elsewhere = Dictionary(grouping: others, by: \.personId).mapValues { list in
            list.compactMap { o -> RotaSession? in
                guard let day = Day(iso: o.day) else { return nil }
                return RotaSession(
                    id: "other-\(o.id)", hub: o.hub, room: o.room, day: day, start: o.startMinute, end: o.endMinute,
                    role: StaffRole(rawValue: o.role) ?? .other)
            }
        }
        struct Held: Decodable {
            let personId: Int64
            let kind: String
            let issuedOn: String
            let expiresOn: String?
        }
        let required = CredentialKind.requiredToPractise.map { "'\($0.rawValue)'" }.joined(separator: ",")
        let held = try await db.raw(
            """
            SELECT person_id, kind, issued_on, expires_on FROM person_credentials
            WHERE person_id IN (\(list)) AND kind IN (\(unsafeRaw: required))
            """
        ).all(decoding: Held.self, with: snakeCaseRows)
        let byRow = Dictionary(uniqueKeysWithValues: rows.map { (String($0.id), $0) })
        return clinicians.map { c in
            guard let person = byRow[c.id]?.personId else { return c }
            var out = c
            out.overallLimit = limits[person] ?? nil
            out.elsewhere = elsewhere[person] ?? []
            for kind in CredentialKind.requiredToPractise where kind == .indemnity || c.role == .gp {
                let periods = held.filter { $0.personId == person && $0.kind == kind.rawValue }.compactMap {
                    h -> (from: Day, to: Day?)? in
                    Day(iso: h.issuedOn).map { ($0, h.expiresOn.flatMap(Day.init(iso:))) }
                }
                out.lapses += Lapse.gaps(kind.label, held: periods, from: first, through: last)
            }
            return out
        }
    }
}
