import Charts
import ConsortCore
import ConsortWeb
import Foundation
import NIOConcurrencyHelpers
import RiskSim
import Vapor

extension Finance {
    // MARK: Allocation

    package struct AllocationParams: Sendable {
        package var area: String?
        package var by: GroupKind = .consortium
        package var basis: Allocation.Basis = .weighted
        package var perHead: Double
        package var managementPerHead: Double

        package init(
            area: String? = nil, by: GroupKind = .consortium, basis: Allocation.Basis = .weighted, perHead: Double,
            managementPerHead: Double
        ) {
            self.area = area
            self.by = by
            self.basis = basis
            self.perHead = perHead
            self.managementPerHead = managementPerHead
        }
    }

    package struct AllocationResult: Sendable, Encodable {
        package struct GroupShare: Sendable, Encodable {
            /// Nil for the practices in no group of the kind.
            package let code: String?
            package let name: String
            package let practices: Int
            package let patients: Int
            package let weight: Double
            package let budget: Double
            package let rawBudget: Double
            package let difference: Double
            package let management: Double

            package init(
                code: String?, name: String, practices: Int, patients: Int, weight: Double, budget: Double,
                rawBudget: Double, difference: Double, management: Double
            ) {
                self.code = code
                self.name = name
                self.practices = practices
                self.patients = patients
                self.weight = weight
                self.budget = budget
                self.rawBudget = rawBudget
                self.difference = difference
                self.management = management
            }
        }

        package struct PracticeShare: Sendable, Encodable {
            package let code: String
            package let name: String
            package let group: String?
            package let imdDecile: Int?
            package let patients: Int
            package let weightedList: Double?
            package let need: Double
            package let weight: Double
            package let budget: Double
            package let rawBudget: Double
            package let difference: Double
            package let estimated: Bool

            package init(
                code: String, name: String, group: String?, imdDecile: Int?, patients: Int, weightedList: Double?,
                need: Double, weight: Double, budget: Double, rawBudget: Double, difference: Double, estimated: Bool
            ) {
                self.code = code
                self.name = name
                self.group = group
                self.imdDecile = imdDecile
                self.patients = patients
                self.weightedList = weightedList
                self.need = need
                self.weight = weight
                self.budget = budget
                self.rawBudget = rawBudget
                self.difference = difference
                self.estimated = estimated
            }
        }

        package let date: Day
        package let area: String?
        package let areaName: String
        package let by: GroupKind
        package let basis: Allocation.Basis
        package let perHead: Double
        package let total: Double
        package let managementPerHead: Double
        package let management: Double
        package let patients: Int
        /// Practices left out for want of a registered list size.
        package let withoutListSize: Int
        /// Practices weighted at the average because they publish no weighted list.
        package let estimated: Int
        /// The share of practices 10% or more from raw capitation (Dixon et al. 2011).
        package let shareAway10: Double
        package let groups: [GroupShare]
        package let practices: [PracticeShare]

        package init(
            date: Day, area: String?, areaName: String, by: GroupKind, basis: Allocation.Basis, perHead: Double,
            total: Double, managementPerHead: Double, management: Double, patients: Int, withoutListSize: Int,
            estimated: Int, shareAway10: Double, groups: [GroupShare], practices: [PracticeShare]
        ) {
            self.date = date
            self.area = area
            self.areaName = areaName
            self.by = by
            self.basis = basis
            self.perHead = perHead
            self.total = total
            self.managementPerHead = managementPerHead
            self.management = management
            self.patients = patients
            self.withoutListSize = withoutListSize
            self.estimated = estimated
            self.shareAway10 = shareAway10
            self.groups = groups
            self.practices = practices
        }
    }

    package static func allocation(_ params: AllocationParams, model: CostModel, view: RegistryView) throws
        -> AllocationResult
    {
        let indices = try practices(in: params.area, view)
        let counted = indices.filter { (view.practices[$0].listSize ?? 0) > 0 }
        let inputs = counted.map { i in
            let p = view.practices[i]
            return Allocation.Practice(
                code: p.code, patients: p.listSize!, weightedList: p.weightedListSize,
                need: model.need(decile: p.imdDecile))
        }
        let patients = inputs.reduce(0) { $0 + $1.patients }
        let total = params.perHead * Double(patients)
        let shares = Allocation.allocate(inputs, basis: params.basis, total: total)
        let practiceShares = counted.indices.map { j in
            let p = view.practices[counted[j]]
            let s = shares[j]
            return AllocationResult.PracticeShare(
                code: p.code, name: p.name, group: p.groups[params.by], imdDecile: p.imdDecile, patients: s.patients,
                weightedList: p.weightedListSize, need: inputs[j].need, weight: s.weight, budget: s.budget,
                rawBudget: s.rawBudget, difference: s.difference, estimated: s.estimated)
        }
        var byGroup: [String: [AllocationResult.PracticeShare]] = [:]
        for s in practiceShares { byGroup[s.group ?? "", default: []].append(s) }
        let groups = byGroup.keys.sorted { ($0.isEmpty ? 1 : 0, $0) < ($1.isEmpty ? 1 : 0, $1) }.map { code in
            let members = byGroup[code]!
            let budget = members.reduce(0) { $0 + $1.budget }
            let raw = members.reduce(0) { $0 + $1.rawBudget }
            let groupPatients = members.reduce(0) { $0 + $1.patients }
            return AllocationResult.GroupShare(
                code: code.isEmpty ? nil : code,
                name: code.isEmpty ? "In no \(params.by.abbreviation)" : view.groups[code]?.name ?? code,
                practices: members.count, patients: groupPatients, weight: members.reduce(0) { $0 + $1.weight },
                budget: budget, rawBudget: raw,
                difference: raw > 0 ? budget / raw - 1 : 0, management: Double(groupPatients) * params.managementPerHead
            )
        }
        return AllocationResult(
            date: view.date, area: params.area, areaName: areaName(params.area, view), by: params.by,
            basis: params.basis,
            perHead: params.perHead, total: total, managementPerHead: params.managementPerHead,
            management: Double(patients) * params.managementPerHead, patients: patients,
            withoutListSize: indices.count - counted.count,
            estimated: params.basis == .weighted ? shares.filter(\.estimated).count : 0,
            shareAway10: Allocation.shareAway(shares, by: 0.10), groups: groups, practices: practiceShares)
    }
}
