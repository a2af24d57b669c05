import ConsortCore
import ConsortWeb
import Planner
import Vapor

extension PlanController {
    /// Reads the form into a request, naming every field at fault.
    package static func request(_ form: PlanForm, view: RegistryView, library: PolicyLibrary) -> (
        String?, Plans.Request?, Errors
    ) {
        var errors: Errors = []
        var name: String?
        do { name = try Plans.name(form.name) } catch let p as FieldProblem {
            errors.append((p.field, p.message))
        } catch {}
        let policy = (form.policy ?? "").trimmingCharacters(in: .whitespaces)
        if !library.names.contains(policy) { errors.append(("policy", "Choose a policy")) }
        let level = Policy.Level(rawValue: form.level ?? "")
        if level == nil {
            errors.append(
                ("level", "Choose the level to plan, one the policy sets sizes for (e.g. network for pcn-2019)"))
        }
        let within = form.within ?? "none"
        if !Plans.Request.withinChoices.contains(where: { $0.0 == within }) {
            errors.append(("within", "Choose a boundary"))
        }
        let areas = ODSCode.codes(in: [form.area ?? "", form.areas ?? ""].joined(separator: ","))
        for code in areas where view.groups[code] == nil {
            errors.append(
                ("areas", "\(code) is not a group in the registry; give STP/ICB, region, CCG or PCN codes, e.g. QHM"))
        }
        // What the plan is for: fewest changes to today's groups, a redesign from them, or a design
        // from nothing. An older form's `from` alone still works.
        let purpose = form.purpose ?? (form.from == "scratch" ? "scratch" : "fewest-changes")
        guard let choice = PlanView.purposes.first(where: { $0.value == purpose }) else {
            errors.append(("purpose", "Choose what the plan is for"))
            return (name, nil, errors)
        }
        let from = choice.fromCurrent ? "current" : "scratch"
        let base = choice.mode.weights
        func weight(_ field: String, _ text: String?, _ otherwise: Double) -> Double {
            let text = (text ?? "").trimmingCharacters(in: .whitespaces)
            if text.isEmpty { return otherwise }
            guard let value = Double(text), (0...100).contains(value) else {
                errors.append((field, "Enter a weight from 0 to 100 for \(field), or leave it empty"))
                return 0
            }
            return value
        }
        let weights = PlanOptions.Weights(
            compactness: weight("compactness", form.compactness, base.compactness),
            balance: weight("balance", form.balance, base.balance), moves: weight("moves", form.moves, base.moves),
            preference: weight("preference", form.preference, base.preference),
            districts: weight("districts", form.districts, base.districts))
        let seed = UInt64((form.seed ?? "").trimmingCharacters(in: .whitespaces))
        if seed == nil || seed! > 4_294_967_295 {
            errors.append(("seed", "Enter a whole number from 0 to 4,294,967,295 as the seed"))
        }
        let date = Day(iso: form.date ?? "")
        if date == nil { errors.append(("date", "Enter the date of the configuration to plan from, as YYYY-MM-DD")) }
        let locked = ODSCode.codes(in: form.locked ?? "")
        var pins: [String: String] = [:]
        for entry in (form.pins ?? "").split(whereSeparator: { ", \n\r\t;".contains($0) }) where !entry.isEmpty {
            let parts = entry.split(separator: "=", maxSplits: 1).map {
                String($0).trimmingCharacters(in: .whitespaces)
            }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                errors.append(
                    (
                        "pins",
                        "Write each as a practice code, =, and a name for its group, e.g. A81001=NORTH; "
                            + "'\(entry)' is not"
                    ))
                continue
            }
            pins[parts[0].uppercased()] = parts[1]
        }
        var minPatients: Int?
        if let text = form.min?.replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces),
            !text.isEmpty
        {
            minPatients = Int(text)
            if minPatients == nil || !(1...100_000_000).contains(minPatients!) {
                errors.append(
                    (
                        "min",
                        "Enter the smallest group as a whole number of patients up to 100,000,000, or leave it empty"
                    ))
            }
        }
        guard errors.isEmpty, let level, let seed, let date else { return (name, nil, errors) }
        var request = Plans.Request(
            policy: policy, level: level, within: within, areas: areas, fromCurrent: from == "current",
            weights: weights, seed: seed, date: date)
        request.purpose = purpose
        request.minPatients = minPatients
        if !locked.isEmpty { request.locked = locked }
        if !pins.isEmpty { request.pins = pins }
        do { _ = try Plans.options(for: request, library: library) } catch let p as FieldProblem {
            errors.append((p.field, p.message))
        } catch {}
        return (name, errors.isEmpty ? request : nil, errors)
    }
}
