import ConsortCore
import ConsortWeb
import Importers
import Vapor

/// The JSON shapes of the registry API (`/api/v1/…`), documented in the OpenAPI document.
package enum DTO {
    package struct Summary: Content {
        package let date: Day
        package let latestSnapshot: Day?
        package let practices: Int
        package let patients: Int
        /// Where `patients` comes from when it is not the sum of current practice list sizes.
        package let patientsSource: String?
        /// How complete and current the list sizes behind `patients` are.
        package let listSizes: ListSizeStatus
        package let groups: [String: Int]
        package let regions: [GroupSummary]

        package init(
            date: Day, latestSnapshot: Day?, practices: Int, patients: Int, patientsSource: String?,
            listSizes: ListSizeStatus, groups: [String: Int], regions: [GroupSummary]
        ) {
            self.patientsSource = patientsSource
            self.listSizes = listSizes
            self.date = date
            self.latestSnapshot = latestSnapshot
            self.practices = practices
            self.patients = patients
            self.groups = groups
            self.regions = regions
        }
    }

    package struct PracticeSummary: Content {
        package let code: String
        package let name: String
        package let postcode: String?
        package let listSize: Int?
        package let listSizeOn: Day?
        package let imdScore: Double?
        package let imdDecile: Int?
        package let rurality: String?
        package let network: String?
        package let consortium: String?
        package let icb: String?
        package let region: String?
        package let federations: [String]

        package init(_ p: PracticeInfo) {
            code = p.code
            name = p.name
            postcode = p.postcode
            listSize = p.listSize
            listSizeOn = p.listSizeOn
            imdScore = p.imdScore
            imdDecile = p.imdDecile
            rurality = p.rurality
            network = p.groups[.network]
            consortium = p.groups[.consortium]
            icb = p.groups[.icb]
            region = p.groups[.region]
            federations = p.federations
        }
    }

    package struct MembershipEntry: Content {
        package let group: String
        package let groupName: String
        package let kind: GroupKind
        package let from: Day
        package let to: Day?

        package init(group: String, groupName: String, kind: GroupKind, from: Day, to: Day?) {
            self.group = group
            self.groupName = groupName
            self.kind = kind
            self.from = from
            self.to = to
        }
    }

    package struct ListSizeEntry: Content {
        package let on: Day
        package let patients: Int
        package let weightedPatients: Double?

        package init(on: Day, patients: Int, weightedPatients: Double?) {
            self.on = on
            self.patients = patients
            self.weightedPatients = weightedPatients
        }
    }

    package struct PracticeDetail: Content {
        package let date: Day
        package let code: String
        package let name: String
        package let openAtDate: Bool
        package let address: String?
        package let postcode: String?
        package let phone: String?
        package let latitude: Double?
        package let longitude: Double?
        package let easting: Int?
        package let northing: Int?
        package let odsStatus: String?
        package let odsOpenedOn: Day?
        package let knownFrom: Day
        package let closedOn: Day?
        package let listSize: Int?
        package let listSizeOn: Day?
        package let weightedListSize: Double?
        package let imdScore: Double?
        package let imdDecile: Int?
        package let rurality: String?
        package let contractType: String?
        package let dispensing: String?
        /// The practice's groups at the date.
        package let groups: [GroupSummary]
        package let memberships: [MembershipEntry]
        package let listSizes: [ListSizeEntry]

        package init(
            date: Day, code: String, name: String, openAtDate: Bool, address: String?, postcode: String?,
            phone: String?, latitude: Double?, longitude: Double?, easting: Int?, northing: Int?, odsStatus: String?,
            odsOpenedOn: Day?, knownFrom: Day, closedOn: Day?, listSize: Int?, listSizeOn: Day?,
            weightedListSize: Double?, imdScore: Double?, imdDecile: Int?, rurality: String?, contractType: String?,
            dispensing: String?, groups: [GroupSummary], memberships: [MembershipEntry], listSizes: [ListSizeEntry]
        ) {
            self.date = date
            self.code = code
            self.name = name
            self.openAtDate = openAtDate
            self.address = address
            self.postcode = postcode
            self.phone = phone
            self.latitude = latitude
            self.longitude = longitude
            self.easting = easting
            self.northing = northing
            self.odsStatus = odsStatus
            self.odsOpenedOn = odsOpenedOn
            self.knownFrom = knownFrom
            self.closedOn = closedOn
            self.listSize = listSize
            self.listSizeOn = listSizeOn
            self.weightedListSize = weightedListSize
            self.imdScore = imdScore
            self.imdDecile = imdDecile
            self.rurality = rurality
            self.contractType = contractType
            self.dispensing = dispensing
            self.groups = groups
            self.memberships = memberships
            self.listSizes = listSizes
        }
    }

    package struct GroupSummary: Content {
        package let code: String
        package let kind: GroupKind
        package let name: String
        package let parent: String?
        package let practices: Int
        package let patients: Int
        /// Where `patients` comes from when it is not the sum of current practice list sizes.
        package let patientsSource: String?

        package init(_ g: GroupInfo) {
            code = g.code
            kind = g.kind
            name = g.name
            parent = g.parent
            practices = g.members.count
            patients = g.patients
            patientsSource = g.patientsSource
        }
    }

    package struct GroupDetail: Content {
        package let date: Day
        package let code: String
        package let kind: GroupKind
        package let name: String
        package let onsCode: String?
        package let legalForm: LegalForm?
        package let description: String?
        package let validFrom: Day
        package let validTo: Day?
        package let source: String
        package let ancestors: [GroupSummary]
        package let children: [GroupSummary]
        package let practices: Int
        package let patients: Int
        package let patientsSource: String?
        package let listSizes: ListSizeStatus
        package let members: [PracticeSummary]
        package let history: [MemberChange]
        /// Practices that came from or went to other groups of the kind (mergers, splits, moves).
        package var lineage: [Flow] = []

        package init(
            date: Day, code: String, kind: GroupKind, name: String, onsCode: String?, legalForm: LegalForm?,
            description: String?, validFrom: Day, validTo: Day?, source: String, ancestors: [GroupSummary],
            children: [GroupSummary], practices: Int, patients: Int, patientsSource: String?,
            listSizes: ListSizeStatus, members: [PracticeSummary], history: [MemberChange]
        ) {
            self.patientsSource = patientsSource
            self.listSizes = listSizes
            self.date = date
            self.code = code
            self.kind = kind
            self.name = name
            self.onsCode = onsCode
            self.legalForm = legalForm
            self.description = description
            self.validFrom = validFrom
            self.validTo = validTo
            self.source = source
            self.ancestors = ancestors
            self.children = children
            self.practices = practices
            self.patients = patients
            self.members = members
            self.history = history
        }
    }

    /// Practices that moved between a group and another on a day: `direction` `from` (they came
    /// from `group`) or `into` (they went to it); `ofLeft` is how many the group they left had.
    package struct Flow: Content {
        package let on: Day
        package let direction: String
        package let group: String
        package let name: String
        package let practices: Int
        package let ofLeft: Int

        package init(_ flow: GroupLineage.Flow) {
            on = flow.on
            direction = flow.direction.rawValue
            group = flow.group
            name = flow.name
            practices = flow.practices
            ofLeft = flow.ofLeft
        }
    }

    package struct MemberChange: Content {
        package let id: Int64
        package let practice: String
        package let practiceName: String
        package let from: Day
        package let to: Day?

        package init(id: Int64, practice: String, practiceName: String, from: Day, to: Day?) {
            self.id = id
            self.practice = practice
            self.practiceName = practiceName
            self.from = from
            self.to = to
        }
    }

}

extension ChangeReport: Content {}
