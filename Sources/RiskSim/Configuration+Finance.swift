import ConsortCore
import Foundation

extension CostModel {
    /// A practice's relative need from its IMD decile (1 when unknown).
    public func need(decile: Int?) -> Double { decile.flatMap { needWeights[$0] } ?? 1 }

    /// Finds the repository's `finance/cost-model.toml`: in the working directory, or above the running executable.
    public static func locate(executable: String = CommandLine.arguments.first ?? "") -> URL? {
        locateInRepository("finance/cost-model.toml", executable: executable)
    }
}

extension ModelComparison {
    /// The practices of a group (any kind) in a configuration, with their need and the codes
    /// that keep neighbours together; nil when the configuration has no such group.
    public static func practices(of area: String, in configuration: Configuration, model: CostModel) -> [Practice]? {
        guard let group = configuration.groups.first(where: { $0.code == area }) else { return nil }
        var consortium: [Int: String] = [:]
        var network: [Int: String] = [:]
        for g in configuration.groups where g.kind == .consortium || g.kind == .network {
            for p in g.members {
                if g.kind == .consortium { consortium[p] = g.code } else { network[p] = g.code }
            }
        }
        return group.members.map { i in
            let p = configuration.practices[i]
            return Practice(
                code: p.code, patients: p.listSize, need: model.need(decile: p.imdDecile),
                consortium: consortium[i] ?? "", network: network[i] ?? "")
        }
    }

    /// Every group of a kind with registered patients, as a simulation group weighted by need.
    /// With `area` (the code of any group), only the group's members that are also the area's
    /// count; an unknown area has no groups.
    public static func groups(
        of kind: GroupKind, within area: String? = nil, in configuration: Configuration, model: CostModel
    ) -> [Simulator.Group] {
        let inArea = area.map { code in Set(configuration.groups.first { $0.code == code }?.members ?? []) }
        return configuration.groups.filter { $0.kind == kind }.compactMap { g in
            let members = inArea.map { area in g.members.filter(area.contains) } ?? g.members
            let patients = members.reduce(0) { $0 + configuration.practices[$1].listSize }
            guard patients > 0 else { return nil }
            return Simulator.Group(
                code: g.code, name: g.name, patients: patients,
                weightedPatients: members.reduce(0) {
                    $0 + Double(configuration.practices[$1].listSize)
                        * model.need(decile: configuration.practices[$1].imdDecile)
                })
        }
    }
}
