import Charts
import ConsortCore
import ConsortWeb
import Foundation
import NIOConcurrencyHelpers
import RiskSim
import Vapor

extension Finance {
    // MARK: The four models

    package struct ModelsParams: Sendable {
        package var area: String
        package var trials = 10_000
        package var seed: UInt64 = 1
        /// Overrides of the cost model's assumptions, as fractions and patients.
        package var contribution: Double?
        package var threshold: Double?
        package var small: Int?
        package var locality: Int?

        package func apply(to model: CostModel) -> CostModel {
            var m = model
            if let contribution { m.assumptions.poolContribution = contribution }
            if let threshold { m.assumptions.poolThreshold = threshold }
            if let small { m.assumptions.smallConsortium = small }
            if let locality { m.assumptions.locality = locality }
            return m
        }

        package init(
            area: String, trials: Int = 10_000, seed: UInt64 = 1, contribution: Double? = nil, threshold: Double? = nil,
            small: Int? = nil, locality: Int? = nil
        ) {
            self.area = area
            self.trials = trials
            self.seed = seed
            self.contribution = contribution
            self.threshold = threshold
            self.small = small
            self.locality = locality
        }
    }

    package struct ModelsResult: Sendable, Encodable {
        package let date: Day
        package let area: String
        package let name: String
        package let practices: Int
        package let patients: Int
        package let trials: Int
        package let seed: UInt64
        package let assumptions: CostModel.ModelAssumptions
        package let models: [ModelComparison.Result]

        package init(
            date: Day, area: String, name: String, practices: Int, patients: Int, trials: Int, seed: UInt64,
            assumptions: CostModel.ModelAssumptions, models: [ModelComparison.Result]
        ) {
            self.date = date
            self.area = area
            self.name = name
            self.practices = practices
            self.patients = patients
            self.trials = trials
            self.seed = seed
            self.assumptions = assumptions
            self.models = models
        }
    }

    package static func models(
        _ params: ModelsParams, model: CostModel, practices: [ModelComparison.Practice], name: String, date: Day
    ) -> ModelsResult {
        let results = ModelComparison.compare(practices, model: model, trials: params.trials, seed: params.seed)
        return ModelsResult(
            date: date, area: params.area, name: name, practices: practices.count,
            patients: practices.reduce(0) { $0 + $1.patients },
            trials: params.trials, seed: params.seed, assumptions: model.assumptions, models: results)
    }
}
