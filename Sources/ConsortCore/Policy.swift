import Foundation

/// A named, versioned set of rules for groups of practices, read from a TOML file
/// (`policies/*.toml`). Every figure names its source.
public struct Policy: Sendable, Codable, Equatable {
    /// A level a policy sets rules for, named by the policy: a table `[name]` in its file. The
    /// policies of 2010–2019 use three: a consortium is the statutory commissioning group (CCG,
    /// sub-ICB location); a locality is a sub-group of a consortium; a network is a provider group
    /// of practices (a PCN or a federation). Those of 2025 add neighbourhoods, multi-neighbourhood
    /// providers and ICBs. A new policy may name others; each says which registry kinds it checks.
    public struct Level: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
        public let rawValue: String

        /// A level name: 1 to 40 lower-case letters, digits and hyphens, starting with a letter.
        public init?(rawValue: String) {
            let bytes = Array(rawValue.utf8)
            guard (1...40).contains(bytes.count), (97...122).contains(bytes[0]),
                bytes.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || $0 == 45 })
            else { return nil }
            self.rawValue = rawValue
        }

        private init(known: String) { rawValue = known }

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let level = Level(rawValue: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: text))
            }
            self = level
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode(rawValue)
        }

        public static let consortium = Level(known: "consortium")
        public static let locality = Level(known: "locality")
        public static let network = Level(known: "network")
        public static let neighbourhood = Level(known: "neighbourhood")
        public static let multiNeighbourhood = Level(known: "multi-neighbourhood")
        public static let icb = Level(known: "icb")

        /// The levels Consort knows by name, in order from largest to smallest.
        public static let known: [Level] = [
            .icb, .consortium, .locality, .multiNeighbourhood, .neighbourhood, .network,
        ]

        public var description: String { rawValue }

        /// "consortia", "localities", "networks", "multi-neighbourhood providers" …
        public var plural: String {
            switch rawValue {
            case "consortium": return "consortia"
            case "locality": return "localities"
            case "multi-neighbourhood": return "multi-neighbourhood providers"
            case "icb": return "ICBs"
            default: return rawValue + "s"
            }
        }

        /// The registry kind of the groups at this level when the policy does not name its kinds:
        /// networks for neighbourhoods (single neighbourhood providers are "similar in scale to
        /// current Primary Care Networks"), federations for multi-neighbourhood providers; nil for a
        /// level Consort does not know, whose policy must name its kinds.
        public var defaultKind: GroupKind? {
            switch rawValue {
            case "consortium": return .consortium
            case "locality": return .locality
            case "network", "neighbourhood": return .network
            case "multi-neighbourhood": return .federation
            case "icb": return .icb
            default: return nil
            }
        }

        /// The groups a plan at this level keeps whole unless told otherwise: localities and
        /// multi-neighbourhood providers are made of whole networks (neighbourhoods), ICBs of whole
        /// sub-ICB locations (the registry's consortia); nil for the rest (planned from practices).
        public var defaultAtoms: GroupKind? {
            switch rawValue {
            case "locality", "multi-neighbourhood": return .network
            case "icb": return .consortium
            default: return nil
            }
        }
    }

    public enum Severity: String, CaseIterable, Codable, Sendable, Comparable {
        /// Stops a configuration being authorised.
        case blocking
        /// Needs attention; does not stop authorisation by itself.
        case advisory

        public static func < (a: Severity, b: Severity) -> Bool { a == .blocking && b == .advisory }
    }

    /// Group sizes in registered patients. Outside `min`…`max`: blocking; outside
    /// `advisoryMin`…`advisoryMax`: advisory.
    public struct SizeRule: Sendable, Codable, Equatable {
        public var min: Int?
        public var max: Int?
        public var source: String?
        public var advisoryMin: Int?
        public var advisoryMax: Int?
        public var advisorySource: String?
    }

    /// Every practice in a group of the level (`required`), and in only one (`exclusive`).
    public struct CoverageRule: Sendable, Codable, Equatable {
        public var required: Bool
        public var exclusive: Bool
        /// The kinds of group that count; defaults to the level's kinds.
        public var kinds: [GroupKind]
        public var severity: Severity
        public var source: String
    }

    /// Groups must not fall into parts more than `maxLinkKm` apart; optionally, groups wholly
    /// surrounded by one other group (enclaves) are reported.
    public struct ContiguityRule: Sendable, Codable, Equatable {
        public var maxLinkKm: Double
        public var enclaves: Bool
        public var severity: Severity
        public var source: String
    }

    /// A group markedly less deprived than the practices around it (see docs/assurance.md):
    /// advisory from `advisoryGap` IMD points, blocking from `blockingGap`, when Welch's t is at
    /// least `minT`.
    public struct CherryPickingRule: Sendable, Codable, Equatable {
        public var advisoryGap: Double?
        public var blockingGap: Double?
        public var minT: Double
        public var source: String
        public var thresholdSource: String
    }

    /// What a network must offer outside core hours (used by extended access, C7).
    public struct AccessRule: Sendable, Codable, Equatable {
        /// The kinds of group that must offer it (a federation holding a network's extended
        /// access contract too); defaults to the level's kinds.
        public var kinds: [GroupKind]
        public var minutesPer1000: Int
        /// `registered` or `adjusted` population.
        public var population: String
        public var roundToMinutes: Int?
        public var minBlockMinutes: Int?
        /// Opening windows such as `Mon-Fri 18:30-20:00`.
        public var hours: [String]
        public var gpCover: Bool
        public var bookAheadDays: Int?
        public var sameDay: Bool
        public var source: String
    }

    /// How a level's groups sit among groups of other kinds: each inside one group of `inside`
    /// (a multi-neighbourhood provider inside one ICB), and made of whole groups of `whole`
    /// (whole neighbourhoods: a group of that kind with practices in one of the level's groups has
    /// all of them there).
    public struct NestingRule: Sendable, Codable, Equatable {
        public var inside: GroupKind?
        public var whole: GroupKind?
        public var severity: Severity
        public var source: String
    }

    /// Each area of a set (local authority districts) should have all its practices in one of the
    /// level's groups: "each local authority only works with one ICB". Areas are placed by the
    /// practices' locations; only `districts` is known.
    public struct CoterminosityRule: Sendable, Codable, Equatable {
        public static let knownAreas = ["districts"]
        public var areas: String
        public var severity: Severity
        public var source: String
    }

    public struct LevelRules: Sendable, Codable, Equatable {
        public var level: Level
        /// The kinds of group in the registry this level's rules apply to (a rule that names its
        /// own kinds, coverage or access, applies to those instead).
        public var kinds: [GroupKind]
        public var size: SizeRule?
        public var coverage: CoverageRule?
        public var contiguity: ContiguityRule?
        public var cherryPicking: CherryPickingRule?
        public var access: AccessRule?
        public var nesting: NestingRule?
        public var coterminosity: CoterminosityRule?
    }

    /// Federations whose membership equals a consortium's or sits inside one, and practices in
    /// several federations: where conflicts of interest need managing.
    public struct OverlapRule: Sendable, Codable, Equatable {
        public var severity: Severity
        public var source: String
    }

    public struct Source: Sendable, Codable, Equatable {
        public let id: String
        public let citation: String
        public init(id: String, citation: String) {
            self.id = id
            self.citation = citation
        }
    }

    public var name: String
    public var version: String
    public var title: String
    public var description: String?
    public var sources: [Source]
    public var levels: [LevelRules]
    public var overlaps: OverlapRule?

    public func citation(_ id: String?) -> String? { id.flatMap { id in sources.first { $0.id == id }?.citation } }

    public func rules(for level: Level) -> LevelRules? { levels.first { $0.level == level } }
}

/// The first clause of a citation, for a sentence (up to its first colon): "GPC guide,
/// November 2010".
public func shortCitation(_ citation: String) -> String {
    String(citation.split(separator: ":", maxSplits: 1).first ?? Substring(citation))
}
