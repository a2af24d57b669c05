import ConsortCore
import ConsortWeb
import Vapor

/// Quality (C10, first part): benchmarking practices on published indicators with funnel
/// plots; the shipped QOF and CQC data loaded at first start.
package let qualityFeature: Feature = {
    var feature = Feature(name: "quality") { routes in
        routes.get(QualityURL.quality, formats: [.html, .csv], access: .anyone, use: QualityController.page)
    }
    feature.navigation = [NavItem(order: 85, key: "quality", href: QualityURL.quality.path, title: "Quality")]
    feature.migrations = [CreateQuality()]
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
