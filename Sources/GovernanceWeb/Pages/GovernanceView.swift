import ConsortCore
import ConsortWeb
import Governance
import Vapor

/// The governance pages.
package enum GovernanceView {
    package typealias Errors = FormErrors
    package typealias G = GovernanceStore
    package typealias Form = GovernanceController.Form

    package static func field(
        _ id: String, _ label: String, hint: String? = nil, _ errors: Errors, @HTMLBuilder _ control: () -> [Node]
    ) -> Node {
        Layout.field(id, label, hint: hint, errors, control)
    }

    package static func input(
        _ id: String, _ form: Form, type: String = "text", wide: Bool = false, value: String? = nil
    ) -> Node {
        var a: [Attribute] = [.type(type), .id(id), .name(id), .value(form[id] ?? value ?? "")]
        if wide { a.append(.class("wide")) }
        return Node(storage: .void("input", a))
    }

    package static func crumbs(_ body: GroupInfo, _ extra: [Layout.Crumb] = []) -> [Layout.Crumb] {
        [
            .init(title: "England", href: SiteURL.home.path),
            .init(title: body.kind.plural, href: SiteURL.groups(body.kind).path),
            .init(title: body.name, href: SiteURL.group(body.code)),
            .init(title: "Governance", href: GovernanceURL.governance(.value(body.code)).path),
        ] + extra
    }

    package static func registerLinks(_ body: GroupInfo) -> Node {
        H.ul {
            H.li { H.link(GovernanceURL.register(.value(body.code), .interests).path, "Register of interests") }
            H.li { H.link(GovernanceURL.register(.value(body.code), .gifts).path, "Register of gifts and hospitality") }
            H.li {
                H.link(
                    GovernanceURL.register(.value(body.code), .procurement).path, "Register of procurement decisions")
            }
            H.li { H.link(GovernanceURL.register(.value(body.code), .breaches).path, "Breaches (anonymised)") }
        }
    }

}
