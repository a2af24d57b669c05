/// A configuration of practices and groups at a date: what the assurance checks (and, later,
/// the planner) work on. Built from the registry or straight from a dataset directory.
public struct Configuration: Sendable {
    public struct Practice: Sendable {
        public let code: String
        public let name: String
        /// British National Grid easting and northing in metres, when known.
        public let point: (x: Int, y: Int)?
        public let listSize: Int
        /// IMD 2019 score of the practice's registered population, when published.
        public let imdScore: Double?
        /// Its national decile (1 = most deprived), when known.
        public let imdDecile: Int?

        public init(
            code: String, name: String, point: (x: Int, y: Int)?, listSize: Int, imdScore: Double?,
            imdDecile: Int? = nil
        ) {
            self.code = code
            self.name = name
            self.point = point
            self.listSize = listSize
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

        public init(code: String, name: String, kind: GroupKind, parent: String?, members: [Int]) {
            self.code = code
            self.name = name
            self.kind = kind
            self.parent = parent
            self.members = members
        }
    }

    public let date: Day
    public let practices: [Practice]
    public let groups: [Group]

    public init(date: Day, practices: [Practice], groups: [Group]) {
        self.date = date
        self.practices = practices
        self.groups = groups
    }

    /// The neighbourhood graph of the practices' locations.
    public func graph() -> NeighbourhoodGraph { NeighbourhoodGraph(points: practices.map(\.point)) }
}
