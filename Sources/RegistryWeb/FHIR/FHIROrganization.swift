import ConsortCore
import ConsortWeb

/// The registry for other systems as FHIR R4 `Organization` resources, following the UK Core
/// Organization profile (https://fhir.hl7.org.uk/StructureDefinition/UKCore-Organization):
/// the ODS code under `https://fhir.nhs.uk/Id/ods-organization-code`, the ODS role as `type`
/// (codes of the ODS API organisation-role code system), the organisation's period in the
/// core `organization-period` extension, and `partOf` the group it belongs to at the date asked.
package enum FHIR {
    package static let odsCodeSystem = "https://fhir.nhs.uk/Id/ods-organization-code"
    package static let roleSystem = "https://directory.spineservices.nhs.uk/STU3/CodeSystem/ODSAPI-OrganizationRole-1"
    package static let profile = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Organization"
    package static let periodExtension = "http://hl7.org/fhir/StructureDefinition/organization-period"
    /// CCGs became sub-ICB locations, and STPs gave way to ICBs, on 1 July 2022 (Health and Care
    /// Act 2022).
    package static let icbsEstablished = Day(year: 2022, month: 7, day: 1)!

    package struct Coding: Encodable, Sendable, Equatable {
        package let system: String
        package let code: String
        package let display: String
    }

    package struct CodeableConcept: Encodable, Sendable, Equatable {
        package var coding: [Coding]?
        package let text: String
    }

    package struct Identifier: Encodable, Sendable, Equatable {
        package var system = FHIR.odsCodeSystem
        package let value: String
    }

    package struct Reference: Encodable, Sendable, Equatable {
        package let reference: String
        package let identifier: Identifier?
        package let display: String
    }

    package struct Period: Encodable, Sendable, Equatable {
        package let start: String
        package var end: String?
    }

    package struct Extension: Encodable, Sendable, Equatable {
        package var url = FHIR.periodExtension
        package let valuePeriod: Period
    }

    package struct Meta: Encodable, Sendable, Equatable {
        package var profile = [FHIR.profile]
    }

    package struct ContactPoint: Encodable, Sendable, Equatable {
        package var system = "phone"
        package let value: String
        package var use = "work"
    }

    package struct Address: Encodable, Sendable, Equatable {
        package var use = "work"
        package var line: [String]?
        package var postalCode: String?
    }

    package struct Organization: Encodable, Sendable, Equatable {
        package var resourceType = "Organization"
        package let id: String
        package var meta = Meta()
        package let `extension`: [Extension]
        package let identifier: [Identifier]?
        package let active: Bool
        package let type: [CodeableConcept]
        package let name: String
        package var telecom: [ContactPoint]?
        package var address: [Address]?
        package var partOf: Reference?
    }

    /// The ODS role of a kind of group at a date; nil where ODS has no role for it (federations,
    /// localities, STPs before ICBs).
    static func role(_ kind: GroupKind?, at day: Day) -> CodeableConcept {
        func concept(_ code: String?, _ display: String, _ text: String) -> CodeableConcept {
            CodeableConcept(coding: code.map { [Coding(system: roleSystem, code: $0, display: display)] }, text: text)
        }
        let icbs = day >= icbsEstablished
        switch kind {
        case nil: return concept("76", "GP PRACTICE", "GP practice")
        case .network: return concept("272", "PRIMARY CARE NETWORK", "Primary care network")
        case .consortium:
            return icbs
                ? concept("319", "SUB ICB LOCATION", "Sub-ICB location")
                : concept("98", "CLINICAL COMMISSIONING GROUP", "Clinical commissioning group")
        case .icb:
            return icbs
                ? concept("318", "INTEGRATED CARE BOARD", "Integrated care board")
                : concept(nil, "", "Sustainability and transformation partnership")
        case .region: return concept("209", "NHS ENGLAND (REGION)", "NHS England region")
        case .locality: return concept(nil, "", "Locality of a consortium")
        case .federation: return concept(nil, "", "GP federation or other voluntary group of practices")
        }
    }

    /// Whether a group's code is an ODS code (NHS-defined kinds only; not a plan's own codes).
    static func hasODSCode(_ group: GroupInfo) -> Bool {
        group.kind.isNHSDefined && ODSCode.isValid(group.code, for: group.kind)
    }

    static func reference(_ group: GroupInfo) -> Reference {
        Reference(
            reference: "Organization/\(group.code)",
            identifier: hasODSCode(group) ? Identifier(value: group.code) : nil, display: group.name)
    }

    /// A practice as the registry holds it at the view's date.
    package static func organization(_ p: PracticeInfo, in view: RegistryView) -> Organization {
        let open = p.knownFrom <= view.date && (p.closedOn.map { $0 > view.date } ?? true)
        // The nearest NHS group; the larger ones follow from its own partOf.
        let parent = [GroupKind.network, .consortium, .icb, .region].lazy.compactMap { p.groups[$0] }.first
        let lines = (p.address ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return Organization(
            id: p.code,
            extension: [Extension(valuePeriod: Period(start: p.knownFrom.iso, end: p.closedOn?.iso))],
            identifier: [Identifier(value: p.code)], active: open, type: [role(nil, at: view.date)], name: p.name,
            telecom: p.phone.map { [ContactPoint(value: $0)] },
            address: lines.isEmpty && p.postcode == nil
                ? nil : [Address(line: lines.isEmpty ? nil : lines, postalCode: p.postcode)],
            partOf: parent.flatMap { view.groups[$0] }.map(reference))
    }

    /// A group as the registry holds it at the view's date.
    /// Federations, localities and groups made by adopting a plan are recorded in Consort, not
    /// ODS: their codes are Consort's own and they carry no ODS identifier.
    package static func organization(_ g: GroupInfo, in view: RegistryView) -> Organization {
        Organization(
            id: g.code,
            extension: [Extension(valuePeriod: Period(start: g.validFrom.iso, end: g.validTo?.iso))],
            identifier: hasODSCode(g) ? [Identifier(value: g.code)] : nil,
            active: g.isOpen(at: view.date) && !g.members.isEmpty,
            type: [role(g.kind, at: view.date)], name: g.name,
            partOf: g.parent.flatMap { view.groups[$0] }.map(reference))
    }
}
