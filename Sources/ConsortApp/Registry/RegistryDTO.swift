import ConsortCore
import Vapor

/// The JSON shapes of the registry API (`/api/v1/…`), documented in the OpenAPI document.
enum DTO {
    struct Summary: Content {
        let date: Day
        let latestSnapshot: Day?
        let practices: Int
        let patients: Int
        let groups: [String: Int]
        let regions: [GroupSummary]
    }

    struct PracticeSummary: Content {
        let code: String
        let name: String
        let postcode: String?
        let listSize: Int?
        let listSizeOn: Day?
        let imdScore: Double?
        let imdDecile: Int?
        let rurality: String?
        let network: String?
        let consortium: String?
        let icb: String?
        let region: String?
        let federations: [String]

        init(_ p: PracticeInfo) {
            code = p.code; name = p.name; postcode = p.postcode; listSize = p.listSize; listSizeOn = p.listSizeOn
            imdScore = p.imdScore; imdDecile = p.imdDecile; rurality = p.rurality
            network = p.groups[.network]; consortium = p.groups[.consortium]; icb = p.groups[.icb]; region = p.groups[.region]
            federations = p.federations
        }
    }

    struct MembershipEntry: Content {
        let group: String
        let groupName: String
        let kind: GroupKind
        let from: Day
        let to: Day?
    }

    struct ListSizeEntry: Content {
        let on: Day
        let patients: Int
        let weightedPatients: Double?
    }

    struct PracticeDetail: Content {
        let date: Day
        let code: String
        let name: String
        let openAtDate: Bool
        let address: String?
        let postcode: String?
        let phone: String?
        let latitude: Double?
        let longitude: Double?
        let easting: Int?
        let northing: Int?
        let odsStatus: String?
        let odsOpenedOn: Day?
        let knownFrom: Day
        let closedOn: Day?
        let listSize: Int?
        let listSizeOn: Day?
        let weightedListSize: Double?
        let imdScore: Double?
        let imdDecile: Int?
        let rurality: String?
        let contractType: String?
        let dispensing: String?
        /// The practice's groups at the date.
        let groups: [GroupSummary]
        let memberships: [MembershipEntry]
        let listSizes: [ListSizeEntry]
    }

    struct GroupSummary: Content {
        let code: String
        let kind: GroupKind
        let name: String
        let parent: String?
        let practices: Int
        let patients: Int

        init(_ g: GroupInfo) {
            code = g.code; kind = g.kind; name = g.name; parent = g.parent; practices = g.members.count; patients = g.patients
        }
    }

    struct GroupDetail: Content {
        let date: Day
        let code: String
        let kind: GroupKind
        let name: String
        let onsCode: String?
        let legalForm: LegalForm?
        let description: String?
        let validFrom: Day
        let validTo: Day?
        let source: String
        let ancestors: [GroupSummary]
        let children: [GroupSummary]
        let practices: Int
        let patients: Int
        let members: [PracticeSummary]
        let history: [MemberChange]
    }

    struct MemberChange: Content {
        let id: Int64
        let practice: String
        let practiceName: String
        let from: Day
        let to: Day?
    }

    struct Page<T: Content>: Content {
        let date: Day
        let total: Int
        let page: Int
        let perPage: Int
        let items: [T]
    }
}
