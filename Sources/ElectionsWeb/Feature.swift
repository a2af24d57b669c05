import ConsortCore
import ConsortWeb
import Vapor

/// Engagement (C9, first part): counting an election by single transferable vote from a BLT
/// ballot file, with the full count sheet as a page, CSV and JSON.
package let electionsFeature: Feature = {
    var feature = Feature(name: "elections") { routes in
        routes.get(ElectionsURL.count, access: .staff, use: CountController.form)
        routes.post(ElectionsURL.count, access: .staff, use: CountController.count)
    }
    feature.navigation = [
        NavItem(order: 88, key: "elections", href: ElectionsURL.count.path, title: "Elections") { user in
            user.map { !$0.grants.isEmpty && $0.grants.contains { $0.role != .public } } ?? false
        }
    ]
    return feature
}()
