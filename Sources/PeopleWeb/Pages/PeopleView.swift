import ConsortCore
import ConsortWeb
import Vapor

/// The pieces the directory's pages share: fields, the roles and credentials tables.
package enum PeopleView {
    package typealias Errors = FormErrors

    package static func input(
        _ id: String, _ form: PeopleForm, type: String = "text", value: String? = nil, autocomplete: String? = nil,
        hint: Bool = false, wide: Bool = false
    ) -> Node {
        var a: [Attribute] = [.type(type), .id(id), .name(id), .value(form[id] ?? value ?? "")]
        if wide || type == "email" { a.append(.class("wide")) }
        if let autocomplete { a.append(.attr("autocomplete", autocomplete)) }
        if hint { a.append(.aria("describedby", "\(id)-hint")) }
        return Node(storage: .void("input", a))
    }

    package static func select(_ id: String, _ form: PeopleForm, _ options: [(String, String)], value: String? = nil)
        -> Node
    {
        let chosen = form[id] ?? value ?? ""
        return H.select(.id(id), .name(id)) {
            for (key, label) in options { H.option(key, label, selected: key == chosen) }
        }
    }

    package static func roleOptions(at places: Set<PersonRole.Place>? = nil) -> [(String, String)] {
        [("", "Choose a role")]
            + PersonRole.allCases.filter { places?.contains($0.place) ?? true }.map {
                ($0.rawValue, "\($0.label) (at \($0.place.label))")
            }
    }

    package static let credentialOptions: [(String, String)] =
        [("", "Choose a credential")] + CredentialKind.allCases.map { ($0.rawValue, $0.label) }

    /// The organisation of a role, linked to its registry page, named as the registry holds it.
    package static func organisation(_ code: String, _ view: RegistryView) -> (String, String) {
        if let i = view.index[code] { return ("\(view.practices[i].name) (\(code))", SiteURL.practice(code)) }
        if let g = view.groups[code] { return ("\(g.name) (\(code))", SiteURL.group(code)) }
        return (code, SiteURL.group(code))
    }

    package static func rolesTable(_ roles: [Directory.RoleRow], view: RegistryView, today: Day) -> DataTable {
        var table = DataTable(
            id: "roles", caption: "Roles at organisations",
            columns: [.init(title: "Role"), .init(title: "Organisation"), .init(title: "From"), .init(title: "To")],
            rows: roles.map { r in
                let (name, href) = organisation(r.organisationCode, view)
                return [
                    .text(r.label), .link(name, href), .text(r.validFrom),
                    .text(r.validTo ?? (r.isActive(on: today) ? "current" : "–")),
                ]
            }, fileName: "roles")
        table.emptyText = "No roles recorded."
        return table
    }

    /// Each credential with how it stands today: the newest of a kind decides whether the
    /// person holds it (an older one that expired is history, not a warning).
    package static func credentialsTable(_ rows: [Directory.CredentialRow], today: Day) -> DataTable {
        let newest = Dictionary(grouping: rows, by: { $0.kind == "other" ? "other:\($0.title)" : $0.kind })
            .compactMapValues { $0.max { ($0.issuedOn, $0.id) < ($1.issuedOn, $1.id) }?.id }
        var table = DataTable(
            id: "credentials", caption: "Credentials",
            columns: [
                .init(title: "Credential"), .init(title: "Reference"), .init(title: "Issued"), .init(title: "Expires"),
                .init(title: "Standing"),
            ],
            rows: rows.map { c in
                let current = newest.values.contains(c.id)
                let standing = current ? today.standing(ofExpiry: c.expiry).label : "Replaced by a newer record"
                return [
                    .text(c.title), .text(c.reference), .text(c.issuedOn), .text(c.expiresOn ?? "does not expire"),
                    .text(standing),
                ]
            }, fileName: "credentials")
        table.emptyText = "No credentials recorded."
        return table
    }

    /// Warnings for credentials that are expiring or expired (the newest record of each kind).
    package static func credentialWarnings(_ rows: [Directory.CredentialRow], today: Day) -> [String] {
        Dictionary(grouping: rows, by: { $0.kind == "other" ? "other:\($0.title)" : $0.kind }).values
            .compactMap { list -> String? in
                guard let c = list.max(by: { ($0.issuedOn, $0.id) < ($1.issuedOn, $1.id) }), let expiry = c.expiry
                else { return nil }
                switch today.standing(ofExpiry: expiry) {
                case .valid: return nil
                case .expiring: return "\(c.title) expires on \(expiry.long): renew it and record the new one."
                case .expired: return "\(c.title) expired on \(expiry.long)."
                }
            }.sorted()
    }

    /// The form to record a credential, posted to `action`.
    package static func credentialForm(_ action: String, _ form: PeopleForm, _ errors: Errors, _ ctx: PageContext)
        -> Node
    {
        H.form(.attr("method", "post"), .attr("action", action), .attr("novalidate", "")) {
            Layout.csrfField(ctx)
            Layout.field("credential", "Credential", errors) { select("credential", form, credentialOptions) }
            Layout.field("label", "What it is (for Other)", errors) { input("label", form, wide: true) }
            Layout.field("reference", "Certificate or policy number (optional)", errors) { input("reference", form) }
            Layout.field("issued_on", "Issued on", errors) { input("issued_on", form, type: "date") }
            Layout.field("expires_on", "Expires on", hint: "Leave empty if it does not expire.", errors) {
                input("expires_on", form, type: "date", hint: true)
            }
            H.button(.type("submit"), .class("button secondary")) { "Record the credential" }
        }
    }

    /// The form with the person's contact details (and, for officers, name and registrations).
    package static func detailsForm(
        _ action: String, _ person: Directory.PersonRow?, _ form: PeopleForm, _ errors: Errors, _ ctx: PageContext,
        contactOnly: Bool = false, limit: Bool = false
    ) -> Node {
        H.form(.attr("method", "post"), .attr("action", action), .attr("novalidate", "")) {
            Layout.csrfField(ctx)
            detailsFields(person, form, errors, contactOnly: contactOnly, limit: limit)
            H.button(.type("submit"), .class("button secondary")) { "Save the details" }
        }
    }

    /// The fields of a person's details.
    package static func detailsFields(
        _ person: Directory.PersonRow?, _ form: PeopleForm, _ errors: Errors, contactOnly: Bool = false,
        limit: Bool = false
    ) -> Node {
        H.fragment {
            if contactOnly {
                H.input(.type("hidden"), .name("name"), .value(person?.name ?? ""))
            } else {
                Layout.field("name", "Full name", errors) { input("name", form, value: person?.name, wide: true) }
                Layout.field("gmc", "GMC number", hint: "Doctors: 7 digits.", errors) {
                    input("gmc", form, value: person?.gmcNumber, hint: true)
                }
                Layout.field("nmc", "NMC PIN", hint: "Nurses: e.g. 12A3456E.", errors) {
                    input("nmc", form, value: person?.nmcPin, hint: true)
                }
            }
            Layout.field("email", "Work email", errors) {
                input("email", form, type: "email", value: person?.email, autocomplete: "email")
            }
            Layout.field("phone", "Phone", errors) {
                input("phone", form, type: "tel", value: person?.phone, autocomplete: "tel")
            }
            if limit {
                Layout.field(
                    "monthly_limit", "Most hub sessions a month, across every federation",
                    hint: "Each federation's own limit still applies. Leave empty for no overall limit.", errors
                ) {
                    input(
                        "monthly_limit", form, type: "number", value: person?.monthlyLimit.map(String.init),
                        hint: true)
                }
            }
        }
    }
}
