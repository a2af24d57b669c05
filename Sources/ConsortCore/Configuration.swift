/// A configuration of practices and groups at a date: what the assurance checks (and, later,
/// the planner) work on. Built from the registry or straight from a dataset directory.
public struct Configuration: Sendable {
    public struct Practice: Sendable {
        public let code: String
        public let name: String
        /// British National Grid easting and northing in metres, when known.
        public let point: (x: Int, y: Int)?
        /// Registered patients; 0 when the data holds no list size for the practice (see `listSizeOn`).
        public let listSize: Int
        /// The date of `listSize`; nil when the data holds no list size for the practice.
        public let listSizeOn: Day?
        /// IMD 2019 score of the practice's registered population, when published.
        public let imdScore: Double?
        /// Its national decile (1 = most deprived), when known.
        public let imdDecile: Int?

        public init(
            code: String, name: String, point: (x: Int, y: Int)?, listSize: Int, listSizeOn: Day?, imdScore: Double?,
            imdDecile: Int? = nil
        ) {
            self.code = code
            self.name = name
            self.point = point
            self.listSize = listSize
            self.listSizeOn = listSizeOn
            self.imdScore = imdScore
            self.imdDecile = imdDecile
        }
    }

    public struct Group: Sendable {
        public let code: String
        public let name: String
        public let kind: GroupKind
        public let parent: String?
        /// Indices into `practices`.
        public let members: [Int]
        /// The group's registered patients as published for the group itself, if the data has it.
        public let published: PublishedSize?

        public init(
            code: String, name: String, kind: GroupKind, parent: String?, members: [Int],
            published: PublishedSize? = nil
        ) {
            self.code = code
            self.name = name
            self.kind = kind
            self.parent = parent
            self.members = members
            self.published = published
        }
    }

    /// A group's registered patients as its publisher gives them: NHS England's PCN, sub-ICB, ICB
    /// and region rows of "Patients Registered at a GP Practice", or a dataset's group file.
    public struct PublishedSize: Sendable, Equatable {
        public let patients: Int
        public let on: Day
        /// Who published it, e.g. "NHS England, Patients Registered at a GP Practice".
        public let source: String

        public init(patients: Int, on: Day, source: String) {
            self.patients = patients
            self.on = on
            self.source = source
        }

        /// Whether this total stands in for the sum of the members' list sizes (their dates, nil
        /// where a member has none): when some are missing, or some are older than the
        /// memberships and this total is newer than the oldest of them.
        public func replaces(memberSizesOn dates: [Day?], membershipsOn: Day) -> Bool {
            let known = dates.compactMap { $0 }
            if known.count < dates.count { return true }
            guard let oldest = known.min(), oldest < membershipsOn else { return false }
            return on > oldest
        }
    }

    public let date: Day
    /// The date of the memberships: list sizes older than this are stale (they describe an
    /// earlier configuration). The date itself unless the data is older than the date asked.
    public let membershipsOn: Day
    public let practices: [Practice]
    public let groups: [Group]

    public init(date: Day, membershipsOn: Day? = nil, practices: [Practice], groups: [Group]) {
        self.date = date
        self.membershipsOn = min(membershipsOn ?? date, date)
        self.practices = practices
        self.groups = groups
    }

    /// Whether practice `p`'s list size is missing or older than the memberships.
    public func sizeIsStale(_ p: Int) -> Bool {
        guard let on = practices[p].listSizeOn else { return true }
        return on < membershipsOn
    }

    /// The neighbourhood graph of the practices' locations.
    public func graph() -> NeighbourhoodGraph { NeighbourhoodGraph(points: practices.map(\.point)) }
}
