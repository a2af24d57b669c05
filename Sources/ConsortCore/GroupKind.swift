/// The kinds of group a practice can belong to. The NHS's own hierarchy is
/// practice → network (PCN) → consortium (CCG / sub-ICB location) → ICB (formerly STP) → region;
/// `federation` is any other voluntary group of practices that users record themselves, and a
/// `locality` is a sub-group of a consortium (the GPC's "large consortium with localities").
public enum GroupKind: String, CaseIterable, Codable, Sendable, Comparable {
    case region
    case icb
    case consortium
    case locality
    case network
    case federation

    /// The NHS levels, largest first, that every snapshot file describes.
    public static let nhsLevels: [GroupKind] = [.region, .icb, .consortium, .network]

    /// Whether groups of this kind come from NHS files (and so are not edited by hand).
    public var isNHSDefined: Bool { self != .federation && self != .locality }

    /// The kind one level up in the NHS hierarchy.
    public var parentKind: GroupKind? {
        switch self {
        case .region, .federation: return nil
        case .icb: return .region
        case .consortium: return .icb
        case .locality, .network: return .consortium
        }
    }

    public var singular: String {
        switch self {
        case .region: return "Region"
        case .icb: return "STP / ICB"
        case .consortium: return "Consortium (CCG / sub-ICB)"
        case .locality: return "Locality"
        case .network: return "Network (PCN)"
        case .federation: return "Federation"
        }
    }

    public var plural: String {
        switch self {
        case .region: return "Regions"
        case .icb: return "STPs / ICBs"
        case .consortium: return "Consortia (CCGs / sub-ICBs)"
        case .locality: return "Localities"
        case .network: return "Networks (PCNs)"
        case .federation: return "Federations"
        }
    }

    /// A short column heading.
    public var abbreviation: String {
        switch self {
        case .region: return "Region"
        case .icb: return "STP/ICB"
        case .consortium: return "CCG"
        case .locality: return "Locality"
        case .network: return "PCN"
        case .federation: return "Federation"
        }
    }

    /// The path segment of the list page, e.g. `/consortia`.
    public var slug: String {
        switch self {
        case .region: return "regions"
        case .icb: return "icbs"
        case .consortium: return "consortia"
        case .locality: return "localities"
        case .network: return "networks"
        case .federation: return "federations"
        }
    }

    public init?(slug: String) {
        guard let kind = GroupKind.allCases.first(where: { $0.slug == slug }) else { return nil }
        self = kind
    }

    private var rank: Int { GroupKind.allCases.firstIndex(of: self)! }
    public static func < (a: GroupKind, b: GroupKind) -> Bool { a.rank < b.rank }
}

/// The legal forms a federation can take (PRODUCT.md, Domain; RCGP federation toolkit).
public enum LegalForm: String, CaseIterable, Codable, Sendable {
    case unincorporated
    case companyLimitedByGuarantee = "company-limited-by-guarantee"
    case companyLimitedByShares = "company-limited-by-shares"
    case communityInterestCompany = "community-interest-company"
    case limitedLiabilityPartnership = "llp"
    case leadProviderPartnership = "lead-provider-partnership"

    public var label: String {
        switch self {
        case .unincorporated: return "Unincorporated association"
        case .companyLimitedByGuarantee: return "Company limited by guarantee"
        case .companyLimitedByShares: return "Company limited by shares"
        case .communityInterestCompany: return "Community interest company"
        case .limitedLiabilityPartnership: return "Limited liability partnership"
        case .leadProviderPartnership: return "Lead-provider partnership"
        }
    }
}
