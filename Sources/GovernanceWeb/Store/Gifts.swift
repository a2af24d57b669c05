import ConsortCore
import ConsortWeb
import Foundation
import Governance
import SQLKit
import Vapor

extension GovernanceStore {
    // MARK: Gifts and hospitality

    /// Records a gift or hospitality offered to a person, with the outcome the NHS thresholds
    /// give. Returns the outcome and its reason.
    package static func addGift(
        body: GroupInfo, person: Person, kind: String?, source: String?, promotional: Bool, donor: String?,
        description: String?,
        value: String?, receivedOn: String?, approvedBy: String?, by user: CurrentUser, app: Application
    ) async throws -> (GiftRules.Outcome, String) {
        try requireEditorOrSelf(body, person, user)
        guard let kind = GiftRules.Kind(rawValue: kind ?? "") else {
            throw FieldProblem(field: "gift_kind", message: "Choose gift or hospitality")
        }
        guard let source = GiftRules.Source(rawValue: source ?? "") else {
            throw FieldProblem(
                field: "source", message: "Choose who offered it: a supplier or contractor, or someone else")
        }
        let from = try text(donor, field: "donor", what: "who offered it", max: 150)
        let what = try text(description, field: "gift_description", what: "what was offered", max: 300)
        guard let pence = GiftRules.pence(value ?? "") else {
            throw FieldProblem(field: "value", message: "Give its value in pounds, e.g. 25 or 74.99")
        }
        let received = try day(receivedOn, field: "received_on", what: "the date it was offered")
        let approver = (approvedBy ?? "").trimmingCharacters(in: .whitespaces)
        let db = Store.sql(app.db)
        // The £50 limit on gifts is cumulative from one source over twelve months.
        struct Sum: Decodable { package let total: Int? }
        let earlier =
            kind == .gift && source == .other
            ? (try await db.raw(
                """
                SELECT CAST(SUM(value_pence) AS BIGINT) AS total FROM gov_gifts WHERE person_id = \(bind: person.id) \
                AND kind = 'gift' AND LOWER(donor) = \(bind: from.lowercased())
                  AND received_on > \(bind: received.adding(days: -365).iso) AND received_on <= \(bind: received.iso) \
                  AND outcome <> 'refuse'
                """
            ).first(decoding: Sum.self)?.total ?? 0) : 0
        let (outcome, reason) = GiftRules.decide(
            kind: kind, source: source, pence: pence, promotional: promotional, earlierFromSource: earlier,
            seniorApproval: !approver.isEmpty)
        try await Store.write(app.db) { db in
            try await db.raw(
                """
                INSERT INTO gov_gifts (body_code, person_id, kind, source, promotional, donor, description, \
                value_pence, received_on, outcome, reason, approved_by, created_by, created_at)
                VALUES (\(bind: body.code), \(bind: person.id), \(bind: kind.rawValue), \(bind: source.rawValue), \
                \(bind: promotional), \(bind: from), \(bind: what),
                        \(bind: pence), \(bind: received.iso), \(bind: outcome.rawValue), \(bind: reason), \
                        \(bind: approver.isEmpty ? nil : approver),
                        \(bind: user.username), \(bind: AuditChain.timestamp()))
                """
            ).run()
            try await AuditLog.append(
                on: db, actor: .user(user.username), action: "governance.gift.add", entity: "gov_person",
                entityID: String(person.id),
                after: [
                    "kind": kind.rawValue, "source": source.rawValue, "value": GiftRules.money(pence),
                    "outcome": outcome.rawValue, "by": acting(user, for: person),
                ])
        }
        return (outcome, reason)
    }
}
