import ConsortCore
import ConsortWeb
import Foundation
import Quality
import SQLKit

/// Demo readiness records for `consort serve --demo`: evidence for the demo federation's
/// practices at spread-out dates (some current, some due, some past review, some missing), a
/// shared policy adopted by half of them, and DSPT publications. Every title says "(demo)".
enum DemoReadiness {
    static func make(_ context: DemoContext) async throws {
        guard let federation = context.federation else { return }
        let app = context.app
        let db = Store.sql(app.db)
        guard
            try await db.raw("SELECT id FROM readiness_evidence WHERE owner_code = \(bind: federation)").first() == nil
        else { return }
        let view = try await app.registryCache.view(at: Day.today(), on: db)
        guard let fed = view.groups[federation] else { return }
        let members = view.members(of: fed).map(\.code)
        let system = CurrentUser(
            id: 0, username: "system:demo", displayName: "Demo", isDemo: true,
            grants: [RoleGrant(role: .administrator, scope: nil)])
        let today = Day.today()
        let statements = AssessmentFramework.statements
        for (i, practice) in members.enumerated() {
            for (j, s) in statements.enumerated() where (i * 7 + j * 3) % 5 != 0 {
                let age = (i * 53 + j * 37) % 420
                try await ReadinessStore.addEvidence(
                    .init(
                        title: "\(s.title): practice evidence (demo)", detail: nil,
                        gatheredOn: today.adding(days: -age).iso, reviewOn: nil, person: nil, statements: [s.id]),
                    owner: .practice, code: practice, people: [], by: system, on: app.db)
            }
        }
        let policy = try await ReadinessStore.addEvidence(
            .init(
                title: "Federation freedom to speak up policy (demo)", detail: "Shared by the federation's board.",
                gatheredOn: today.adding(days: -90).iso, reviewOn: nil, person: nil,
                statements: ["well-led/freedom-speak-up", "well-led/shared-direction-culture"]),
            owner: .group, code: federation, people: [], by: system, on: app.db)
        for practice in members.enumerated().filter({ $0.offset % 2 == 0 }).map(\.element) {
            try await ReadinessStore.adopt(policy, practice: practice, by: system, on: app.db)
        }
        let year = DSPT.Year.due(on: today).previous
        for (i, practice) in members.enumerated() where i % 4 != 3 {
            let met = i % 4 != 2
            try await ReadinessStore.recordDSPT(
                practice: practice, year: year.description,
                status: met ? DSPT.Status.standardsMet.rawValue : DSPT.Status.approachingStandards.rawValue,
                publishedOn: min(year.deadline.adding(days: -(i * 11) - 3), today).iso,
                standards: (1...(met ? 10 : 8)).map(String.init), by: system, on: app.db)
        }
    }
}
