import ConsortCore
import ConsortWeb

/// Extended access's paths.
package enum AccessURL: SitePath {
    package enum RotaAction: String, CaseIterable, Sendable {
        case assign, add, remove
        case notRun = "not-run"
        case publish, delete
    }

    /// The signed-in person's own hub work: their sessions and their availability per federation.
    package enum Mine: String, CaseIterable, Sendable { case sessions, availability }

    case mine(Mine)
    case mineLimit
    case hubs
    case hub(Param<Int64>)
    case hubTemplates(Param<Int64>)
    case bookSlot(Param<Int64>)
    case booking(Param<Int64>)
    case practiceAppointments(Param<String>)
    case access(Param<String>)
    case accessHubs(Param<String>)
    case accessRotas(Param<String>)
    case clinicians(Param<String>)
    case clinician(Param<String>, Param<Int64>)
    case rota(Param<Int64>)
    case rotaCSV(Param<Int64>)
    case rotaAction(Param<Int64>, RotaAction)
    case calendar(Param<String>)

    package var parts: [PathPart] {
        switch self {
        case .mine(let page): return ["me", PathPart(stringLiteral: page.rawValue)]
        case .mineLimit: return ["me", "availability", "limit"]
        case .hubs: return ["hubs"]
        case .hub(let id): return ["hubs", .param("id", id)]
        case .hubTemplates(let id): return ["hubs", .param("id", id), "templates"]
        case .bookSlot(let id): return ["hub-slots", .param("id", id), "book"]
        case .booking(let id): return ["hub-bookings", .param("id", id)]
        case .practiceAppointments(let code): return ["practices", .param("code", code), "hub-appointments"]
        case .access(let code): return ["groups", .param("code", code), "access"]
        case .accessHubs(let code): return ["groups", .param("code", code), "access", "hubs"]
        case .accessRotas(let code): return ["groups", .param("code", code), "access", "rotas"]
        case .clinicians(let code): return ["groups", .param("code", code), "access", "clinicians"]
        case .clinician(let code, let id):
            return ["groups", .param("code", code), "access", "clinicians", .param("id", id)]
        case .rota(let id): return ["rotas", .param("id", id)]
        case .rotaCSV(let id): return ["rotas", .param("id", id), "rota.csv"]
        case .rotaAction(let id, let action):
            return ["rotas", .param("id", id), PathPart(stringLiteral: action.rawValue)]
        case .calendar(let token): return ["calendar", .param("token", token)]
        }
    }

    /// A hub's appointments on a day (for rebooking `rebook`).
    static func hubDay(_ id: Int64, _ day: Day, rebook: Int64? = nil) -> String {
        hub(.value(id)).path([("day", day.iso)] + (rebook.map { [("rebook", String($0))] } ?? [])) + "#appointments"
    }

    /// A feed's secret address.
    static func calendar(_ token: String) -> String { calendar(.value(token + ".ics")).path }

    /// The API paths, under `/api/v1`.
    package enum API: SitePath {
        case hubs
        case hubSessions(Param<Int64>)
        case hubSlots(Param<Int64>)
        case slotBookings(Param<Int64>)
        case booking(Param<Int64>)

        package var parts: [PathPart] {
            switch self {
            case .hubs: return ["api", "v1", "hubs"]
            case .hubSessions(let id): return ["api", "v1", "hubs", .param("id", id), "sessions"]
            case .hubSlots(let id): return ["api", "v1", "hubs", .param("id", id), "slots"]
            case .slotBookings(let id): return ["api", "v1", "hub-slots", .param("id", id), "bookings"]
            case .booking(let id): return ["api", "v1", "hub-bookings", .param("id", id)]
            }
        }
    }
}
