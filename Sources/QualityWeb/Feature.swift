import ConsortCore
import ConsortWeb
import Vapor

/// Quality (C10): benchmarking practices on published indicators with funnel plots, the shipped
/// QOF and CQC data loaded at first start; and inspection readiness: evidence against CQC's
/// quality statements, shared policies, the DSPT and its reminders.
package let qualityFeature: Feature = {
    var feature = Feature(name: "quality") { routes in
        routes.get(QualityURL.quality, formats: [.html, .csv], access: .anyone, use: QualityController.page)
        routes.get(
            QualityURL.readiness(.key), formats: [.html, .csv], access: .readinessViewer,
            use: ReadinessController.practice)
        routes.get(QualityURL.readinessReport(.key), access: .readinessViewer, use: ReadinessController.report)
        routes.post(QualityURL.readinessEvidence(.key), access: .readinessEditor, use: ReadinessController.addEvidence)
        routes.post(QualityURL.readinessAdopt(.key), access: .readinessEditor, use: ReadinessController.adopt)
        routes.post(QualityURL.dspt(.key), access: .readinessEditor, use: ReadinessController.recordDSPT)
        routes.get(
            QualityURL.groupReadiness(.key), formats: [.html, .csv], access: .readinessGroup,
            use: ReadinessController.group)
        routes.post(QualityURL.groupPolicies(.key), access: .readinessPolicies, use: ReadinessController.sharePolicy)
        routes.post(QualityURL.retireEvidence(.key), access: .readinessEvidence, use: ReadinessController.retire)
    }
    feature.navigation = [NavItem(order: 85, key: "quality", href: QualityURL.quality.path, title: "Quality")]
    feature.migrations = [CreateQuality(), CreateReadiness()]
    feature.groupSections = [
        GroupSection(place: .bottom) { group, _, _ in
            guard !group.members.isEmpty, [.federation, .network, .consortium].contains(group.kind) else { return nil }
            return .init(
                heading: "Inspection readiness",
                links: [
                    (
                        QualityURL.groupReadiness(.value(group.code)).path,
                        "Readiness of its practices against CQC's quality statements and the DSPT (for its managers)"
                    )
                ])
        }
    ]
    feature.today = ReadinessPanels.today
    feature.demo = { context in try await DemoReadiness.make(context) }
    feature.sweep = { app, day in try await DSPTSweep.run(app, on: day) }
    feature.prepare = { app in
        let db = Store.sql(app.db)
        guard let data = app.consortConfig.dataDirectory, try await QualityStore.isEmpty(db) else { return }
        let directory = data.appendingPathComponent("quality", isDirectory: true)
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("indicators.toml").path) else {
            return
        }
        let loaded = try await QualityStore.load(directory: directory, on: app.db)
        app.logger.notice(
            "Loaded \(grouped(loaded.values)) indicator values and \(grouped(loaded.ratings)) CQC ratings from quality/"
        )
    }
    return feature
}()
