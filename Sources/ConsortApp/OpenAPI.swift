import ConsortWeb
import Foundation
import Importers
import Vapor

/// The OpenAPI 3.0 description of `/api/v1/`.
extension OpenAPI {
    package static let text: String = {
        let paths: JSON = [
            "/summary": ["get": get("England at a date: counts of practices, patients and groups", [date], json(ref("Summary")))],
            "/practices": ["get": get("Search practices", [
                date, param("q", description: "Words that must all appear in the name, ODS code or postcode"),
                param("group", description: "Only members of this group (any kind) at the date"),
                param("min_list", "query", ["type": "integer", "minimum": 0, "maximum": 10_000_000], description: "Smallest registered list size"),
                param("max_list", "query", ["type": "integer", "minimum": 0, "maximum": 10_000_000], description: "Largest registered list size"),
                param("decile", "query", ["type": "integer", "minimum": 1, "maximum": 10], description: "IMD 2019 national decile, 1 = most deprived"),
                param("rurality", "query", ["type": "string", "enum": ["Urban", "Rural", "unknown"]], description: "Rurality as recorded in NHS Payments 2021-22"),
                param("sort", "query", ["type": "string", "enum": ["code", "name", "postcode", "list_size", "imd", "network", "consortium"]], description: "Sort key"),
                param("dir", "query", ["type": "string", "enum": ["asc", "desc"]], description: "Sort direction"), page, perPage,
            ], json(page(of: "PracticeSummary")))],
            "/practices/{code}": ["get": get("One practice: details, groups at the date, membership and list-size history", [code, date], json(ref("PracticeDetail")))],
            "/groups": ["get": get("List groups with members at the date", [
                date, param("kind", "query", kind, description: "Only groups of this kind"), param("q", description: "Words in the name or code"),
                param("parent", description: "Only groups whose parent is this group"),
                param("all", "query", ["type": "string", "enum": ["1"]], description: "1 includes groups without members at the date"),
                param("sort", "query", ["type": "string", "enum": ["code", "name", "practices", "patients"]], description: "Sort key"),
                param("dir", "query", ["type": "string", "enum": ["asc", "desc"]], description: "Sort direction"), page, perPage,
            ], json(page(of: "GroupSummary")))],
            "/groups/{code}": ["get": get("One group: members at the date, parents, children and membership history", [code, date], json(ref("GroupDetail")))],
            "/imports": ["get": get("Every import, newest first", [], json(["type": "array", "items": ref("ImportEntry")]))],
            "/imports/{id}": ["get": get("The change report of one import", [idParam("Import number")], json(ref("ChangeReport")))],
            "/audit": ["get": get("The audit log, newest first (administrators and consortium officers)", [
                param("entity", description: "Only entries about this kind of record (group, membership, user, import)"),
                param("id", description: "With entity: only entries about this record"), page, perPage,
            ], json(page(of: "AuditEntry")), secured: true)],
            "/assurance": ["get": get("A policy's assurance report on the registry at a date: summary by level and every finding", [
                date, param("policy", description: "A policy name from GET /policies (default gp-consortia-2010)"),
            ], json(ref("AssuranceReport")))],
            "/policies": ["get": get("The policies offered for assurance checks", [], json(["type": "array", "items": obj([("name", str), ("title", str), ("version", str), ("levels", ["type": "array", "items": str])])]))],
            "/policies/{name}": ["get": get("One policy: its rules by level and its sources", [param("name", "path", str, description: "Policy name")], json(ref("Policy")))],
            "/finance/allocation": ["get": get("A budget shared among an area's practices by capitation, summed by group", [
                date, area, param("by", "query", ["type": "string", "enum": ["region", "icb", "consortium", "locality", "network"]], description: "Sum by groups of this kind (default consortium)"),
                param("basis", "query", ["type": "string", "enum": ["raw", "weighted", "need"]], description: "Registered list, Carr-Hill weighted list, or registered list times need by IMD decile (default weighted)"),
                param("per_head", "query", ["type": "number", "minimum": 1, "maximum": 100_000], description: "Budget in £ per registered patient (default from the cost model)"),
                param("management", "query", ["type": "number", "minimum": 0, "maximum": 1_000], description: "Management allowance in £ per registered patient (default £25)"),
            ], json(ref("Allocation")))],
            "/finance/risk": ["get": get("A year's spend against budget simulated for populations of given sizes", [
                param("populations", description: "Up to 20 sizes from 100 to 100,000,000, separated by commas"), trials, seed,
                param("show", "query", ["type": "integer", "minimum": 1, "maximum": 100_000_000], description: "The population whose spend distribution to return"),
            ], json(ref("RiskBySize")))],
            "/finance/groups": ["get": get("The financial risk of each group of a kind in an area, as budget holders", [
                date, area, param("by", "query", kind, description: "Groups of this kind (default consortium)"), trials, seed,
            ], json(obj([("date", day), ("area", strNull), ("by", kind), ("trials", int), ("seed", int),
                         ("groups", ["type": "array", "items": obj([("code", str), ("name", str), ("weightedPatients", ["type": "number"]), ("summary", ref("RiskSummary"))])])])))],
            "/finance/models": ["get": get("The four consortium models of the GPC guide compared on an area's practices", [
                date, param("area", description: "Code of the region, STP/ICB or CCG whose practices to use", required: true), trials, seed,
                param("contribution", "query", ["type": "number", "minimum": 0, "maximum": 100], description: "Each consortium's contribution to the risk pool, % of budget"),
                param("threshold", "query", ["type": "number", "minimum": 0, "maximum": 100], description: "Overspend, % of budget, beyond which the pool pays"),
                param("small", "query", ["type": "integer", "minimum": 10_000, "maximum": 5_000_000], description: "Patients per consortium in the small model"),
                param("locality", "query", ["type": "integer", "minimum": 5_000, "maximum": 5_000_000], description: "Patients per locality in the large model"),
            ], json(ref("ModelComparison")))],
            "/finance/cost-model": ["get": get("The cost model: classes of care, budget, management allowance, need weights, assumptions and sources", [], json(ref("CostModel")))],
            "/plans": ["get": get("Saved plans, newest first (administrators, consortium officers, LMC officers, federation managers)", [
                param("page", "query", ["type": "integer", "minimum": 1, "maximum": 100_000], description: "Page of 50"),
            ], json(obj([("plans", ["type": "array", "items": ref("PlanSummary")]), ("total", int), ("page", int), ("pageSize", int)])), secured: true)],
            "/plans/{id}": ["get": get("One plan: its request, status and progress, and when finished its groups, issues, moved practices and assignment", [
                idParam("The plan's number"),
            ], json(ref("Plan")), secured: true)],
            "/groups/{code}/governance/interests": ["get": get("A consortium's, locality's or federation's register of interests as JSON: the same tables as its page and CSV (the public register; officers also get their fuller tables)", [
                code, param("date", "query", ["type": "string", "format": "date"], description: "The register on this day (YYYY-MM-DD); default today"),
            ], json(ref("Tables")))],
            "/groups/{code}/governance/gifts": ["get": get("The register of gifts and hospitality as JSON (declared entries; officers see every entry)", [code], json(ref("Tables")))],
            "/groups/{code}/governance/procurement": ["get": get("The register of procurement decisions as JSON", [code], json(ref("Tables")))],
            "/groups/{code}/governance/breaches": ["get": get("The anonymised log of breaches of the conflicts of interest policy as JSON", [code], json(ref("Tables")))],
            "/practices/{code}/invitations": ["get": get("A practice's invitations to join federations, pending first (its practice managers, administrators)", [practiceCode],
                                                         json(["type": "array", "items": invitation]), secured: true)],
            "/federation-invitations/{id}/accept": ["post": write("Accept an invitation: the practice joins the federation from the invitation's date (the practice's practice managers)",
                                                                  [idParam("The invitation")], body: nil, status: "200", json(invitation))],
            "/federation-invitations/{id}/decline": ["post": write("Decline an invitation (the practice's practice managers)", [idParam("The invitation")],
                                                                   body: nil, status: "200", json(invitation))],
            "/federation-invitations/{id}/withdraw": ["post": write("Withdraw an invitation not yet answered (whoever may edit the federation)", [idParam("The invitation")],
                                                                    body: nil, status: "200", json(invitation))],
            "/me": ["get": get("The signed-in account, with the CSRF token for writes with a session cookie", [], json(ref("Me")), secured: true)],
            "/hubs": ["post": write("Open an extended-access hub for a federation or network (administrators, its federation managers)", [],
                                    body: obj([("group", text(12)), ("name", text(120)), ("address", ["type": "string", "maxLength": 300, "nullable": true])],
                                              required: ["group", "name"]), status: "201",
                                    json(obj([("id", int)]), "Created"))],
            "/hubs/{id}/sessions": ["post": write("Add a session to a hub, cut into appointment slots", [idParam("The hub")],
                                                  body: obj([("day", day), ("start", clock), ("end", clock), ("room", text(60)), ("role", ["type": "string", "enum": ["gp", "nurse", "other"]]),
                                                             ("appointmentMinutes", ["type": "integer", "minimum": 5, "maximum": 120]),
                                                             ("clinician", ["type": "string", "maxLength": 120, "nullable": true])],
                                                            required: ["day", "start", "end", "room", "role"]),
                                                  status: "201", json(obj([("slots", ["type": "array", "items": int])]), "Created"))],
            "/hubs/{id}/slots": ["get": get("A hub's appointment slots, and whether each is booked (never by whom)", [
                idParam("The hub"), param("day", "query", ["type": "string", "format": "date"], description: "Only this day (YYYY-MM-DD)"),
            ], json(obj([("hub", int), ("name", str), ("group", str), ("day", dayNull),
                         ("slots", ["type": "array", "items": obj([("id", int), ("day", day), ("start", str), ("minutes", int), ("room", str), ("role", str), ("clinician", strNull), ("booked", ["type": "boolean"])])])])), secured: true)],
            "/hub-slots/{id}/bookings": ["post": write("Book a member practice's patient into a slot (the practice's staff, the hub's managers); 409 when the slot is taken",
                                                       [idParam("The slot")],
                                                       body: obj([("nhsNumber", ["type": "string", "pattern": "^[0-9]{3} ?[0-9]{3} ?[0-9]{4}$", "description": "Ten digits with a valid check digit"]),
                                                                  ("name", text(100)), ("contact", text(100)), ("practice", ["type": "string", "pattern": "^[A-Za-z][0-9]{5}$"])],
                                                                 required: ["nhsNumber", "name", "contact", "practice"]),
                                                       status: "201", json(obj([("id", int)]), "Created"))],
            "/hub-bookings/{id}": ["patch": write("Cancel a booking, or record that the patient attended or did not", [idParam("The booking")],
                                                  body: obj([("status", ["type": "string", "enum": ["cancelled", "attended", "did-not-attend"]])], required: ["status"]),
                                                  status: "200", json(obj([("id", int), ("status", str)])))],
            "/federations": ["post": write("Record a federation (administrators, consortium officers); members outside the caller's consortium are invited", [],
                                           body: ref("FederationInput"), status: "201",
                                           json(obj([("code", str), ("invited", ["type": "array", "items": str])]),
                                                "Created; Location names the new group; invited lists the practices that join when they accept"))],
            "/federations/{code}": ["patch": write("Change a federation's details; fields left out keep their values", [code], body: ref("FederationInput"),
                                                   status: "200", json(ref("GroupDetail")))],
            "/federations/{code}/members": ["post": .object([
                ("summary", "Add a member practice for a period: recorded (201) by administrators, its consortium's officers and its own practice managers; otherwise the practice is invited (202) and joins when one of its practice managers accepts"),
                ("parameters", [code]),
                ("requestBody", ["required": true, "content": ["application/json": ["schema": ref("MemberInput")]]]),
                ("responses", .object([("201", json(obj([("id", int)]), "Recorded")),
                                       ("202", json(obj([("invitation", int), ("status", ["type": "string", "enum": ["pending"]])]), "Invited"))] + writeErrors)),
                ("security", [["session": []], ["bearer": []]]),
            ])],
            "/federations/{code}/members/{id}": [
                "patch": write("Set (or with null clear) the date a member left", [code, memberID], body: obj([("validTo", dayNull)]), status: "204",
                               ["description": "Changed"]),
                "delete": write("Remove a membership recorded in error", [code, memberID], body: nil, status: "204", ["description": "Removed"]),
            ],
        ]
        let practiceSummary = obj([("code", str), ("name", str), ("postcode", strNull), ("listSize", intNull), ("listSizeOn", dayNull),
                                   ("imdScore", num), ("imdDecile", intNull), ("rurality", strNull), ("network", strNull), ("consortium", strNull),
                                   ("icb", strNull), ("region", strNull), ("federations", ["type": "array", "items": str])])
        let groupSummary = obj([("code", str), ("kind", kind), ("name", str), ("parent", strNull), ("practices", int), ("patients", int)])
        let schemas: JSON = [
            "Error": obj([("error", obj([("reason", str)], required: ["reason"]))], required: ["error"]),
            "Tables": obj([("tables", ["type": "array", "items": obj([("id", str), ("caption", str), ("columns", ["type": "array", "items": str]),
                                                                    ("rows", ["type": "array", "items": ["type": "array", "items": str]])])])]),
            "Summary": obj([("date", day), ("latestSnapshot", dayNull), ("practices", int), ("patients", int),
                            ("groups", ["type": "object", "additionalProperties": int]), ("regions", ["type": "array", "items": ref("GroupSummary")])]),
            "PracticeSummary": practiceSummary,
            "GroupSummary": groupSummary,
            "PracticeDetail": obj([
                ("date", day), ("code", str), ("name", str), ("openAtDate", ["type": "boolean"]), ("address", strNull), ("postcode", strNull),
                ("phone", strNull), ("latitude", num), ("longitude", num), ("easting", intNull), ("northing", intNull), ("odsStatus", strNull),
                ("odsOpenedOn", dayNull), ("knownFrom", day), ("closedOn", dayNull), ("listSize", intNull), ("listSizeOn", dayNull),
                ("weightedListSize", num), ("imdScore", num), ("imdDecile", intNull), ("rurality", strNull), ("contractType", strNull),
                ("dispensing", strNull), ("groups", ["type": "array", "items": ref("GroupSummary")]),
                ("memberships", ["type": "array", "items": obj([("group", str), ("groupName", str), ("kind", kind), ("from", day), ("to", dayNull)])]),
                ("listSizes", ["type": "array", "items": obj([("on", day), ("patients", int), ("weightedPatients", num)])]),
            ]),
            "GroupDetail": obj([
                ("date", day), ("code", str), ("kind", kind), ("name", str), ("onsCode", strNull), ("legalForm", strNull), ("description", strNull),
                ("validFrom", day), ("validTo", dayNull), ("source", str), ("ancestors", ["type": "array", "items": ref("GroupSummary")]),
                ("children", ["type": "array", "items": ref("GroupSummary")]), ("practices", int), ("patients", int),
                ("members", ["type": "array", "items": ref("PracticeSummary")]),
                ("history", ["type": "array", "items": obj([("id", int), ("practice", str), ("practiceName", str), ("from", day), ("to", dayNull)])]),
            ]),
            "ImportEntry": obj([("id", int), ("format", str), ("files", str), ("extractDate", strNull), ("importedAt", str), ("actor", str)]),
            "ChangeReport": ["type": "object", "description": "What an import changed: opened, reopened, closed, moved, listSizeChanges, groupsCreated, groupsRenamed, groupsClosed, notes"],
            "AuditEntry": obj([("seq", int), ("recordedAt", str), ("actor", str), ("action", str), ("entity", str), ("entityId", str),
                               ("before", strNull), ("after", strNull), ("hash", str)]),
            "AssuranceReport": obj([
                ("policy", str), ("policyVersion", str), ("policyTitle", str), ("date", day), ("practices", int), ("patients", int),
                ("levels", ["type": "array", "items": obj([("level", str), ("kinds", ["type": "array", "items": kind]), ("groups", int), ("practices", int), ("blocking", int), ("advisory", int)])]),
                ("findings", ["type": "array", "items": ref("Finding")]),
            ]),
            "Finding": obj([
                ("rule", ["type": "string", "enum": ["coverage", "exclusivity", "size", "contiguity", "enclave", "cherry-picking", "overlap"]]),
                ("level", strNull), ("severity", ["type": "string", "enum": ["blocking", "advisory"]]),
                ("subject", ref("OrganisationRef")), ("organisations", ["type": "array", "items": ref("OrganisationRef")]),
                ("figures", ["type": "array", "items": obj([("name", str), ("value", ["type": "number"]), ("unit", str)])]),
                ("message", str), ("source", strNull), ("drivers", ["type": "array", "items": ref("OrganisationRef")]),
            ]),
            "OrganisationRef": obj([("code", str), ("name", str), ("kind", str)]),
            "Policy": ["type": "object", "description": "name, version, title, description, sources (id and citation), levels (level, kinds, size, coverage, contiguity, cherryPicking, access) and overlaps"],
            "RiskSummary": riskSummary,
            "Allocation": obj([
                ("date", day), ("area", strNull), ("areaName", str), ("by", kind), ("basis", str), ("perHead", ["type": "number"]), ("total", ["type": "number"]),
                ("managementPerHead", ["type": "number"]), ("management", ["type": "number"]), ("patients", int), ("withoutListSize", int), ("estimated", int),
                ("shareAway10", ["type": "number"]),
                ("groups", ["type": "array", "items": obj([("code", strNull), ("name", str), ("practices", int), ("patients", int), ("weight", ["type": "number"]),
                                                           ("budget", ["type": "number"]), ("rawBudget", ["type": "number"]), ("difference", ["type": "number"]), ("management", ["type": "number"])])]),
                ("practices", ["type": "array", "items": obj([("code", str), ("name", str), ("group", strNull), ("imdDecile", intNull), ("patients", int),
                                                              ("weightedList", num), ("need", ["type": "number"]), ("weight", ["type": "number"]), ("budget", ["type": "number"]),
                                                              ("rawBudget", ["type": "number"]), ("difference", ["type": "number"]), ("estimated", ["type": "boolean"])])]),
            ]),
            "RiskBySize": obj([
                ("model", str), ("meanPerHead", ["type": "number"]), ("cvPerHead", ["type": "number"]), ("trials", int), ("seed", int), ("seconds", ["type": "number"]),
                ("populations", ["type": "array", "items": ref("RiskSummary")]),
                ("distribution", obj([("population", int), ("budget", ["type": "number"]), ("bins", ["type": "array", "items": obj([("label", str), ("years", int)])])])),
            ]),
            "ModelComparison": obj([
                ("date", day), ("area", str), ("name", str), ("practices", int), ("patients", int), ("trials", int), ("seed", int),
                ("assumptions", ["type": "object", "description": "smallConsortium, locality, coreManagementCost, localityTierCost, leadFunctionShare, agencySaving, poolContribution, poolThreshold, sizesSource, source"]),
                ("models", ["type": "array", "items": obj([
                    ("kind", ["type": "string", "enum": ["small", "large", "federated", "agency"]]), ("title", str), ("consortia", int), ("localities", int),
                    ("patients", int), ("probabilityAnyOver5", ["type": "number"]), ("expectedOver5", ["type": "number"]), ("reserve20", ["type": "number"]),
                    ("reserve100", ["type": "number"]), ("managementAllowance", ["type": "number"]), ("managementTiers", ["type": "number"]),
                    ("managementShare", ["type": "number"]), ("localityOffBy5", num),
                    ("bodies", ["type": "array", "items": obj([("name", str), ("practices", ["type": "array", "items": str]), ("consortia", ["type": "array", "items": str]),
                                                               ("patients", int), ("budget", ["type": "number"]), ("probabilityOver5", ["type": "number"]), ("probabilityUnder5", ["type": "number"])])]),
                    ("notes", ["type": "array", "items": str]),
                ])]),
            ]),
            "PlanSummary": ["type": "object", "description": "id, name, status (queued, running, done, failed), progress (0–1), request (policy, level, within, areas, fromCurrent, weights, seed, date), error, createdBy, createdAt, adoptedOn, metrics and current (groups, groupsWithinBand, practicesInNoGroup, compactnessKm, balance, unbalancedGroups, movedPractices, movedPatients) when finished"],
            "Plan": ["type": "object", "description": "plan (a PlanSummary); when finished: groups (code, name, area, practices, patients, withinBand, spreadKm, imdMean, locked), issues (kind, area, practices, message), moves (practice, name, patients, from, to) and assignment (practice code → group code)"],
            "CostModel": ["type": "object", "description": "name, version, title, classes (id, label, rate, meanCost, cv, pooled, source), budgetPerHead, budgetSource, managementPerHead, managementSource, needWeights (by IMD decile), needSource, assumptions, sources (id and citation)"],
            "Me": obj([("username", str), ("displayName", str), ("isDemo", ["type": "boolean"]),
                       ("roles", ["type": "array", "items": obj([("role", str), ("scope", strNull)])]), ("csrfToken", strNull)]),
            "FederationInput": obj([
                ("name", text(200)),
                ("legalForm", ["type": "string", "enum": ["unincorporated", "company-limited-by-guarantee", "company-limited-by-shares", "community-interest-company", "llp", "lead-provider-partnership"]]),
                ("description", ["type": "string", "maxLength": 2000]), ("validFrom", day), ("validTo", dayNull),
                ("members", ["type": "array", "maxItems": 500, "items": ["type": "string", "pattern": "^[A-Za-z][0-9]{5}$"]]),
            ]),
            "MemberInput": obj([("practice", ["type": "string", "pattern": "^[A-Za-z][0-9]{5}$"]), ("validFrom", day), ("validTo", dayNull)],
                               required: ["practice", "validFrom"]),
        ]
        let doc: JSON = [
            "openapi": "3.0.3",
            "info": [
                "title": "Consort API",
                "version": "1.0.0",
                "description": "The registry of English general practice and its groups, at any date. Reads are open; writes need an account: a session cookie with the X-CSRF-Token header (from /api/v1/me), or Authorization: Bearer with an API token from `consort user token`. Errors are {\"error\": {\"reason\": …}}.",
            ],
            "servers": [["url": "/api/v1"]],
            "paths": paths,
            "components": [
                "schemas": schemas,
                "securitySchemes": [
                    "session": ["type": "apiKey", "in": "cookie", "name": "consort_session"],
                    "bearer": ["type": "http", "scheme": "bearer"],
                ],
            ],
        ]
        return doc.text
    }()

    package static var document: Response {
        Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: text))
    }
}
