import ConsortCore
import ConsortWeb

/// The registry's own paths (the practices' and groups' pages are the kit's `SiteURL`).
package enum RegistryURL: SitePath {
    package enum InvitationAction: String, CaseIterable, Sendable { case accept, decline, withdraw }

    /// England's tables as CSV (the home page's CSV).
    case england
    case newFederation
    case editFederation(Param<String>)
    case federationMembers(Param<String>)
    case federationMember(Param<String>, Param<Int64>)
    case practiceInvitations(Param<String>)
    case invitation(Param<Int64>, InvitationAction)
    case importReport(Param<Int64>)
    /// An administrator's upload of NHS files.
    case upload

    package var parts: [PathPart] {
        switch self {
        case .england: return ["england.csv"]
        case .newFederation: return ["federations", "new"]
        case .editFederation(let code): return ["groups", .param("code", code), "edit"]
        case .federationMembers(let code): return ["groups", .param("code", code), "members"]
        case .federationMember(let code, let id): return ["groups", .param("code", code), "members", .param("id", id)]
        case .practiceInvitations(let code): return ["practices", .param("code", code), "invitations"]
        case .invitation(let id, let action):
            return ["federation-invitations", .param("id", id), PathPart(stringLiteral: action.rawValue)]
        case .importReport(let id): return ["imports", .param("id", id)]
        case .upload: return ["imports", "new"]
        }
    }

    /// The registry's API paths, under `/api/v1`.
    package enum API: SitePath {
        case summary, practices, groups, imports, federations
        case practice(Param<String>)
        case group(Param<String>)
        case importReport(Param<Int64>)
        case federation(Param<String>)
        case federationMembers(Param<String>)
        case federationMember(Param<String>, Param<Int64>)
        case practiceInvitations(Param<String>)
        case invitation(Param<Int64>, InvitationAction)
        /// FHIR R4: `Organization` search, and one `Organization` by code.
        case fhirOrganizations
        case fhirOrganization(Param<String>)
        /// FHIR R4: the server's CapabilityStatement.
        case fhirMetadata

        package var parts: [PathPart] {
            switch self {
            case .fhirOrganizations: return ["api", "v1", "fhir", "Organization"]
            case .fhirMetadata: return ["api", "v1", "fhir", "metadata"]
            case .fhirOrganization(let code): return ["api", "v1", "fhir", "Organization", .param("code", code)]
            case .summary: return ["api", "v1", "summary"]
            case .practices: return ["api", "v1", "practices"]
            case .groups: return ["api", "v1", "groups"]
            case .imports: return ["api", "v1", "imports"]
            case .federations: return ["api", "v1", "federations"]
            case .practice(let code): return ["api", "v1", "practices", .param("code", code)]
            case .group(let code): return ["api", "v1", "groups", .param("code", code)]
            case .importReport(let id): return ["api", "v1", "imports", .param("id", id)]
            case .federation(let code): return ["api", "v1", "federations", .param("code", code)]
            case .federationMembers(let code): return ["api", "v1", "federations", .param("code", code), "members"]
            case .federationMember(let code, let id):
                return ["api", "v1", "federations", .param("code", code), "members", .param("id", id)]
            case .practiceInvitations(let code): return ["api", "v1", "practices", .param("code", code), "invitations"]
            case .invitation(let id, let action):
                return [
                    "api", "v1", "federation-invitations", .param("id", id), PathPart(stringLiteral: action.rawValue),
                ]
            }
        }
    }
}
