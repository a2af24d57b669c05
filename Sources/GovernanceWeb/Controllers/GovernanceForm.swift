import ConsortWeb
import Governance
import Vapor

/// Every field of the governance forms, typed as the form sends it (text, checked later by the
/// store with a message per field), and read back into the form when it is shown again with its
/// errors. One form value serves every governance form: each reads the fields it has.
package struct GovernanceForm: Content, Sendable {
    package var action: String?
    package var affiliationFrom: String?
    package var affiliationOrganisation: String?
    package var affiliationRole: String?
    package var affiliationTo: String?
    package var approvedBy: String?
    package var bidders: String?
    package var boardName: String?
    package var breachAction: String?
    package var decision: String?
    package var declaration: String?
    package var declaredOn: String?
    package var description: String?
    package var donor: String?
    package var from: String?
    package var giftDescription: String?
    package var giftKind: String?
    package var heldOn: String?
    package var item: String?
    package var itemTitle: String?
    package var kind: String?
    package var minimum: String?
    package var name: String?
    package var occurredOn: String?
    package var organisation: String?
    package var person: String?
    package var procurement: String?
    package var promotional: String?
    package var reason: String?
    package var registration: String?
    package var receivedOn: String?
    package var role: String?
    package var seat: String?
    package var seatFrom: String?
    package var seatTo: String?
    package var source: String?
    package var subjects: String?
    package var summary: String?
    package var title: String?
    package var to: String?
    package var value: String?
    package var atLeastChair: String?
    package var atLeastLay: String?
    package var atLeastGp: String?
    package var atLeastExecutive: String?
    package var atLeastOther: String?

    package init() {}

    package enum CodingKeys: String, CodingKey {
        case action
        case affiliationFrom = "affiliation_from"
        case affiliationOrganisation = "affiliation_organisation"
        case affiliationRole = "affiliation_role"
        case affiliationTo = "affiliation_to"
        case approvedBy = "approved_by"
        case bidders
        case boardName = "board_name"
        case breachAction = "breach_action"
        case decision
        case declaration
        case declaredOn = "declared_on"
        case description
        case donor
        case from
        case giftDescription = "gift_description"
        case giftKind = "gift_kind"
        case heldOn = "held_on"
        case item
        case itemTitle = "item_title"
        case kind
        case minimum
        case name
        case occurredOn = "occurred_on"
        case organisation
        case person
        case procurement
        case promotional
        case reason
        case registration
        case receivedOn = "received_on"
        case role
        case seat
        case seatFrom = "seat_from"
        case seatTo = "seat_to"
        case source
        case subjects
        case summary
        case title
        case to
        case value
        case atLeastChair = "at_least_chair"
        case atLeastLay = "at_least_lay"
        case atLeastGp = "at_least_gp"
        case atLeastExecutive = "at_least_executive"
        case atLeastOther = "at_least_other"
    }

    /// The same form, marked as about agenda item `id` (so that its errors show against it).
    package func with(item id: Int64) -> GovernanceForm {
        var form = self
        form.item = String(id)
        return form
    }

    /// The at-least figure of a board role in the quorum form.
    package func atLeast(_ role: BoardRole) -> String? {
        switch role {
        case .chair: return atLeastChair
        case .lay: return atLeastLay
        case .gp: return atLeastGp
        case .executive: return atLeastExecutive
        case .other: return atLeastOther
        }
    }

    /// What was typed into the field named `name`, for showing the form again.
    package subscript(_ name: String) -> String? {
        switch name {
        case "action": return action
        case "affiliation_from": return affiliationFrom
        case "affiliation_organisation": return affiliationOrganisation
        case "affiliation_role": return affiliationRole
        case "affiliation_to": return affiliationTo
        case "approved_by": return approvedBy
        case "bidders": return bidders
        case "board_name": return boardName
        case "breach_action": return breachAction
        case "decision": return decision
        case "declaration": return declaration
        case "declared_on": return declaredOn
        case "description": return description
        case "donor": return donor
        case "from": return from
        case "gift_description": return giftDescription
        case "gift_kind": return giftKind
        case "held_on": return heldOn
        case "item": return item
        case "item_title": return itemTitle
        case "kind": return kind
        case "minimum": return minimum
        case "name": return self.name
        case "occurred_on": return occurredOn
        case "organisation": return organisation
        case "person": return person
        case "procurement": return procurement
        case "promotional": return promotional
        case "reason": return reason
        case "registration": return registration
        case "received_on": return receivedOn
        case "role": return role
        case "seat": return seat
        case "seat_from": return seatFrom
        case "seat_to": return seatTo
        case "source": return source
        case "subjects": return subjects
        case "summary": return summary
        case "title": return title
        case "to": return to
        case "value": return value
        case "at_least_chair": return atLeastChair
        case "at_least_lay": return atLeastLay
        case "at_least_gp": return atLeastGp
        case "at_least_executive": return atLeastExecutive
        case "at_least_other": return atLeastOther
        default: return nil
        }
    }
}
