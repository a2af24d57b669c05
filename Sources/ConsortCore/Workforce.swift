import Foundation

/// The people of the workforce: the shape of their professional registrations, the roles they
/// hold at organisations and the credentials they keep current.
public enum Workforce {
    /// Checks the shape of a GMC reference number: seven digits (the General Medical Council's
    /// register gives every doctor one). Returns nil when it has that shape, else what is wrong.
    public static func gmcProblem(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes.allSatisfy({ (48...57).contains($0) }) else {
            return "a GMC number is 7 digits, e.g. 1234567"
        }
        return nil
    }

    /// Checks the shape of an NMC PIN: two digits, a letter, four digits and a letter, e.g.
    /// 12A3456E (the Nursing and Midwifery Council's personal identification number).
    public static func nmcProblem(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        func digit(_ i: Int) -> Bool { (48...57).contains(bytes[i]) }
        func letter(_ i: Int) -> Bool { (65...90).contains(bytes[i]) }
        guard bytes.count == 8, digit(0), digit(1), letter(2), (3...6).allSatisfy(digit), letter(7) else {
            return "an NMC PIN is two digits, a capital letter, four digits and a capital letter, e.g. 12A3456E"
        }
        return nil
    }
}

/// A role a person holds at an organisation: at a practice, at a federation or network, or in
/// a consortium (or its locality or successor).
public enum PersonRole: String, Sendable, Codable, CaseIterable {
    case gpPartner = "gp-partner"
    case salariedGP = "salaried-gp"
    case sessionalGP = "sessional-gp"
    case nurse
    case practiceManager = "practice-manager"
    case otherPractice = "other"
    case director
    case clinicalDirector = "clinical-director"
    case employee
    case governingBody = "governing-body"
    case committee

    public var label: String {
        switch self {
        case .gpPartner: return "GP partner"
        case .salariedGP: return "Salaried GP"
        case .sessionalGP: return "Sessional GP"
        case .nurse: return "Nurse"
        case .practiceManager: return "Practice manager"
        case .otherPractice: return "Other practice staff"
        case .director: return "Director"
        case .clinicalDirector: return "Clinical director"
        case .employee: return "Employee"
        case .governingBody: return "Governing body member"
        case .committee: return "Committee member"
        }
    }

    /// Whether the role is a GP's (partners, salaried and sessional GPs).
    public var isGP: Bool { self == .gpPartner || self == .salariedGP || self == .sessionalGP }

    /// Which kind of organisation the role is held at.
    public var place: Place {
        switch self {
        case .gpPartner, .salariedGP, .sessionalGP, .nurse, .practiceManager, .otherPractice: return .practice
        case .director, .clinicalDirector, .employee: return .provider
        case .governingBody, .committee: return .commissioner
        }
    }

    /// Practices; federations and networks; consortia, localities and their successors.
    public enum Place: Sendable {
        case practice, provider, commissioner

        public var label: String {
            switch self {
            case .practice: return "a practice"
            case .provider: return "a federation or network"
            case .commissioner: return "a consortium, locality, CCG or ICB"
            }
        }

        /// Whether a group of `kind` is this place (practices are not groups).
        public func admits(_ kind: GroupKind) -> Bool {
            switch self {
            case .practice: return false
            case .provider: return kind == .federation || kind == .network
            case .commissioner: return kind == .consortium || kind == .locality || kind == .icb
            }
        }
    }

    /// Reads the free-text roles of earlier releases ("GP partner", "Salaried GP", "director").
    public static func reading(_ text: String) -> PersonRole? {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
        return allCases.first { $0.label.lowercased() == key || $0.rawValue == key }
    }
}

/// A credential a clinician keeps current, with an issue date and (for most) an expiry date.
public enum CredentialKind: String, Sendable, Codable, CaseIterable {
    case gmcRegistration = "gmc-registration"
    case nmcRegistration = "nmc-registration"
    case performersList = "performers-list"
    case indemnity
    case dbs
    case safeguardingLevel3 = "safeguarding-3"
    case basicLifeSupport = "basic-life-support"
    case other

    public var label: String {
        switch self {
        case .gmcRegistration: return "GMC registration with a licence to practise"
        case .nmcRegistration: return "NMC registration"
        case .performersList: return "National Performers List inclusion"
        case .indemnity: return "Indemnity"
        case .dbs: return "DBS check"
        case .safeguardingLevel3: return "Safeguarding level 3"
        case .basicLifeSupport: return "Basic life support"
        case .other: return "Other"
        }
    }

    /// The credentials without which a GP may not work a session on a day: registration with
    /// a licence, inclusion in the Performers List and indemnity (the National Health Service
    /// (Performers Lists) (England) Regulations 2013; the GMC's Good medical practice, para 63).
    public static let requiredToPractise: [CredentialKind] = [.gmcRegistration, .performersList, .indemnity]
}

extension Day {
    /// How a credential stands on this day: valid, expiring within `warning` days, or expired.
    public func standing(ofExpiry expiry: Day?, warningDays: Int = 30) -> CredentialStanding {
        guard let expiry else { return .valid }
        if expiry < self { return .expired }
        if expiry.ordinal - ordinal <= warningDays { return .expiring }
        return .valid
    }
}

/// Whether a credential is valid, expiring soon, or expired on a day.
public enum CredentialStanding: String, Sendable, Codable {
    case valid, expiring, expired

    public var label: String {
        switch self {
        case .valid: return "Valid"
        case .expiring: return "Expires within 30 days"
        case .expired: return "Expired"
        }
    }
}
