import Charts
import ConsortCore
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// A practice as the registry holds it at a date.
package struct PracticeInfo: Sendable {
    package let code: String
    package let name: String
    package let postcode: String?
    package let latitude: Double?
    package let longitude: Double?
    package let easting: Int?
    package let northing: Int?
    package let imdScore: Double?
    package let imdDecile: Int?
    package let rurality: String?
    package let contractType: String?
    package let dispensing: String?
    package let address: String?
    package let phone: String?
    package let odsStatus: String?
    package let knownFrom: Day
    package let closedOn: Day?
    package var listSize: Int?
    package var listSizeOn: Day?
    package var weightedListSize: Double?
    /// The practice's NHS groups at the date, by kind.
    package var groups: [GroupKind: String] = [:]
    package var federations: [String] = []

    package var gridPoint: GridPoint? {
        guard let easting, let northing else { return nil }
        return GridPoint(easting: Double(easting), northing: Double(northing))
    }

    package init(
        code: String, name: String, postcode: String?, latitude: Double?, longitude: Double?, easting: Int?,
        northing: Int?, imdScore: Double?, imdDecile: Int?, rurality: String?, contractType: String?,
        dispensing: String?, address: String?, phone: String?, odsStatus: String?, knownFrom: Day, closedOn: Day?,
        listSize: Int? = nil, listSizeOn: Day? = nil, weightedListSize: Double? = nil,
        groups: [GroupKind: String] = [:], federations: [String] = []
    ) {
        self.code = code
        self.name = name
        self.postcode = postcode
        self.latitude = latitude
        self.longitude = longitude
        self.easting = easting
        self.northing = northing
        self.imdScore = imdScore
        self.imdDecile = imdDecile
        self.rurality = rurality
        self.contractType = contractType
        self.dispensing = dispensing
        self.address = address
        self.phone = phone
        self.odsStatus = odsStatus
        self.knownFrom = knownFrom
        self.closedOn = closedOn
        self.listSize = listSize
        self.listSizeOn = listSizeOn
        self.weightedListSize = weightedListSize
        self.groups = groups
        self.federations = federations
    }
}

/// A group as the registry holds it at a date, with its members then.
package struct GroupInfo: Sendable {
    package let code: String
    package let kind: GroupKind
    package let name: String
    package let onsCode: String?
    package let legalForm: LegalForm?
    package let description: String?
    package let validFrom: Day
    package let validTo: Day?
    package let source: String
    package let createdBy: String?
    package var parent: String?
    package var children: [String] = []
    /// Indexes into `RegistryView.practices`.
    package var members: [Int] = []
    /// The sum of the members' list sizes, or the group's published total where their sizes are
    /// missing or stale and the total is newer (`patientsSource` then says so).
    package var patients = 0
    package var patientsSource: String?
    /// The group's own published total at the date (the latest on or before it), if loaded.
    package var published: Configuration.PublishedSize?

    package func isOpen(at day: Day) -> Bool { validFrom <= day && (validTo.map { $0 > day } ?? true) }

    package init(
        code: String, kind: GroupKind, name: String, onsCode: String?, legalForm: LegalForm?, description: String?,
        validFrom: Day, validTo: Day?, source: String, createdBy: String?, parent: String? = nil,
        children: [String] = [], members: [Int] = [], patients: Int = 0
    ) {
        self.code = code
        self.kind = kind
        self.name = name
        self.onsCode = onsCode
        self.legalForm = legalForm
        self.description = description
        self.validFrom = validFrom
        self.validTo = validTo
        self.source = source
        self.createdBy = createdBy
        self.parent = parent
        self.children = children
        self.members = members
        self.patients = patients
    }
}

/// Everything the registry pages show, computed once for a date and a registry version and
/// then shared, read-only, by every request for that date.
package struct RegistryView: Sendable {
    package let date: Day
    package let version: Int64
    package let latestSnapshot: Day?
    /// Practices open at the date, in code order.
    package let practices: [PracticeInfo]
    package let index: [String: Int]
    /// Every group ever recorded, with members at the date.
    package let groups: [String: GroupInfo]
    /// Codes of groups with members at the date, by kind, in code order.
    package let active: [GroupKind: [String]]
    package let totalPatients: Int
    /// Where `totalPatients` comes from when it is not the sum of current practice list sizes:
    /// the regions' published totals, when every region has one newer than its practices' sizes.
    package var totalPatientsSource: String?
    /// Per practice: lower-case name, code and postcode without spaces, as bytes, for search.
    package let searchKeys: [[UInt8]]
    /// Per practice: which letters and digits its search key holds, to skip most practices at once.
    package let searchMasks: [UInt64]
    /// Every open practice's location, for the grey context of maps.
    package let points: [GridPoint]
    /// Per practice: its position when all practices are sorted by name, and by postcode.
    package let nameRank: [Int32]
    package let postcodeRank: [Int32]
    /// The practices and groups at the date as the pure engines take them (assurance, finance),
    /// built once with the view rather than on every request that needs it.
    package let configuration: Configuration
    /// How complete and current all practices' list sizes are: computed once with the view, as
    /// every registry, finance and plan page shows it.
    package let listSizes: ListSizeStatus

    package func practice(_ code: String) -> PracticeInfo? { index[code].map { practices[$0] } }

    package func members(of group: GroupInfo) -> [PracticeInfo] { group.members.map { practices[$0] } }

    /// The chain of parents of a group, nearest first.
    package func ancestors(of code: String) -> [GroupInfo] {
        var out: [GroupInfo] = []
        var next = groups[code]?.parent
        while let c = next, let g = groups[c], out.count < 6 {
            out.append(g)
            next = g.parent
        }
        return out
    }

    package init(
        date: Day, version: Int64, latestSnapshot: Day?, practices: [PracticeInfo], index: [String: Int],
        groups: [String: GroupInfo], active: [GroupKind: [String]], totalPatients: Int,
        searchKeys: [[UInt8]], searchMasks: [UInt64], points: [GridPoint], nameRank: [Int32], postcodeRank: [Int32],
        configuration: Configuration
    ) {
        self.date = date
        self.version = version
        self.latestSnapshot = latestSnapshot
        self.practices = practices
        self.index = index
        self.groups = groups
        self.active = active
        self.totalPatients = totalPatients
        self.searchKeys = searchKeys
        self.searchMasks = searchMasks
        self.points = points
        self.nameRank = nameRank
        self.postcodeRank = postcodeRank
        self.configuration = configuration
        self.listSizes = configuration.sizeStatus()
    }
}

/// One bit for each letter and digit that occurs in `bytes` (lower-case ASCII).
package func characterMask(_ bytes: [UInt8]) -> UInt64 {
    var mask: UInt64 = 0
    for b in bytes {
        if b >= 97 && b <= 122 {
            mask |= 1 << UInt64(b - 97)
        } else if b >= 48 && b <= 57 {
            mask |= 1 << UInt64(26 + b - 48)
        }
    }
    return mask
}

/// Turns an order of indices into each index's rank.
func ranks(_ order: [Int]) -> [Int32] {
    var rank = [Int32](repeating: 0, count: order.count)
    for (position, i) in order.enumerated() { rank[i] = Int32(position) }
    return rank
}

extension RegistryView {
    /// The practices and groups at a date, for the pure engines.
    package static func configuration(
        date: Day, membershipsOn: Day?, practices: [PracticeInfo], groups: [String: GroupInfo]
    ) -> Configuration {
        let practices = practices.map { p in
            Configuration.Practice(
                code: p.code, name: p.name, point: p.easting.flatMap { e in p.northing.map { (x: e, y: $0) } },
                listSize: p.listSize ?? 0, listSizeOn: p.listSize == nil ? nil : p.listSizeOn, imdScore: p.imdScore,
                imdDecile: p.imdDecile)
        }
        let groups = groups.values.filter { !$0.members.isEmpty }.sorted { $0.code < $1.code }.map { g in
            Configuration.Group(
                code: g.code, name: g.name, kind: g.kind, parent: g.parent, members: g.members, published: g.published)
        }
        return Configuration(date: date, membershipsOn: membershipsOn, practices: practices, groups: groups)
    }
}
