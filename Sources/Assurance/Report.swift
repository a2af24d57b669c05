import ConsortCore

/// An organisation a finding is about.
public struct OrganisationRef: Sendable, Codable, Equatable, Hashable {
    public let code: String
    public let name: String
    /// `practice`, or a group kind (`consortium`, `network`, …).
    public let kind: String

    public init(code: String, name: String, kind: String) {
        self.code = code
        self.name = name
        self.kind = kind
    }
}

/// A named number behind a finding, e.g. `patients = 28,412` against `minimum = 30,000`.
public struct Figure: Sendable, Codable, Equatable {
    public let name: String
    public let value: Double
    /// `patients`, `practices`, `km`, `IMD points`, `t`.
    public let unit: String

    public init(_ name: String, _ value: Double, _ unit: String) {
        self.name = name
        self.value = value
        self.unit = unit
    }
}

/// One thing an assurance check found.
public struct Finding: Sendable, Codable, Equatable {
    public enum Rule: String, Sendable, Codable, CaseIterable {
        case coverage
        case exclusivity
        case size
        case contiguity
        case enclave
        case nesting
        case coterminosity
        case cherryPicking = "cherry-picking"
        case overlap
        /// Practices a check could not use: no location, no registered patients.
        case data

        public var title: String {
            switch self {
            case .coverage: return "Coverage"
            case .exclusivity: return "One group per practice"
            case .size: return "Size"
            case .contiguity: return "Split groups"
            case .enclave: return "Enclaves"
            case .nesting: return "Inside one group, of whole groups"
            case .coterminosity: return "Each local authority in one group"
            case .cherryPicking: return "Cherry-picking"
            case .overlap: return "Overlaps with consortia and federations"
            case .data: return "Practices the checks could not place or size"
            }
        }
    }

    public let rule: Rule
    public let level: Policy.Level?
    public let severity: Policy.Severity
    /// The organisation the finding is about (a group, or the area of a coverage gap).
    public let subject: OrganisationRef
    /// Every organisation involved, the subject first.
    public let organisations: [OrganisationRef]
    public let figures: [Figure]
    /// The finding in a sentence a commissioning lead understands.
    public let message: String
    /// The id, in the policy's sources, of the rule's source.
    public let source: String?
    /// For cherry-picking: the neighbouring practices that drive the finding, most deprived first.
    public let drivers: [OrganisationRef]
    /// For size: where the patient figure comes from and its date.
    public let basis: String?

    public init(
        rule: Rule, level: Policy.Level?, severity: Policy.Severity, subject: OrganisationRef,
        organisations: [OrganisationRef],
        figures: [Figure], message: String, source: String?, drivers: [OrganisationRef] = [], basis: String? = nil
    ) {
        self.rule = rule
        self.level = level
        self.severity = severity
        self.subject = subject
        self.organisations = organisations
        self.figures = figures
        self.message = message
        self.source = source
        self.drivers = drivers
        self.basis = basis
    }

    public func figure(_ name: String) -> Double? { figures.first { $0.name == name }?.value }
}

/// The result of checking a configuration against a policy.
public struct Report: Sendable, Codable {
    public struct LevelSummary: Sendable, Codable, Equatable {
        public let level: Policy.Level
        public let kinds: [GroupKind]
        /// Whether the data holds any group of the level's kinds at the date; when it does not
        /// (no PCNs before 2019), the level's checks did not run.
        public let inData: Bool
        /// Groups of the level's kinds with members at the date.
        public let groups: Int
        /// Practices in those groups.
        public let practices: Int
        public let blocking: Int
        public let advisory: Int
        /// Areas (local authority districts) split between the level's groups; nil when the level
        /// has no coterminosity rule or the areas were not given.
        public var splitAreas: Int?
    }

    public let policy: String
    public let policyVersion: String
    public let policyTitle: String
    public let date: Day
    public let practices: Int
    public let patients: Int
    /// How complete and current the list sizes behind the figures are.
    public let listSizes: ListSizeStatus
    /// Groups whose size rules used the group's published total instead of its practices'.
    public let groupsFromPublishedTotals: Int
    public let levels: [LevelSummary]
    public let findings: [Finding]
    /// Areas the coterminosity rules used ("local authority districts (December 2021)"), or why a
    /// coterminosity rule could not run; nil when the policy has none (optional so that reports
    /// stored by earlier releases still decode).
    public var areasNote: String?

    public var blocking: Int { findings.filter { $0.severity == .blocking }.count }
    public var advisory: Int { findings.filter { $0.severity == .advisory }.count }
    /// Whether the configuration would be authorised: no blocking finding.
    public var passes: Bool { blocking == 0 }
    /// The policy's levels none of whose kinds is in the data at the date: not checked.
    public var absentLevels: [Policy.Level] { levels.filter { !$0.inData }.map(\.level) }
    /// "", or " (for the levels in the data; the network level is not in the data)" to qualify a verdict.
    public var verdictScope: String {
        let absent = absentLevels.map(\.rawValue)
        guard !absent.isEmpty else { return "" }
        return absent.count == levels.count
            ? " (none of the policy's levels is in the data at this date, so nothing was checked)"
            : " (for the levels in the data; the \(absent.joined(separator: " and ")) level"
                + "\(absent.count == 1 ? " is" : "s are") not in the data)"
    }
}
