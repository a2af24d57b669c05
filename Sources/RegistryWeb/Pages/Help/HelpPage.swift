import ConsortCore
import ConsortWeb
import Importers

/// About the data and how to use Consort: a page of text, with no data of its own.
package struct HelpPage: Sendable {
    package init() {}

    /// What people come to do, and where.
    static let tasks: [(String, String)] = [
        ("See what needs you today (signed in)", "/today"),
        ("Find a practice by name, code, postcode, PCN or town", SiteURL.practices.path),
        ("See a consortium, network or federation and its members on a map", SiteURL.groups(.consortium).path),
        ("Check a configuration against the rules for authorisation", "#assurance"),
        ("Work out fair shares and the risk of overspending", "#finance"),
        ("Propose better groupings and compare them with today's", "#planner"),
        ("Compare practices on a quality indicator, with a funnel plot", "/quality"),
        ("Keep evidence for CQC inspection and the data security toolkit", "#quality"),
        ("Run an election or a survey; count a ballot file", "#elections"),
        ("Run extended-access hubs, rotas and bookings", "#extended-access"),
        ("Keep registers of interests, boards and meetings", "#governance"),
        ("Load newer NHS files", "#importing"),
    ]

    /// The page's sections.
    static let contents: [(String, String)] = [
        ("Where the figures come from", "sources"), ("Dates", "dates"), ("Importing newer NHS files", "importing"),
        ("Downloads and the API", "downloads"), ("Assurance", "assurance"), ("Finance", "finance"),
        ("Planner", "planner"), ("Quality", "quality"), ("Elections", "elections"),
        ("Extended access", "extended-access"),
        ("Governance", "governance"),
        ("Accounts and roles", "accounts"),
    ]

    package func render(_ ctx: PageContext) -> HTMLPage {
        Layout.page("About the data", ctx) {
            H.h1 { "About the data and how to use Consort" }
            H.h2 { "Tasks" }
            H.ul(.class("link-list")) {
                for (text, href) in Self.tasks { H.li { H.link(href, text) } }
            }
            H.el("nav", [.aria("label", "Contents")]) {
                H.h2 { "Contents" }
                H.ul(.class("link-list")) {
                    for (text, id) in Self.contents { H.li { H.link("#" + id, text) } }
                }
            }
            H.h2(.id("sources")) { "Where the figures come from" }
            H.p {
                "Consort ships a snapshot of every GP practice in England on 1 January 2022 from NHS Digital's "
                    + "Patients Registered at a GP Practice publication: 6,527 practices and 61,469,262 registered "
                    + "patients, with each practice's PCN, CCG, STP and region. Locations are postcode centroids "
                    + "from Ordnance Survey Code-Point Open; deprivation is OHID's IMD 2019 score of each "
                    + "practice's registered population; rurality, contract type, dispensing status and "
                    + "the weighted list come from NHS Payments to General Practice 2021-22. The "
                    + "deciles are national deciles of the IMD score computed by Consort (1 = most "
                    + "deprived)."
            }
            H.h2(.id("dates")) { "Dates" }
            H.p {
                "Every membership has a start date and, when it has ended, an end date. Every registry page and API "
                    + "call takes an \"as at\" date (date=YYYY-MM-DD) and shows the registry as it stood on that day. "
                    + "The shipped snapshot starts the registry's history on 1 January 2022; importing newer NHS "
                    + "files adds to it."
            }
            H.h2(.id("importing")) { "Importing newer NHS files" }
            H.p {
                "On the command line, consort import FILE reads the NHS Digital totals file (gp-reg-pat-prac-all.csv), "
                    + "the practice to PCN, sub-ICB and ICB map (gp-reg-pat-prac-map.csv), the ODS practices file "
                    + "(epraccur.csv) or a directory in Consort's own layout. It prints what changed: practices "
                    + "opened and closed, practices that moved between groups, and large changes in list size. "
                    + "A file with any problem is refused whole, with the file, line and column of each "
                    + "problem, and the registry is left exactly as it was."
            }
            H.h2(.id("downloads")) { "Downloads and the API" }
            H.p {
                "Every table has a CSV download beneath it. The same data is available as JSON under /api/v1/, "
                    + "described by the "
                H.link(SiteURL.openAPI.path, "OpenAPI document")
                "."
            }
            H.h2(.id("assurance")) { "Assurance: would a configuration be authorised?" }
            H.p {
                "The assurance page checks every grouping of practices at a date against a policy: sizes against the "
                    + "policy's bands, coverage (every practice in exactly one group), groups split into parts far "
                    + "apart on the map, enclaves, cherry-picking (a group markedly less deprived than the "
                    + "practices around it, by the population-weighted IMD 2019 score and Welch's t), and "
                    + "overlaps between federations and consortia. Blocking findings mean the "
                    + "configuration would not be authorised under the policy; advisory findings need "
                    + "attention. Each policy cites the source of every figure: see "
                H.link(SiteURL.policies.path, "the policies")
                ". On the command line, consort check --policy NAME runs the same checks and exits with status 1 when "
                    + "any finding is blocking."
            }
            H.h2(.id("finance")) { "Finance: fair shares and financial risk" }
            H.p {
                "Allocation shares a budget (by default £1,135 a patient, the 2013/14 CCG average) among an area's "
                    + "practices in proportion to their registered list, their Carr-Hill weighted list, or their "
                    + "registered list times a need weight for their IMD decile, and sums the shares by group. The "
                    + "management allowance is £25 a patient, the running-cost allowance set for CCGs."
            }
            H.p {
                "The risk pages simulate a year's spend many times. Each patient's year is a set of independent "
                    + "classes of care events, each with a Poisson number of events and a Gamma cost per event, so "
                    + "most patients cost little and a few cost a great deal. The budget is the expected cost, and "
                    + "the chance of overspending it by more than 5% falls steeply as the population grows. "
                    + "Simulations are seeded: the same seed gives the same figures. The model and the "
                    + "source of every figure are on "
                H.link(SiteURL.costModel.path, "the cost model page")
                "; on the command line, consort simulate runs the same simulations."
            }
            H.p {
                "The four-model page cuts an area's practices, kept together by CCG and network, into small consortia "
                    + "of about 100,000 patients and into localities, and compares: small consortia each carrying "
                    + "their own risk; one large consortium holding the budget centrally, with localities' "
                    + "devolved budgets reported; federated consortia with a lead consortium holding the "
                    + "budget for rare high-cost care for all; and consortia paying into a service "
                    + "agency's risk pool that covers overspends beyond a threshold. The management "
                    + "costs and pool terms are illustrative assumptions to change for a real area."
            }
            H.h2(.id("planner")) { "Planner: proposing better groupings" }
            H.p {
                "The planner proposes groups at any level a policy names (networks, consortia, localities, "
                    + "neighbourhoods, multi-neighbourhood providers, ICBs) for an area that meet the policy's size "
                    + "limits (pcn-2019: networks of at least 30,000 patients; gp-consortia-2010: consortia of "
                    + "100,000 to 750,000 and localities of 70,000 to 150,000). Localities and multi-neighbourhood "
                    + "providers are made of whole networks, ICBs of whole sub-ICB locations. Every practice ends "
                    + "in exactly one group and every group connected in the practices' neighbourhood graph. A "
                    + "policy's advice "
                    + "(pcn-2019: no more than 50,000; gp-consortia-2010: 150,000 to 500,000) is a preference, "
                    + "weighed with compactness (the patient-weighted mean distance from each practice to its "
                    + "group's centre), deprivation balance (how far each group's mean IMD 2019 score lies from "
                    + "its area's) and the number of practices moved. Say what the plan is for: the fewest "
                    + "changes to today's groups (a proposal to take to practices), a redesign, or a design from "
                    + "nothing; More settings holds the weights. "
                "Keep groups inside a region, STP/ICB or consortium to plan each on its own; limit the plan to some "
                    + "areas by their codes. Where the band cannot be met (an isolated practice, a practice larger "
                    + "than the maximum, an area whose total fits no whole number of groups) the plan says which "
                    + "part and why. "
                "Plans run in the background; the plan's page compares it with today's groups, checks it with the "
                    + "policy's assurance rules, and offers its CSV. Adopting a plan changes the registry's "
                    + "memberships from a date, each change audited. On the command line, consort plan does the "
                    + "same; the guide docs/planner.md in Consort's source explains the method and its limits."
            }
            H.h2(.id("quality")) { "Quality: benchmarking practices" }
            H.p {
                "The quality page compares practices on a published indicator (shipped: the QOF smoking prevalence "
                    + "of every practice in 2022/23 and 2023/24, OHID Fingertips indicator 91547) across England or a "
                    + "group. Each value comes with its 95% and 99.8% confidence intervals by the Wilson score method, "
                    + "the method the national profiles use for proportions, and is better, similar or worse than "
                    + "England (or the group) by whether the 95% interval holds that value and which way is better. "
                    + "The funnel plot draws the limits around the comparator that narrow as practices grow: a "
                    + "practice outside the 99.8% limits differs by more than chance explains, and is flagged for "
                    + "support when on the worse side. Where practices vary more than chance allows, the limits can "
                    + "be widened for overdispersion (Spiegelhalter 2005). The last CQC rating (April 2024) stands "
                    + "beside each practice."
            }
            H.p {
                "Inspection readiness: a practice's managers record the evidence they keep for each of CQC's 34 "
                    + "quality statements (what, when, who, when to review it) and the practice's Data Security and "
                    + "Protection Toolkit publication each year. A statement is a gap when it has no evidence or all "
                    + "of it is past its review date. A federation can share a policy once for its practices to "
                    + "adopt, and its managers see the matrix of every member against every statement. Reminders of "
                    + "the toolkit's 30 June deadline come 60, 30 and 7 days before it. The practice's page has a "
                    + "one-page report to print or save as PDF."
            }
            H.h2(.id("elections")) { "Elections and surveys" }
            H.p {
                "Those who run a federation, network or consortium (and LMC officers) set up elections, motions "
                    + "and surveys under Elections in the menu. The roll is drawn from the registry and the people "
                    + "directory on a date: every GP of the groups' practices by role, every practice (weighted one "
                    + "vote each, per GP, or per so many registered patients, as your constitution says), or a list "
                    + "of people. A candidate needs nominations from two electors; the server keeps to the "
                    + "timetable. Everyone on the roll receives a single-use link; a ballot is stored with no link "
                    + "to its voter, no time and in no order that shows who voted when, so no one can tell how "
                    + "anyone voted. Survey results show each question's answers, response rates by practice and "
                    + "group, and CSV; those who have not answered are reminded before it closes."
            }
            H.p {
                "Staff can count an election from a ballot file in the BLT format (Elections in the menu, "
                    + "or consort election count on the command line) under the Scottish rules (SSI 2007/42, "
                    + "rules 45–52: quota of papers ÷ (seats + 1) plus one, transfer values to five decimal "
                    + "places with any remainder ignored) or Meek's method. The count sheet gives every stage: "
                    + "each candidate's votes, transfers, non-transferable votes, who was elected or excluded "
                    + "and why, and how ties were broken; ties left to lot follow the file's [tie] order, else "
                    + "candidate order."
            }
            H.h2(.id("extended-access")) { "Extended access: hubs, rotas and booking" }
            H.p {
                "A federation or network offers evening and weekend appointments to the patients of all its member "
                    + "practices from shared hubs. Its extended access page (linked from the group's page) gives the "
                    + "minutes a week its members' patients need under each policy with an access rule: pcn-2019 "
                    + "asks 30 minutes per 1,000 registered patients, rounded to the nearest quarter hour "
                    + "(50,000 patients need 25 hours a week); enhanced-access-2022 asks 60 minutes per "
                    + "1,000 of the adjusted population (Consort uses the Carr-Hill weighted list), "
                    + "within Monday to Friday 18:30–20:00 and Saturday 09:00–17:00, with a GP on "
                    + "duty. "
                "The group's managers open hubs (rooms, opening hours, appointment length for GPs, nurses and other "
                    + "clinicians), give each its weekly sessions, and list the clinicians who will staff them: their "
                    + "practice (or none, for sessional clinicians), their most sessions a month, the hubs they "
                    + "can reach and when they can work. "
                "Building a rota for up to 92 days staffs the policy's minutes each week first, with a GP on every "
                    + "open block when the policy asks, sharing sessions between member practices in proportion to "
                    + "their patients and between clinicians within their limits; sessional clinicians come last. "
                    + "Gaps are explained. Edits by hand are refused when they would double-book a person or a "
                    + "room, or go outside someone's availability, limit, hubs or role. Publishing a rota "
                    + "turns its staffed sessions into appointments; each hub and each clinician has a "
                    + "secret calendar feed address. "
                "Staff of member practices book their patients from a hub's page (NHS number checked by its check "
                    + "digit), and see, cancel, rebook and record attendance on their practice's hub appointments "
                    + "page. The report gives required, planned and delivered minutes each week, and utilisation "
                    + "and did-not-attend rates by hub, day and session, with charts and CSV."
            }
            H.h2(.id("governance")) { "Governance: conflicts of interest and lawful decisions" }
            H.p {
                "Each consortium, locality and federation has a governance page with its public registers: the "
                    + "interests of its decision-makers (everyone holding a seat on one of its boards), current or "
                    + "ended within the last six months; gifts and hospitality declared; procurement decisions "
                    + "with the conflicts found and how each was managed; and an anonymised log of breaches. "
                    + "Declarations are due within 28 days of a change (NHS England, Managing Conflicts of "
                    + "Interest: Revised Statutory Guidance for CCGs, 2017). "
                "Gifts and hospitality follow the NHS-wide thresholds (Managing Conflicts of Interest in the NHS, "
                    + "2017): gifts from suppliers are declined unless promotional and worth £6 or less; other gifts "
                    + "over £50 from one source in twelve months are accepted only for the organisation and "
                    + "declared; hospitality up to £25 need not be declared, up to £75 is declared, over £75 "
                    + "is refused without senior approval. "
                "For each agenda item Consort finds every conflicted board member — from their declarations, and "
                    + "from "
                    + "the registry: their roles at practices and groups, the groups those practices belong to, their "
                    + "seats on other bodies' boards — and shows the chain, such as member → GP partner at a "
                    + "practice → the practice is a member of a federation → the federation is bidding. The "
                    + "chair records how each conflict is managed; a decision is refused while a conflict "
                    + "is unmanaged, when excluding conflicted members loses the quorum, or when an "
                    + "excluded member's vote is counted."
            }
            H.h2(.id("accounts")) { "Accounts and roles" }
            H.p {
                "Reading needs no account. Administrators, consortium officers, federation managers, practice "
                    + "managers, clinicians and LMC officers sign in to do the work their role allows within their own "
                    + "organisation; every change is written to a tamper-evident audit log."
            }
        }
    }
}
