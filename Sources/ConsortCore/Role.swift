/// The roles of PRODUCT.md's "Users and roles". Every role except `administrator` and `public`
/// is held for an organisation (its scope): a consortium officer for a consortium, a federation
/// manager for a federation or network, a practice manager and a clinician for a practice, an
/// LMC officer for the consortia or ICB the LMC covers.
public enum Role: String, CaseIterable, Codable, Sendable {
    case administrator
    case consortiumOfficer = "consortium-officer"
    case federationManager = "federation-manager"
    case practiceManager = "practice-manager"
    case clinician
    case lmcOfficer = "lmc-officer"
    case `public`

    public var label: String {
        switch self {
        case .administrator: return "System administrator"
        case .consortiumOfficer: return "Consortium officer"
        case .federationManager: return "Federation manager"
        case .practiceManager: return "Practice manager"
        case .clinician: return "Clinician"
        case .lmcOfficer: return "LMC officer"
        case .public: return "Public"
        }
    }

    /// What kind of organisation the role is scoped to; nil when it needs no scope.
    public var scopeKinds: [ScopeKind] {
        switch self {
        case .administrator, .public: return []
        case .consortiumOfficer: return [.group(.consortium)]
        case .federationManager: return [.group(.federation), .group(.network)]
        case .practiceManager, .clinician: return [.practice]
        case .lmcOfficer: return [.group(.consortium), .group(.icb)]
        }
    }

    public var needsScope: Bool { !scopeKinds.isEmpty }
}

/// What a role's scope can be: a practice, or a group of a kind.
public enum ScopeKind: Equatable, Sendable {
    case practice
    case group(GroupKind)

    public var label: String {
        switch self {
        case .practice: return "practice"
        case .group(let kind): return kind.singular.lowercased()
        }
    }
}
