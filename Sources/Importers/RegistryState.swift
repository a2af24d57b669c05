import ConsortCore

/// What the registry holds now, as far as an import needs to know it: every practice ever
/// recorded, each practice's open NHS memberships, the groups, and list-size history.
/// The app loads it from the database; tests build it by hand.
public struct RegistryState: Sendable {
    public struct Practice: Sendable {
        public var record: PracticeRecord
        /// The first date the registry holds the practice at.
        public var knownFrom: Day
        public var closedOn: Day?

        public init(record: PracticeRecord, knownFrom: Day, closedOn: Day? = nil) {
            self.record = record
            self.knownFrom = knownFrom
            self.closedOn = closedOn
        }

        public func isOpen(at day: Day) -> Bool { knownFrom <= day && (closedOn.map { $0 > day } ?? true) }
    }

    public struct Membership: Sendable, Equatable {
        public var group: String
        public var from: Day
        public init(group: String, from: Day) {
            self.group = group
            self.from = from
        }
    }

    public struct Group: Sendable, Equatable {
        public var kind: GroupKind
        public var code: String
        public var name: String
        public var onsCode: String?
        public var parent: String?
        public var validFrom: Day
        public var validTo: Day?

        public init(
            kind: GroupKind, code: String, name: String, onsCode: String? = nil, parent: String? = nil,
            validFrom: Day, validTo: Day? = nil
        ) {
            self.kind = kind
            self.code = code
            self.name = name
            self.onsCode = onsCode
            self.parent = parent
            self.validFrom = validFrom
            self.validTo = validTo
        }
    }

    public struct ListSize: Sendable, Equatable {
        public var on: Day
        public var patients: Int
        public var weighted: Double?
        public init(on: Day, patients: Int, weighted: Double? = nil) {
            self.on = on
            self.patients = patients
            self.weighted = weighted
        }
    }

    public var practices: [String: Practice]
    /// Open (not ended) memberships of the NHS levels, by practice and kind.
    public var memberships: [String: [GroupKind: Membership]]
    public var groups: [String: Group]
    /// Each practice's list sizes in date order.
    public var listSizes: [String: [ListSize]]
    /// Published group totals: by group, patients by date.
    public var groupSizes: [String: [Day: Int]] = [:]
    /// The date of the latest complete snapshot imported, if any.
    public var latestSnapshot: Day?

    public init(
        practices: [String: Practice] = [:], memberships: [String: [GroupKind: Membership]] = [:],
        groups: [String: Group] = [:], listSizes: [String: [ListSize]] = [:], latestSnapshot: Day? = nil
    ) {
        self.practices = practices
        self.memberships = memberships
        self.groups = groups
        self.listSizes = listSizes
        self.latestSnapshot = latestSnapshot
    }

    public var isEmpty: Bool { practices.isEmpty }

    /// The latest list size recorded strictly before `day`.
    public func listSize(of code: String, before day: Day) -> ListSize? {
        listSizes[code]?.last { $0.on < day }
    }
}
