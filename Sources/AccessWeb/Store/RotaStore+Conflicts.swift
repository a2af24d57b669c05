import Access
import ConsortCore
import ConsortWeb
import Foundation
import SQLKit
import Vapor

extension RotaStore {
    /// What checking a rota for conflicts needs, read once: its hubs' names, the group's
    /// clinicians for the period, the policy's hours and shortest block, and the sessions of the
    /// group's other published rotas in the period. A hand edit checks the rota before and after
    /// the change against the same inputs.
    package struct ConflictCheck: Sendable {
        package let rota: Row
        package let hubNames: [Int64: String]
        package let clinicians: [Clinician]
        package let windows: [AccessWindow]
        package let minBlock: Int?
        package let others: [Session]

        /// Every conflict of these sessions: people and rooms double-booked (also against the
        /// group's other published rotas), availability, limits, reach, role, and the policy's
        /// hours and shortest block.
        package func conflicts(_ sessions: [Session]) -> [RotaConflict] {
            let running = sessions.filter { !$0.notRun }
            var assignments: [String: String] = [:]
            for s in running { if let c = s.clinicianId { assignments[String(s.id)] = String(c) } }
            var found = RotaBuilder.conflicts(
                sessions: running.map { $0.session(hubName: hubNames[$0.hubId] ?? "hub \($0.hubId)") },
                clinicians: clinicians, assignments: assignments, windows: windows, minBlockMinutes: minBlock)
            for mine in running {
                for other in others
                where other.day == mine.day && other.startMinute < mine.endMinute && mine.startMinute < other.endMinute
                {
                    if other.hubId == mine.hubId && other.room == mine.room {
                        found.append(
                            RotaConflict(
                                kind: .roomDoubleBooked, sessions: [String(mine.id)],
                                message:
                                    "Room \(mine.room) is already used then by published rota \(other.rotaId) "
                                    + "(\(mine.session(hubName: "").when))."
                            ))
                    }
                    if let c = mine.clinicianId, c == other.clinicianId {
                        let name = clinicians.first { $0.id == String(c) }?.name ?? "clinician \(c)"
                        found.append(
                            RotaConflict(
                                kind: .personDoubleBooked, sessions: [String(mine.id)],
                                message:
                                    "\(name) already works then on published rota \(other.rotaId) "
                                    + "(\(mine.session(hubName: "").when))."
                            ))
                    }
                }
            }
            return found
        }

        /// The conflicts `changed` has that `sessions` did not.
        package func added(from sessions: [Session], to changed: [Session]) -> [RotaConflict] {
            let before = Set(conflicts(sessions).map(RotaStore.key))
            return conflicts(changed).filter { !before.contains(RotaStore.key($0)) }
        }

        package init(
            rota: Row, hubNames: [Int64: String], clinicians: [Clinician], windows: [AccessWindow], minBlock: Int?,
            others: [Session]
        ) {
            self.rota = rota
            self.hubNames = hubNames
            self.clinicians = clinicians
            self.windows = windows
            self.minBlock = minBlock
            self.others = others
        }
    }

    package static func conflictCheck(_ rota: Row, on db: any SQLDatabase, app: Application) async throws
        -> ConflictCheck
    {
        let hubs = try await HubSetup.hubs(of: rota.groupCode, on: db)
        let names = Dictionary(uniqueKeysWithValues: hubs.map { ($0.id, $0.name) })
        let staff = try await StaffList.list(rota.groupCode, on: db)
        let access = (try? app.policies.policy(named: rota.policy))?.rules(for: .network)?.access
        let others = try await db.raw(
            """
            SELECT s.id, s.rota_id, s.hub_id, s.room, s.day, s.start_minute, s.end_minute, s.role, s.clinician_id, \
            s.not_run
            FROM rota_sessions s JOIN rotas r ON r.id = s.rota_id
            WHERE r.group_code = \(bind: rota.groupCode) AND r.status = 'published' AND r.id <> \(bind: rota.id)
              AND s.day >= \(bind: rota.firstDay) AND s.day <= \(bind: rota.lastDay) AND s.not_run = \(bind: false)
            """
        ).all(decoding: Session.self, with: snakeCaseRows)
        return ConflictCheck(
            rota: rota, hubNames: names,
            clinicians: try await StaffList.withPeople(
                StaffList.clinicians(staff, hubNames: names, from: rota.first, through: rota.last), rows: staff,
                group: rota.groupCode, from: rota.first, through: rota.last, on: db),
            windows: access?.hours.compactMap(AccessWindow.init) ?? [], minBlock: access?.minBlockMinutes,
            others: others)
    }

    package static func key(_ c: RotaConflict) -> String {
        "\(c.kind.rawValue)|\(c.sessions.sorted().joined(separator: ","))|\(c.message)"
    }
}
