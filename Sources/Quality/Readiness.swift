import ConsortCore
import Foundation

/// CQC's five key questions.
public enum KeyQuestion: String, Sendable, Codable, CaseIterable {
    case safe, effective, caring, responsive
    case wellLed = "well-led"

    public var title: String {
        switch self {
        case .safe: return "Safe"
        case .effective: return "Effective"
        case .caring: return "Caring"
        case .responsive: return "Responsive"
        case .wellLed: return "Well-led"
        }
    }

    /// The letter Consort's short codes use (S1 … W8).
    public var letter: String { self == .wellLed ? "W" : String(title.prefix(1)) }
}

/// One of the 34 quality statements of CQC's single assessment framework.
public struct QualityStatement: Sendable, Hashable, Codable {
    /// A stable id: the key question and a slug of the title, e.g. `safe/learning-culture`
    /// (stored with evidence, so never renamed).
    public let id: String
    public let question: KeyQuestion
    public let title: String
    /// Consort's short code: the key question's letter and the statement's place in CQC's list
    /// (S1 … S8, E1 … E6, C1 … C5, R1 … R7, W1 … W8). CQC itself does not number them.
    public let code: String
}

/// CQC's single assessment framework: five key questions and their 34 quality statements, in
/// the order CQC lists them.
///
/// Source: Care Quality Commission, "Single assessment framework" (key questions and quality
/// statements), https://www.cqc.org.uk/guidance-regulation/providers/assessment/single-assessment-framework,
/// page last updated 25 June 2024; the count (Safe 8, Effective 6, Caring 5, Responsive 7,
/// Well-led 8) as in CQC's "Review of CQC's single assessment framework and its implementation"
/// (2024), appendix 1.
public enum AssessmentFramework {
    public static let source =
        "Care Quality Commission, single assessment framework: key questions and quality statements "
        + "(cqc.org.uk, page last updated 25 June 2024)"

    static let titles: [(KeyQuestion, [(String, String)])] = [
        (
            .safe,
            [
                ("learning-culture", "Learning culture"),
                ("safe-systems-pathways-transitions", "Safe systems, pathways and transitions"),
                ("safeguarding", "Safeguarding"),
                ("involving-people-manage-risks", "Involving people to manage risks"),
                ("safe-environments", "Safe environments"),
                ("safe-effective-staffing", "Safe and effective staffing"),
                ("infection-prevention-control", "Infection prevention and control"),
                ("medicines-optimisation", "Medicines optimisation"),
            ]
        ),
        (
            .effective,
            [
                ("assessing-needs", "Assessing needs"),
                ("delivering-evidence-based-care-treatment", "Delivering evidence-based care and treatment"),
                ("how-staff-teams-services-work-together", "How staff, teams and services work together"),
                ("supporting-people-live-healthier-lives", "Supporting people to live healthier lives"),
                ("monitoring-improving-outcomes", "Monitoring and improving outcomes"),
                ("consent-care-treatment", "Consent to care and treatment"),
            ]
        ),
        (
            .caring,
            [
                ("kindness-compassion-dignity", "Kindness, compassion and dignity"),
                ("treating-people-individuals", "Treating people as individuals"),
                ("independence-choice-control", "Independence, choice and control"),
                ("responding-peoples-immediate-needs", "Responding to people's immediate needs"),
                ("workforce-wellbeing-enablement", "Workforce wellbeing and enablement"),
            ]
        ),
        (
            .responsive,
            [
                ("person-centred-care", "Person-centred care"),
                ("care-provision-integration-continuity", "Care provision, integration and continuity"),
                ("providing-information", "Providing information"),
                ("listening-involving-people", "Listening to and involving people"),
                ("equity-access", "Equity in access"),
                ("equity-experiences-outcomes", "Equity in experiences and outcomes"),
                ("planning-future", "Planning for the future"),
            ]
        ),
        (
            .wellLed,
            [
                ("shared-direction-culture", "Shared direction and culture"),
                ("capable-compassionate-inclusive-leaders", "Capable, compassionate and inclusive leaders"),
                ("freedom-speak-up", "Freedom to speak up"),
                ("workforce-equality-diversity-inclusion", "Workforce equality, diversity and inclusion"),
                ("governance-management-sustainability", "Governance, management and sustainability"),
                ("partnerships-communities", "Partnerships and communities"),
                ("learning-improvement-innovation", "Learning, improvement and innovation"),
                ("environmental-sustainability", "Environmental sustainability – sustainable development"),
            ]
        ),
    ]

    /// The 34 statements in CQC's order.
    public static let statements: [QualityStatement] = titles.flatMap { question, list in
        list.enumerated().map { i, entry in
            QualityStatement(
                id: "\(question.rawValue)/\(entry.0)", question: question, title: entry.1,
                code: "\(question.letter)\(i + 1)")
        }
    }

    public static let byID: [String: QualityStatement] = Dictionary(
        uniqueKeysWithValues: statements.map { ($0.id, $0) })
}

/// How well a quality statement is evidenced on a day.
public enum EvidenceStatus: String, Sendable, Codable, CaseIterable, Comparable {
    /// No evidence at all.
    case missing
    /// Every piece of evidence is past its review date.
    case outOfDate = "out-of-date"
    /// The freshest evidence is due for review within the warning period.
    case dueForReview = "due-for-review"
    case current

    public var label: String {
        switch self {
        case .missing: return "Missing"
        case .outOfDate: return "Out of date"
        case .dueForReview: return "Due for review"
        case .current: return "Current"
        }
    }

    /// A gap to close before an inspection.
    public var isGap: Bool { self == .missing || self == .outOfDate }

    var rank: Int {
        switch self {
        case .missing: return 0
        case .outOfDate: return 1
        case .dueForReview: return 2
        case .current: return 3
        }
    }

    public static func < (a: EvidenceStatus, b: EvidenceStatus) -> Bool { a.rank < b.rank }
}

/// Readiness for inspection: the status of a statement from the review dates of its evidence.
public enum Readiness {
    /// Evidence is "due for review" this many days before its review date.
    public static let warningDays = 30

    /// The status on `day` of a statement evidenced by items with these review dates: current
    /// when one is reviewed after the warning period, due when the freshest is reviewed within
    /// it, out of date when all have passed their review date (the review date itself counts as
    /// passed), missing when there are none.
    public static func status(reviewDates: [Day], on day: Day, warningDays: Int = warningDays) -> EvidenceStatus {
        guard let latest = reviewDates.max() else { return .missing }
        if latest <= day { return .outOfDate }
        return latest <= day.adding(days: warningDays) ? .dueForReview : .current
    }

    /// How many statements are in each status.
    public static func counts(_ statuses: [EvidenceStatus]) -> [EvidenceStatus: Int] {
        Dictionary(grouping: statuses, by: { $0 }).mapValues(\.count)
    }
}
