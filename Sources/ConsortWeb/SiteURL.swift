import ConsortCore
import Foundation

/// Every path of the site, so that routes and links agree.
package enum SiteURL {
    package static let home = "/"
    package static let practices = "/practices"
    package static func practice(_ code: String) -> String { "/practices/\(code)" }
    package static func groups(_ kind: GroupKind) -> String { "/\(kind.slug)" }
    package static func group(_ code: String) -> String { "/groups/\(code)" }
    package static let newFederation = "/federations/new"
    package static func editFederation(_ code: String) -> String { "/groups/\(code)/edit" }
    package static func federationMembers(_ code: String) -> String { "/groups/\(code)/members" }
    package static func federationMember(_ code: String, _ id: Int64) -> String { "/groups/\(code)/members/\(id)" }
    package static func practiceInvitations(_ code: String) -> String { "/practices/\(code)/invitations" }
    package static func invitation(_ id: Int64, _ action: String) -> String { "/federation-invitations/\(id)/\(action)" }
    package static let login = "/login"
    package static let logout = "/logout"
    package static let account = "/account"
    package static let audit = "/audit"
    package static let imports = "/imports"
    package static func importReport(_ id: Int64) -> String { "/imports/\(id)" }
    package static let help = "/help"
    package static let assurance = "/assurance"
    package static let policies = "/policies"
    package static func policy(_ name: String) -> String { "/policies/\(name)" }
    package static let finance = "/finance"
    package static let financeRisk = "/finance/risk"
    package static let financeModels = "/finance/models"
    package static let costModel = "/finance/cost-model"
    package static let plans = "/plans"
    package static let newPlan = "/plans/new"
    package static func plan(_ id: Int64) -> String { "/plans/\(id)" }
    package static func planCSV(_ id: Int64) -> String { "/plans/\(id)/plan.csv" }
    package static func planAction(_ id: Int64, _ action: String) -> String { "/plans/\(id)/\(action)" }
    package static let stylesheet = "/static/consort.css"
    package static let hubs = "/hubs"
    package static func hub(_ id: Int64) -> String { "/hubs/\(id)" }
    package static func hubTemplates(_ id: Int64) -> String { "/hubs/\(id)/templates" }
    package static func hubDay(_ id: Int64, _ day: Day, rebook: Int64? = nil) -> String {
        with("/hubs/\(id)", [("day", day.iso)] + (rebook.map { [("rebook", String($0))] } ?? [])) + "#appointments"
    }
    package static func bookSlot(_ slot: Int64) -> String { "/hub-slots/\(slot)/book" }
    package static func booking(_ id: Int64) -> String { "/hub-bookings/\(id)" }
    package static func access(_ group: String) -> String { "/groups/\(group)/access" }
    package static func clinicians(_ group: String) -> String { "/groups/\(group)/access/clinicians" }
    package static func clinician(_ group: String, _ id: Int64) -> String { "/groups/\(group)/access/clinicians/\(id)" }
    package static func rota(_ id: Int64) -> String { "/rotas/\(id)" }
    package static func rotaAction(_ id: Int64, _ action: String) -> String { "/rotas/\(id)/\(action)" }
    package static func calendar(_ token: String) -> String { "/calendar/\(token).ics" }
    package static func practiceAppointments(_ code: String) -> String { "/practices/\(code)/hub-appointments" }
    package static func governance(_ body: String, _ page: String? = nil) -> String { "/groups/\(body)/governance" + (page.map { "/\($0)" } ?? "") }
    package static func govPerson(_ id: Int64) -> String { "/governance/people/\(id)" }
    package static func govBoard(_ id: Int64) -> String { "/governance/boards/\(id)" }
    package static func govMeeting(_ id: Int64) -> String { "/governance/meetings/\(id)" }
    package static func govItem(_ id: Int64, _ action: String) -> String { "/governance/items/\(id)/\(action)" }

    /// `path` with a query string built from `items` (values percent-encoded).
    package static func with(_ path: String, _ items: [(String, String)]) -> String {
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
    package static func csv(_ path: String, _ items: [(String, String)]) -> String {
        with(path + ".csv", items.filter { $0.0 != "page" && $0.0 != "per_page" })
    }
}
