import ConsortCore
import ConsortWeb
import Foundation
import Governance
import PeopleWeb
import SQLKit
import Vapor

extension GovernanceStore {
    // MARK: Rows

    package struct Person: Decodable, Sendable {
        package let id: Int64
        package let bodyCode: String
        package let name: String
        package let isDemo: Bool
        /// The person of the directory this register entry is.
        package let personId: Int64?

        package init(id: Int64, bodyCode: String, name: String, isDemo: Bool, personId: Int64? = nil) {
            self.id = id
            self.bodyCode = bodyCode
            self.name = name
            self.isDemo = isDemo
            self.personId = personId
        }
    }
    /// A role of a register's person at an organisation: the directory's role (`person_roles`)
    /// of the person the register entry links to, read with `personId` the register entry's id.
    package typealias AffiliationRow = Directory.RoleRow
    package struct DeclarationRow: Decodable, Sendable {
        package let id: Int64
        package let personId: Int64
        package let kind: String
        package let organisationCode: String?
        package let organisationName: String
        package let description: String
        package let validFrom: String
        package let validTo: String?
        package let declaredOn: String

        package var interest: InterestKind { InterestKind(rawValue: kind) ?? .financial }
        package var declaration: Declaration {
            Declaration(
                id: String(id), person: String(personId), kind: interest, organisation: organisationCode,
                description: description,
                from: Day(iso: validFrom) ?? Day(ordinal: 0), to: validTo.flatMap(Day.init(iso:)))
        }

        package init(
            id: Int64, personId: Int64, kind: String, organisationCode: String?, organisationName: String,
            description: String, validFrom: String, validTo: String?, declaredOn: String
        ) {
            self.id = id
            self.personId = personId
            self.kind = kind
            self.organisationCode = organisationCode
            self.organisationName = organisationName
            self.description = description
            self.validFrom = validFrom
            self.validTo = validTo
            self.declaredOn = declaredOn
        }
    }
    package struct GiftRow: Decodable, Sendable {
        package let id: Int64
        package let bodyCode: String
        package let personId: Int64
        package let kind: String
        package let source: String
        package let promotional: Bool
        package let donor: String
        package let description: String
        package let valuePence: Int
        package let receivedOn: String
        package let outcome: String
        package let reason: String
        package let approvedBy: String?

        package init(
            id: Int64, bodyCode: String, personId: Int64, kind: String, source: String, promotional: Bool,
            donor: String, description: String, valuePence: Int, receivedOn: String, outcome: String, reason: String,
            approvedBy: String?
        ) {
            self.id = id
            self.bodyCode = bodyCode
            self.personId = personId
            self.kind = kind
            self.source = source
            self.promotional = promotional
            self.donor = donor
            self.description = description
            self.valuePence = valuePence
            self.receivedOn = receivedOn
            self.outcome = outcome
            self.reason = reason
            self.approvedBy = approvedBy
        }
    }
    package struct Board: Decodable, Sendable {
        package let id: Int64
        package let bodyCode: String
        package let name: String
        package let quorum: String
        package var rule: QuorumRule {
            (try? JSONDecoder().decode(QuorumRule.self, from: Data(quorum.utf8))) ?? QuorumRule(minimum: 1)
        }

        package init(id: Int64, bodyCode: String, name: String, quorum: String) {
            self.id = id
            self.bodyCode = bodyCode
            self.name = name
            self.quorum = quorum
        }
    }
    package struct SeatRow: Decodable, Sendable {
        package let id: Int64
        package let boardId: Int64
        package let personId: Int64
        package let role: String
        package let validFrom: String
        package let validTo: String?
        package var boardRole: BoardRole { BoardRole(rawValue: role) ?? .other }

        package init(id: Int64, boardId: Int64, personId: Int64, role: String, validFrom: String, validTo: String?) {
            self.id = id
            self.boardId = boardId
            self.personId = personId
            self.role = role
            self.validFrom = validFrom
            self.validTo = validTo
        }
    }
    package struct Meeting: Decodable, Sendable {
        package let id: Int64
        package let boardId: Int64
        package let heldOn: String
        package let title: String
        package var day: Day { Day(iso: heldOn) ?? Day(ordinal: 0) }

        package init(id: Int64, boardId: Int64, heldOn: String, title: String) {
            self.id = id
            self.boardId = boardId
            self.heldOn = heldOn
            self.title = title
        }
    }
    package struct Item: Decodable, Sendable {
        package let id: Int64
        package let meetingId: Int64
        package let number: Int
        package let title: String
        package let isProcurement: Bool
        package let decision: String?
        package let decidedBy: String?
        package let decidedAt: String?
        package let record: String?

        package init(
            id: Int64, meetingId: Int64, number: Int, title: String, isProcurement: Bool, decision: String?,
            decidedBy: String?, decidedAt: String?, record: String?
        ) {
            self.id = id
            self.meetingId = meetingId
            self.number = number
            self.title = title
            self.isProcurement = isProcurement
            self.decision = decision
            self.decidedBy = decidedBy
            self.decidedAt = decidedAt
            self.record = record
        }
    }
    package struct ItemOrg: Decodable, Sendable {
        package let itemId: Int64
        package let organisationCode: String
        package let organisationName: String
        package let role: String

        package init(itemId: Int64, organisationCode: String, organisationName: String, role: String) {
            self.itemId = itemId
            self.organisationCode = organisationCode
            self.organisationName = organisationName
            self.role = role
        }
    }
    package struct Action: Decodable, Sendable {
        package let itemId: Int64
        package let personId: Int64
        package let action: String
        package let reason: String

        package init(itemId: Int64, personId: Int64, action: String, reason: String) {
            self.itemId = itemId
            self.personId = personId
            self.action = action
            self.reason = reason
        }

        /// The action in words ("Withdrew from the item"…), or its stored code if no longer known.
        package var label: String { ConflictAction(rawValue: action)?.label ?? action }
    }
    package struct VoteRow: Decodable, Sendable {
        package let itemId: Int64
        package let personId: Int64
        package let vote: String

        package init(itemId: Int64, personId: Int64, vote: String) {
            self.itemId = itemId
            self.personId = personId
            self.vote = vote
        }
    }
    package struct Breach: Decodable, Sendable {
        package let id: Int64
        package let bodyCode: String
        package let occurredOn: String
        package let summary: String
        package let action: String

        package init(id: Int64, bodyCode: String, occurredOn: String, summary: String, action: String) {
            self.id = id
            self.bodyCode = bodyCode
            self.occurredOn = occurredOn
            self.summary = summary
            self.action = action
        }
    }
}
