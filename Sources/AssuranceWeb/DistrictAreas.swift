import Assurance
import Charts
import ConsortCore

extension Assurance.Areas {
    /// The practices of a configuration placed in local authority districts by their locations,
    /// for the coterminosity rules; nil without districts.
    package static func districts(_ configuration: Configuration, _ districts: [GeoJSON.Area]) -> Assurance.Areas? {
        guard !districts.isEmpty else { return nil }
        return Assurance.Areas(
            label: AreaIndex.districtsLabel, of: AreaIndex(districts).place(configuration),
            names: Dictionary(districts.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a }))
    }
}
