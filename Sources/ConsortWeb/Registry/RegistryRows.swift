import ConsortCore

/// A `practices` row.
package struct PracticeRow: Codable, Sendable {
    package var code: String
    package var name: String
    package var postcode: String?
    package var latitude: Double?
    package var longitude: Double?
    package var easting: Int?
    package var northing: Int?
    package var coordSource: String?
    package var imdScore: Double?
    package var imdDecile: Int?
    package var rurality: String?
    package var contractType: String?
    package var dispensing: String?
    package var address: String?
    package var phone: String?
    package var odsOpenedOn: String?
    package var odsClosedOn: String?
    package var odsStatus: String?
    package var knownFrom: String
    package var closedOn: String?

    package static let columns = [
        "code", "name", "postcode", "latitude", "longitude", "easting", "northing", "coord_source",
        "imd_score", "imd_decile", "rurality", "contract_type", "dispensing", "address", "phone",
        "ods_opened_on", "ods_closed_on", "ods_status", "known_from", "closed_on",
    ]

    package var values: [any Encodable & Sendable] {
        [
            code, name, postcode, latitude, longitude, easting, northing, coordSource, imdScore, imdDecile, rurality,
            contractType, dispensing, address, phone, odsOpenedOn, odsClosedOn, odsStatus, knownFrom, closedOn,
        ]
    }

    package init(
        code: String, name: String, postcode: String? = nil, latitude: Double? = nil, longitude: Double? = nil,
        easting: Int? = nil, northing: Int? = nil, coordSource: String? = nil, imdScore: Double? = nil,
        imdDecile: Int? = nil, rurality: String? = nil, contractType: String? = nil, dispensing: String? = nil,
        address: String? = nil, phone: String? = nil, odsOpenedOn: String? = nil, odsClosedOn: String? = nil,
        odsStatus: String? = nil, knownFrom: String, closedOn: String? = nil
    ) {
        self.code = code
        self.name = name
        self.postcode = postcode
        self.latitude = latitude
        self.longitude = longitude
        self.easting = easting
        self.northing = northing
        self.coordSource = coordSource
        self.imdScore = imdScore
        self.imdDecile = imdDecile
        self.rurality = rurality
        self.contractType = contractType
        self.dispensing = dispensing
        self.address = address
        self.phone = phone
        self.odsOpenedOn = odsOpenedOn
        self.odsClosedOn = odsClosedOn
        self.odsStatus = odsStatus
        self.knownFrom = knownFrom
        self.closedOn = closedOn
    }
}

/// An `organisations` row.
package struct GroupRow: Codable, Sendable {
    package var code: String
    package var kind: String
    package var name: String
    package var onsCode: String?
    package var legalForm: String?
    package var description: String?
    package var validFrom: String
    package var validTo: String?
    package var source: String
    package var createdBy: String?

    package init(
        code: String, kind: String, name: String, onsCode: String? = nil, legalForm: String? = nil,
        description: String? = nil, validFrom: String, validTo: String? = nil, source: String, createdBy: String? = nil
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
    }
}

package struct MembershipRow: Codable, Sendable {
    package var id: Int64
    package var practiceCode: String
    package var groupCode: String
    package var kind: String
    package var validFrom: String
    package var validTo: String?
    package var source: String

    package init(
        id: Int64, practiceCode: String, groupCode: String, kind: String, validFrom: String, validTo: String? = nil,
        source: String
    ) {
        self.id = id
        self.practiceCode = practiceCode
        self.groupCode = groupCode
        self.kind = kind
        self.validFrom = validFrom
        self.validTo = validTo
        self.source = source
    }
}

package struct LinkRow: Codable, Sendable {
    package var childCode: String
    package var parentCode: String
    package var validFrom: String
    package var validTo: String?

    package init(childCode: String, parentCode: String, validFrom: String, validTo: String? = nil) {
        self.childCode = childCode
        self.parentCode = parentCode
        self.validFrom = validFrom
        self.validTo = validTo
    }
}

package struct ListSizeRow: Codable, Sendable {
    package var practiceCode: String
    package var onDate: String
    package var patients: Int
    package var weightedPatients: Double?

    package init(practiceCode: String, onDate: String, patients: Int, weightedPatients: Double? = nil) {
        self.practiceCode = practiceCode
        self.onDate = onDate
        self.patients = patients
        self.weightedPatients = weightedPatients
    }
}

/// A database value that should be a date but is not: the database was edited by hand.
package struct CorruptValue: Error, CustomStringConvertible {
    package let description: String

    package init(description: String) {
        self.description = description
    }
}

package func day(_ text: String, _ what: String) throws -> Day {
    guard let d = Day(iso: text) else {
        throw CorruptValue(description: "\(what) holds '\(text)', which is not a date (YYYY-MM-DD)")
    }
    return d
}
