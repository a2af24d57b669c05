import Assurance
import Charts
import ConsortCore

extension Assurance.Areas {
    /// The practices of a configuration placed in local authority districts by their locations;
    /// nil without districts.
    package static func districts(_ configuration: Configuration, _ districts: [GeoJSON.Area]) -> Assurance.Areas? {
        guard !districts.isEmpty else { return nil }
        return Assurance.Areas(
            label: AreaIndex.districtsLabel, of: AreaIndex(districts).place(configuration),
            names: Dictionary(districts.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a }))
    }

    /// The same, only for a policy with a coterminosity rule: the one place that decides whether
    /// a check or a plan places practices at all.
    package static func districts(_ configuration: Configuration, _ districts: [GeoJSON.Area], for policy: Policy)
        -> Assurance.Areas?
    {
        Assurance.needsAreas(policy) ? Self.districts(configuration, districts) : nil
    }
}
