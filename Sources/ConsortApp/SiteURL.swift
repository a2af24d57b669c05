import ConsortCore
import Foundation

/// Every path of the site, so that routes and links agree.
enum SiteURL {
    static let home = "/"
    static let practices = "/practices"
    static func practice(_ code: String) -> String { "/practices/\(code)" }
    static func groups(_ kind: GroupKind) -> String { "/\(kind.slug)" }
    static func group(_ code: String) -> String { "/groups/\(code)" }
    static let newFederation = "/federations/new"
    static func editFederation(_ code: String) -> String { "/groups/\(code)/edit" }
    static func federationMembers(_ code: String) -> String { "/groups/\(code)/members" }
    static func federationMember(_ code: String, _ id: Int64) -> String { "/groups/\(code)/members/\(id)" }
    static func practiceInvitations(_ code: String) -> String { "/practices/\(code)/invitations" }
    static func invitation(_ id: Int64, _ action: String) -> String { "/federation-invitations/\(id)/\(action)" }
    static let login = "/login"
    static let logout = "/logout"
    static let account = "/account"
    static let audit = "/audit"
    static let imports = "/imports"
    static func importReport(_ id: Int64) -> String { "/imports/\(id)" }
    static let help = "/help"
    static let assurance = "/assurance"
    static let policies = "/policies"
    static func policy(_ name: String) -> String { "/policies/\(name)" }
    static let finance = "/finance"
    static let financeRisk = "/finance/risk"
    static let financeModels = "/finance/models"
    static let costModel = "/finance/cost-model"
    static let plans = "/plans"
    static let newPlan = "/plans/new"
    static func plan(_ id: Int64) -> String { "/plans/\(id)" }
    static func planCSV(_ id: Int64) -> String { "/plans/\(id)/plan.csv" }
    static func planAction(_ id: Int64, _ action: String) -> String { "/plans/\(id)/\(action)" }
    static let stylesheet = "/static/consort.css"
    static let hubs = "/hubs"
    static func hub(_ id: Int64) -> String { "/hubs/\(id)" }
    static func hubTemplates(_ id: Int64) -> String { "/hubs/\(id)/templates" }
    static func hubDay(_ id: Int64, _ day: Day, rebook: Int64? = nil) -> String {
        with("/hubs/\(id)", [("day", day.iso)] + (rebook.map { [("rebook", String($0))] } ?? [])) + "#appointments"
    }
    static func bookSlot(_ slot: Int64) -> String { "/hub-slots/\(slot)/book" }
    static func booking(_ id: Int64) -> String { "/hub-bookings/\(id)" }
    static func access(_ group: String) -> String { "/groups/\(group)/access" }
    static func clinicians(_ group: String) -> String { "/groups/\(group)/access/clinicians" }
    static func clinician(_ group: String, _ id: Int64) -> String { "/groups/\(group)/access/clinicians/\(id)" }
    static func rota(_ id: Int64) -> String { "/rotas/\(id)" }
    static func rotaAction(_ id: Int64, _ action: String) -> String { "/rotas/\(id)/\(action)" }
    static func calendar(_ token: String) -> String { "/calendar/\(token).ics" }
    static func practiceAppointments(_ code: String) -> String { "/practices/\(code)/hub-appointments" }
    static func governance(_ body: String, _ page: String? = nil) -> String { "/groups/\(body)/governance" + (page.map { "/\($0)" } ?? "") }
    static func govPerson(_ id: Int64) -> String { "/governance/people/\(id)" }
    static func govBoard(_ id: Int64) -> String { "/governance/boards/\(id)" }
    static func govMeeting(_ id: Int64) -> String { "/governance/meetings/\(id)" }
    static func govItem(_ id: Int64, _ action: String) -> String { "/governance/items/\(id)/\(action)" }

    /// `path` with a query string built from `items` (values percent-encoded).
    static func with(_ path: String, _ items: [(String, String)]) -> String {
        let present = items.filter { !$0.1.isEmpty }
        guard !present.isEmpty else { return path }
        let query = present.map { "\($0.0)=\(encode($0.1))" }
        return path + "?" + query.joined(separator: "&")
    }

    private static let allowed: CharacterSet = {
        var set = CharacterSet.urlQueryAllowed
        set.remove(charactersIn: "&=+?/#")
        return set
    }()

    /// Percent-encodes a query value; letters, digits and `-._~` pass as they are, which is
    /// nearly every value and so skips the slower general path.
    private static func encode(_ value: String) -> String {
        let plain = value.utf8.allSatisfy { b in
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 46 || b == 95 || b == 126
        }
        return plain ? value : (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)
    }

    /// The CSV download of a page: the same path with `.csv` and the same query.
    static func csv(_ path: String, _ items: [(String, String)]) -> String {
        with(path + ".csv", items.filter { $0.0 != "page" && $0.0 != "per_page" })
    }
}
