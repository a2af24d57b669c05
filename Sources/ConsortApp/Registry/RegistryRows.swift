import ConsortCore
import Importers

/// A `practices` row.
struct PracticeRow: Codable, Sendable {
    var code: String
    var name: String
    var postcode: String?
    var latitude: Double?
    var longitude: Double?
    var easting: Int?
    var northing: Int?
    var coordSource: String?
    var imdScore: Double?
    var imdDecile: Int?
    var rurality: String?
    var contractType: String?
    var dispensing: String?
    var address: String?
    var phone: String?
    var odsOpenedOn: String?
    var odsClosedOn: String?
    var odsStatus: String?
    var knownFrom: String
    var closedOn: String?

    static let columns = ["code", "name", "postcode", "latitude", "longitude", "easting", "northing", "coord_source",
                          "imd_score", "imd_decile", "rurality", "contract_type", "dispensing", "address", "phone",
                          "ods_opened_on", "ods_closed_on", "ods_status", "known_from", "closed_on"]

    init(record: PracticeRecord, knownFrom: Day, closedOn: Day?) {
        code = record.code; name = record.name ?? record.code; postcode = record.postcode
        latitude = record.latitude; longitude = record.longitude; easting = record.easting; northing = record.northing
        coordSource = record.coordSource; imdScore = record.imdScore; imdDecile = record.imdDecile
        rurality = record.rurality; contractType = record.contractType; dispensing = record.dispensing
        address = record.address; phone = record.phone; odsOpenedOn = record.openedOn?.iso
        odsClosedOn = record.closedOn?.iso; odsStatus = record.odsStatus
        self.knownFrom = knownFrom.iso; self.closedOn = closedOn?.iso
    }

    var values: [any Encodable & Sendable] {
        [code, name, postcode, latitude, longitude, easting, northing, coordSource, imdScore, imdDecile, rurality,
         contractType, dispensing, address, phone, odsOpenedOn, odsClosedOn, odsStatus, knownFrom, closedOn]
    }

    var record: PracticeRecord {
        var r = PracticeRecord(code: code, line: 0)
        r.name = name; r.postcode = postcode; r.latitude = latitude; r.longitude = longitude
        r.easting = easting; r.northing = northing; r.coordSource = coordSource; r.imdScore = imdScore
        r.imdDecile = imdDecile; r.rurality = rurality; r.contractType = contractType; r.dispensing = dispensing
        r.address = address; r.phone = phone; r.openedOn = odsOpenedOn.flatMap(Day.init(iso:))
        r.closedOn = odsClosedOn.flatMap(Day.init(iso:)); r.odsStatus = odsStatus
        return r
    }
}

/// An `organisations` row.
struct GroupRow: Codable, Sendable {
    var code: String
    var kind: String
    var name: String
    var onsCode: String?
    var legalForm: String?
    var description: String?
    var validFrom: String
    var validTo: String?
    var source: String
    var createdBy: String?
}

struct MembershipRow: Codable, Sendable {
    var id: Int64
    var practiceCode: String
    var groupCode: String
    var kind: String
    var validFrom: String
    var validTo: String?
    var source: String
}

struct LinkRow: Codable, Sendable {
    var childCode: String
    var parentCode: String
    var validFrom: String
    var validTo: String?
}

struct ListSizeRow: Codable, Sendable {
    var practiceCode: String
    var onDate: String
    var patients: Int
    var weightedPatients: Double?
}

/// A database value that should be a date but is not: the database was edited by hand.
struct CorruptValue: Error, CustomStringConvertible {
    let description: String
}

func day(_ text: String, _ what: String) throws -> Day {
    guard let d = Day(iso: text) else { throw CorruptValue(description: "\(what) holds '\(text)', which is not a date (YYYY-MM-DD)") }
    return d
}
