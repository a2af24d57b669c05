import ConsortCore

/// The file layouts Consort imports.
public enum SourceFormat: String, CaseIterable, Codable, Sendable {
    /// Consort's own dataset directory: `practices.csv`, `pcns.csv`, `ccgs.csv`, `stps.csv`,
    /// `regions.csv` (the layout of the shipped `data/` folder).
    case consort
    /// NHS Digital "Patients Registered at a GP Practice" totals, `gp-reg-pat-prac-all.csv`
    /// (CCG and sub-ICB layouts).
    case totals
    /// NHS Digital practice → PCN → CCG/sub-ICB → STP/ICB → region map, `gp-reg-pat-prac-map.csv`.
    case map
    /// ODS GP practices file, `epraccur.csv` (2019–2023 and 2025/26 value encodings).
    case epraccur
    /// NHS England "Patients Registered at a GP Practice" age-band files
    /// (`gp-reg-pat-prac-quin-age.csv`, `gp-reg-pat-prac-sing-age-regions.csv`): the published
    /// totals of regions, ICBs, sub-ICB locations and PCNs, and practices' list sizes.
    case ageBands = "age-bands"

    public var label: String {
        switch self {
        case .consort: return "Consort dataset directory"
        case .totals: return "Patients Registered at a GP Practice (totals)"
        case .map: return "Practice to PCN, CCG/sub-ICB, ICB and region map"
        case .epraccur: return "ODS GP practices (epraccur)"
        case .ageBands: return "Patients Registered at a GP Practice (age bands)"
        }
    }

    /// Who publishes files of the layout.
    public var publisher: String {
        switch self {
        case .consort: return "Consort dataset (see its README for each column's source)"
        case .totals, .map, .ageBands: return "NHS England (formerly NHS Digital)"
        case .epraccur: return "NHS England Organisation Data Service"
        }
    }

    /// Whether files of the layout carry only list sizes and group totals, and so may be
    /// imported for dates before the registry's latest snapshot, as history.
    public var carriesOnlySizes: Bool { self == .ageBands }
}

/// A file's claim that a practice belongs to a group of a kind (or, with `code == nil`, to no
/// group of that kind) from a date.
public struct MembershipClaim: Sendable, Equatable {
    public let kind: GroupKind
    public let code: String?
    /// The date the membership starts; nil means the snapshot's date.
    public let from: Day?
    /// The column it was read from, for error messages.
    public let column: String

    public init(kind: GroupKind, code: String?, from: Day? = nil, column: String) {
        self.kind = kind
        self.code = code
        self.from = from
        self.column = column
    }
}

/// What a file says about one practice. Fields the file does not carry are nil and leave the
/// registry's value unchanged.
public struct PracticeRecord: Sendable, Equatable {
    public let code: String
    public let line: Int
    public var name: String?
    public var postcode: String?
    public var latitude: Double?
    public var longitude: Double?
    public var easting: Int?
    public var northing: Int?
    public var coordSource: String?
    public var imdScore: Double?
    public var imdDecile: Int?
    public var rurality: String?
    public var contractType: String?
    public var dispensing: String?
    public var address: String?
    public var phone: String?
    /// ODS open and close dates and status (epraccur only).
    public var openedOn: Day?
    public var closedOn: Day?
    public var odsStatus: String?
    public var listSize: Int?
    public var weightedListSize: Double?
    public var memberships: [MembershipClaim] = []

    public init(code: String, line: Int) {
        self.code = code
        self.line = line
    }
}

/// What a file says about a group: its name, ONS code and parent group.
public struct GroupRecord: Sendable, Equatable {
    public let kind: GroupKind
    public let code: String
    public var name: String?
    public var onsCode: String?
    public var parent: String?
    /// The group's registered patients as its publisher gives them (NHS England's PCN, sub-ICB,
    /// ICB and region rows; a Consort group file's `list_size`), at the snapshot's date.
    public var patients: Int?

    public init(
        kind: GroupKind, code: String, name: String? = nil, onsCode: String? = nil, parent: String? = nil,
        patients: Int? = nil
    ) {
        self.kind = kind
        self.code = code
        self.name = name
        self.onsCode = onsCode
        self.parent = parent
        self.patients = patients
    }
}

/// A parsed, checked input file (or dataset directory): everything an import needs, before
/// anything is compared with or written to the registry.
public struct Snapshot: Sendable {
    public let format: SourceFormat
    public let files: [String]
    /// The date the data describes (the file's EXTRACT_DATE); nil for files that carry dates
    /// per row instead (epraccur).
    public let date: Day?
    /// Whether the file lists every practice open at its date, so that a practice missing from
    /// it has closed. False for epraccur (closures are explicit) and for `--partial` imports.
    public var isComplete: Bool
    /// The kinds whose memberships the file states for every practice it lists: the levels in
    /// the data (a dataset of 2019 has no STP level, one of 2013 no networks).
    public let kinds: [GroupKind]
    public var practices: [PracticeRecord]
    /// Groups the file defines (by name); groups it only refers to by code are not listed.
    public var groups: [GroupRecord]
    /// Rows read but deliberately not imported, with why (e.g. prisons in epraccur).
    public var skipped: [String: Int]

    public init(
        format: SourceFormat, files: [String], date: Day?, isComplete: Bool, kinds: [GroupKind],
        practices: [PracticeRecord], groups: [GroupRecord], skipped: [String: Int] = [:]
    ) {
        self.format = format
        self.files = files
        self.date = date
        self.isComplete = isComplete
        self.kinds = kinds
        self.practices = practices
        self.groups = groups
        self.skipped = skipped
    }
}
