import ConsortApp
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import Testing
import Vapor

extension PermissionMatrixTests {
    /// Accounts allowed by each rule on world A's objects. On world B's objects only the
    /// administrator is allowed by object rules; rules about no object treat both alike.
    static let allowed: [String: Set<Account>] = [
        "anyone": Set(Account.allCases),
        "signed-in": Set(Account.allCases).subtracting([.signedOut]),
        "staff": Set(Account.allCases).subtracting([.signedOut, .citizen]),
        "audit-reader": [.admin, .officerA],
        "federation-creator": [.admin, .officerA],
        "planner": [.admin, .officerA, .lmc, .fedA, .netA],
        "hub-creator": [.admin, .fedA, .netA],
        "federation-editor": [.admin, .fedA, .officerA],
        "group-access": [.admin, .fedA, .pmA, .clinA],
        "group-access-manager": [.admin, .fedA],
        "practice-appointments": [.admin, .pmA, .clinA, .fedA, .netA],
        "practice-manager": [.admin, .pmA],
        "governance-officer": [.admin, .officerA],
        "hub-viewer": [.admin, .fedA, .pmA, .clinA],
        "hub-manager": [.admin, .fedA],
        "slot-booker": [.admin, .fedA, .pmA, .clinA],
        "booking-editor": [.admin, .fedA, .pmA, .clinA],
        "rota-manager": [.admin, .fedA],
        "governance-person": [.admin, .officerA],
        "governance-board": [.admin, .officerA],
        "governance-meeting": [.admin, .officerA],
        "governance-item": [.admin, .officerA],
        "plan-editor": [.admin, .officerA],
        "invitation-practice": [.admin, .pmA],
        "invitation-federation": [.admin, .fedA, .officerA],
        "people-officer": [.admin, .officerA, .fedA, .pmA, .netA],
        // World A's person is on 01F's register and FED-0001's hub list too, put there by their GMC number (a
        // public number typed by those officers): that links them but keeps nothing, so only their practice's
        // officer keeps them.
        "person-manager": [.admin, .pmA],
        "oneself": [.clinA],
        "invitation-holder": Set(Account.allCases),
        "account-admin": [.admin],
        "registry-importer": [.admin],
        "readiness-practice": [.admin, .pmA, .clinA, .fedA, .netA],
        "readiness-editor": [.admin, .pmA],
        // World A's federation: its manager; the consortium officer of 01F sees 01F's matrix, not a federation's.
        "readiness-group": [.admin, .fedA],
        "readiness-policies": [.admin, .fedA],
        "readiness-evidence": [.admin, .pmA],
        "poll-creator": [.admin, .officerA, .fedA, .lmc, .netA],
        // World A's election and survey: their rolls have clin-a's person.
        "election-viewer": [.admin, .fedA, .clinA],
        "election-manager": [.admin, .fedA],
        "election-elector": [.clinA],
        "survey-viewer": [.admin, .fedA, .clinA],
        "survey-manager": [.admin, .fedA],
        "survey-respondent": [.clinA],
        "ballot-holder": Set(Account.allCases),
    ]
    /// Rules about no object: the same answer on both worlds.
    static let objectless: Set<String> = [
        "anyone", "signed-in", "staff", "audit-reader", "federation-creator", "planner", "hub-creator",
        "people-officer", "oneself", "invitation-holder", "account-admin", "registry-importer", "poll-creator",
        "ballot-holder",
    ]

    /// Who may see each world's patient (name, NHS number, contact).
    static let patientViewers: [Set<Account>] = [[.admin, .pmA, .clinA, .fedA], [.admin]]

    struct Patient {
        let name: String
        let nhs: String
        let contact: String
    }
    static let patients = [
        Patient(name: "Matrix Patient Alpha (demo)", nhs: "9990000018", contact: "alpha-contact@example.invalid"),
        Patient(name: "Matrix Patient Bravo (demo)", nhs: "9990000026", contact: "bravo-contact@example.invalid"),
    ]

    /// The ids of one world's objects.
    struct World {
        var federation = "", consortium = "", practice = "", membership = "", hub = "", slot = "", booking = "",
            rota = "", session = ""
        var clinician = "", person = "", board = "", meeting = "", item = "", plan = "", invitationPractice = "",
            invitationFederation = ""
        var calendar = "", evidence = "", election = "", survey = "", ballotToken = "", answerToken = ""
        /// A person of the directory with a role at the world's practice (world A's is clin-a's own),
        /// clin-a's register entry and hub list entry, and an open invitation's token.
        var directoryPerson = "", register = "", ownClinician = "", invitationToken = ""

        /// A path's parameters filled for a rule.
        func fill(_ path: String, rule: String) -> String {
            path.split(separator: "/", omittingEmptySubsequences: false).map { part -> String in
                switch part {
                case ":code":
                    switch rule {
                    case "practice-appointments", "practice-manager", "readiness-practice", "readiness-editor":
                        return practice
                    case "governance-officer": return consortium
                    case "anyone":
                        return path.contains("/governance")
                            ? consortium
                            : path.hasPrefix("/practices") || path.hasPrefix("/api/v1/practices")
                                ? practice : federation
                    default: return federation
                    }
                case ":id":
                    switch rule {
                    case "federation-editor": return membership
                    case "group-access-manager": return clinician
                    case "hub-viewer", "hub-manager": return hub
                    case "slot-booker": return slot
                    case "booking-editor": return booking
                    case "rota-manager": return rota
                    case "governance-person": return person
                    case "governance-board": return board
                    case "governance-meeting": return meeting
                    case "governance-item": return item
                    case "plan-editor", "planner": return plan
                    case "invitation-practice": return invitationPractice
                    case "invitation-federation": return invitationFederation
                    case "person-manager": return directoryPerson
                    case "readiness-evidence": return evidence
                    case "election-viewer", "election-manager", "election-elector": return election
                    case "survey-viewer", "survey-manager", "survey-respondent": return survey
                    default: return path.contains("/boards/") ? board : path.contains("/imports/") ? "1" : "1"
                    }
                case ":name": return "pcn-2019"
                case ":token":
                    if rule == "ballot-holder" { return path.hasPrefix("/ballots") ? ballotToken : answerToken }
                    return rule == "invitation-holder" ? invitationToken : calendar + ".ics"
                default: return String(part)
                }
            }.joined(separator: "/")
        }

        /// Placeholders in sample bodies.
        func fill(body: String) -> String {
            body.replacingOccurrences(of: "$FED", with: federation).replacingOccurrences(
                of: "$PRACTICE", with: practice
            )
            .replacingOccurrences(of: "$SESSION", with: session).replacingOccurrences(of: "$PERSON", with: person)
            .replacingOccurrences(of: "$HUB", with: hub).replacingOccurrences(of: "$REGISTER", with: register)
            .replacingOccurrences(of: "$CLINICIAN", with: ownClinician)
        }
    }

    /// A valid body for every write route (form fields as `a=b&c=d`, JSON for the API).
    static let validBodies: [String: String] = [
        // A form without its file: refused by field for the administrator, refused whole for others.
        "POST /imports/new": "action=check&date=2022-01-01",
        "POST /people/import": "action=check&text=name%2Corganisation%2Crole",
        "POST /federations/new": "name=Matrix federation&valid_from=2022-03-01&members=$PRACTICE",
        "POST /groups/:code/edit": "name=Renamed federation&valid_from=2022-03-01",
        "POST /groups/:code/members": "practice=N81037&valid_from=2022-04-01",
        "POST /groups/:code/members/:id": "valid_to=2022-12-31",
        "POST /federation-invitations/:id/accept": "", "POST /federation-invitations/:id/decline": "",
        "POST /federation-invitations/:id/withdraw": "",
        "POST /login": "username=nobody&password=wrong password", "POST /logout": "",
        "POST /account/password": "current=\(testPassword)&new=another long passphrase",
        "POST /plans/new": """
        name=Matrix plan&policy=pcn-2019&level=network&within=consortium&areas=01F&from=scratch&compactness=1\
        &balance=0.5&moves=0&seed=3&date=2022-01-01
        """,
        "POST /plans/:id/rename": "name=Renamed plan", "POST /plans/:id/adopt": "adopt_on=2022-06-01&confirm=yes",
        "POST /plans/:id/delete": "confirm=yes",
        "POST /hubs/:id":
            """
        name=Renamed hub&rooms=Room 1&opening=Mon-Fri \
        18:30-20:00&appointment_gp=15&appointment_nurse=15&appointment_other=20
        """,
        "POST /hubs/:id/templates": "room=Room 1&days=Sat&start=09:00&end=12:00&role=gp",
        "POST /hub-slots/:id/book": "practice=$PRACTICE&nhs_number=9990000034&name=Matrix booking (demo)&contact=x",
        "POST /hub-bookings/:id": "status=cancelled",
        "POST /groups/:code/access/hubs": "name=Second hub",
        "POST /groups/:code/access/rotas": "policy=pcn-2019&first_day=2030-01-07&last_day=2030-01-13",
        "POST /groups/:code/access/clinicians":
            "name=Matrix GP&role=gp&practice=&max_sessions=4&hubs[]=$HUB&availability=Sat 08:00-18:00",
        "POST /groups/:code/access/clinicians/:id":
            "name=Matrix GP&role=gp&practice=&max_sessions=4&hubs[]=$HUB&availability=Sat 08:00-18:00",
        "POST /rotas/:id/assign": "session=$SESSION&clinician=",
        "POST /rotas/:id/add": "hub=$HUB&room=Room 1&day=2030-01-12&start=09:00&end=10:00&role=gp",
        "POST /rotas/:id/remove": "session=$SESSION", "POST /rotas/:id/not-run": "session=$SESSION",
        "POST /rotas/:id/publish": "",
        "POST /rotas/:id/delete": "confirm=yes",
        "POST /groups/:code/governance/people": "name=Matrix member (demo)",
        "POST /groups/:code/governance/boards": "board_name=Matrix board",
        "POST /groups/:code/governance/gifts":
            """
        person=$PERSON&gift_kind=gift&source=other&donor=Someone&gift_description=Pen&value=5&received_on=2022-05-01
        """,
        "POST /groups/:code/governance/breaches":
            "occurred_on=2022-05-01&summary=A late declaration&breach_action=Reminder sent",
        "POST /governance/people/:id/affiliations":
            "affiliation_organisation=N81011&affiliation_role=gp-partner&affiliation_from=2022-01-01",
        "POST /governance/people/:id/declarations":
            "kind=financial&organisation=N81011&description=Partner&from=2022-01-01&declared_on=2022-01-05",
        "POST /governance/people/:id/end": "declaration=1&to=2022-12-31",
        "POST /governance/people/:id/end-role": "role=1&to=2022-12-31",
        "POST /governance/boards/:id/seats": "person=$PERSON&role=gp&seat_from=2022-01-01",
        "POST /governance/boards/:id/end-seat": "seat=1&to=2022-12-31",
        "POST /governance/boards/:id/quorum": "minimum=2",
        "POST /governance/boards/:id/meetings": "title=Matrix meeting&held_on=2022-06-01",
        "POST /governance/meetings/:id/attendance": "present[]=$PERSON",
        "POST /governance/meetings/:id/items": "item_title=Matrix item",
        "POST /governance/items/:id/actions": "person=$PERSON&action=excluded-from-discussion&reason=Conflict",
        "POST /governance/items/:id/decision": "decision=Approved",
        "POST /people": "name=Matrix person (demo)&organisation=$PRACTICE&role=gp-partner&from=2022-01-01",
        "POST /people/:id/details": "name=Matrix person (demo)&email=matrix@example.invalid",
        "POST /people/:id/roles": "organisation=$PRACTICE&role=salaried-gp&from=2022-01-01",
        "POST /people/:id/end-role": "role_id=1&end-role-1=2023-01-01",
        "POST /people/:id/credentials": "credential=dbs&issued_on=2022-01-01",
        "POST /people/:id/remove-credential": "credential_id=1",
        "POST /people/:id/invite": "grant=public|",
        "POST /invitations/:token": "username=matrix.user&password=a long passphrase&confirm=a long passphrase",
        "POST /me/details": "name=x&email=matrix@example.invalid",
        "POST /me/credentials": "credential=dbs&issued_on=2022-01-01", "POST /me/remove-credential": "credential_id=1",
        "POST /me/notifications/read": "",
        "POST /me/declarations": "person=$REGISTER&kind=nil&from=2022-01-01",
        "POST /me/declarations/end": "person=$REGISTER&declaration=1&to=2022-12-31",
        "POST /me/gifts":
            """
        person=$REGISTER&gift_kind=gift&source=other&donor=Someone&gift_description=Pen&value=5&received_on=2022-05-01
        """,
        "POST /me/availability": "clinician=$CLINICIAN&availability-$CLINICIAN=Sat 08:00-18:00&max-$CLINICIAN=4",
        "POST /me/availability/limit": "overall=10",
        "POST /practices/:code/readiness/evidence":
            "title=Matrix policy&gathered_on=2026-01-05&statements[]=safe/safeguarding",
        "POST /practices/:code/readiness/adopt": "policy=1",
        "POST /practices/:code/readiness/dspt":
            "year=2025-26&status=approaching-standards&published_on=2026-06-01&standards[]=1&standards[]=2",
        "POST /groups/:code/readiness/policies":
            "title=Matrix shared policy&gathered_on=2026-01-05&statements[]=safe/safeguarding",
        "POST /readiness/evidence/:id/retire": "",
        "POST /elections/count": "method=scottish&ballots=2 1%0A3 1 0%0A1 2 0%0A0%0A%22A%22 %22B%22 %22T%22",
        "POST /elections/new": """
        title=Matrix poll&method=motion&motion=That we agree.&groups=$FED&electorate=practices&weighting=one\
        &voting_open=2027-12-01T09:00&voting_close=2027-12-02T09:00
        """,
        "POST /elections/:id/nominate": "person=$PERSON", "POST /elections/:id/withdraw": "candidate=1",
        "POST /elections/:id/timetable": "move=open-nominations", "POST /elections/:id/vote": "choice[]=1",
        "POST /elections/:id/count": "", "POST /ballots/:token": "choice[]=1",
        "POST /surveys/new": """
        title=Matrix survey&questions=text: Why?&groups=$FED&electorate=practices&opens_on=2027-06-01\
        &closes_on=2027-06-08
        """,
        "POST /surveys/:id/respond": "q[1][]=3", "POST /answers/:token": "q[1][]=3",
        "POST /admin/accounts/:id/disable": "", "POST /admin/accounts/:id/enable": "",
        "POST /admin/accounts/:id/grant": "role=public&scope=", "POST /admin/accounts/:id/revoke": "role=public&scope=",
        "POST /admin/accounts/:id/reset": "", "POST /admin/accounts/:id/link": "person=",
        "POST /api/v1/hubs": #"{"group":"$FED","name":"API hub"}"#,
        "POST /api/v1/hubs/:id/sessions":
            #"{"day":"2030-01-12","start":"09:00","end":"10:00","room":"Room 9","role":"gp"}"#,
        "POST /api/v1/hub-slots/:id/bookings":
            #"{"nhsNumber":"9990000034","name":"Matrix booking (demo)","contact":"x","practice":"$PRACTICE"}"#,
        "PATCH /api/v1/hub-bookings/:id": #"{"status":"cancelled"}"#,
        "POST /api/v1/federations": #"{"name":"API federation","validFrom":"2022-03-01","members":["$PRACTICE"]}"#,
        "PATCH /api/v1/federations/:code": #"{"name":"API renamed"}"#,
        "POST /api/v1/federations/:code/members": #"{"practice":"N81037","validFrom":"2022-04-01"}"#,
        "PATCH /api/v1/federations/:code/members/:id": #"{"validTo":"2022-12-31"}"#,
        "DELETE /api/v1/federations/:code/members/:id": "",
        "POST /api/v1/federation-invitations/:id/accept": "", "POST /api/v1/federation-invitations/:id/decline": "",
        "POST /api/v1/federation-invitations/:id/withdraw": "",
    ]
    /// An invalid body: every field the route takes, with a value no rule accepts.
    static func invalid(_ valid: String, api: Bool) -> String {
        if api {
            return #"{"status":"nonsense","validFrom":"soon","nhsNumber":"1","day":"someday","group":"???","name":""}"#
        }
        let keys = valid.split(separator: "&").compactMap { $0.split(separator: "=").first.map(String.init) }
        return (keys.isEmpty ? ["nonsense"] : keys).map { "\($0)=%3F%3F not valid %3F%3F" }.joined(separator: "&")
    }

    static let queries: [String: String] = [
        "/api/v1/finance/models": "?area=Y62&trials=1000", "/finance/models.csv": "?area=Y62&trials=1000",
        "/finance/models": "?area=Y62&trials=1000", "/finance/risk": "?trials=1000",
        "/finance/risk.csv": "?trials=1000",
        "/api/v1/finance/risk": "?trials=1000", "/api/v1/finance/groups": "?trials=1000",
    ]
}
