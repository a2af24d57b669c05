import ConsortCore
import ConsortWeb
import Importers

/// A practice row from an imported record, and back.
extension PracticeRow {
    package init(record: PracticeRecord, knownFrom: Day, closedOn: Day?) {
        self.init(
            code: record.code, name: record.name ?? record.code, postcode: record.postcode, latitude: record.latitude,
            longitude: record.longitude, easting: record.easting, northing: record.northing,
            coordSource: record.coordSource,
            imdScore: record.imdScore, imdDecile: record.imdDecile, rurality: record.rurality,
            contractType: record.contractType,
            dispensing: record.dispensing, address: record.address, phone: record.phone,
            odsOpenedOn: record.openedOn?.iso,
            odsClosedOn: record.closedOn?.iso, odsStatus: record.odsStatus, knownFrom: knownFrom.iso,
            closedOn: closedOn?.iso)
    }

    package var record: PracticeRecord {
        var r = PracticeRecord(code: code, line: 0)
        r.name = name
        r.postcode = postcode
        r.latitude = latitude
        r.longitude = longitude
        r.easting = easting
        r.northing = northing
        r.coordSource = coordSource
        r.imdScore = imdScore
        r.imdDecile = imdDecile
        r.rurality = rurality
        r.contractType = contractType
        r.dispensing = dispensing
        r.address = address
        r.phone = phone
        r.openedOn = odsOpenedOn.flatMap(Day.init(iso:))
        r.closedOn = odsClosedOn.flatMap(Day.init(iso:))
        r.odsStatus = odsStatus
        return r
    }
}
