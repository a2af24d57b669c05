import ConsortCore

extension ImportPlanner.Run {
    // MARK: Practices

    mutating func applyPractice(_ record: PracticeRecord, date: Day) {
        let existing = state.practices[record.code]
        let name = record.name ?? existing?.record.name ?? record.code
        if let existing {
            if let closedOn = existing.closedOn, snapshot.format != .epraccur || record.closedOn == nil {
                let on =
                    snapshot.format == .epraccur
                    ? (record.openedOn.map { max($0, closedOn) } ?? options.today) : date
                if on >= closedOn {
                    plan.reopenings.append((record.code, on))
                    plan.report.reopened.append(.init(code: record.code, name: name, on: on))
                    state.practices[record.code]?.closedOn = nil
                }
            }
            let merged = merge(existing.record, record)
            if merged != existing.record {
                plan.updatedPractices.append(merged)
                countChanges(from: existing.record, to: merged, date: date)
                state.practices[record.code]?.record = merged
            }
            if snapshot.format == .epraccur, let closedOn = record.closedOn, existing.closedOn == nil {
                if closedOn > existing.knownFrom {
                    close(record.code, name: name, on: closedOn)
                } else {
                    plan.report.notes.append(
                        "\(record.code) \(name): ODS close date \(closedOn.iso) is not after the first date the "
                            + "registry holds it (\(existing.knownFrom.iso)); not closed"
                    )
                }
                return
            }
        } else {
            if snapshot.format == .epraccur {
                guard record.closedOn == nil, record.odsStatus != "proposed" else {
                    skippedClosed += 1
                    return
                }
            }
            // A practice new to the registry in an ODS file was not open at the latest complete
            // snapshot (or it would be listed there), so it opens after it.
            var knownFrom = date
            if snapshot.format == .epraccur {
                knownFrom = record.openedOn ?? options.today
                if let latest = state.latestSnapshot, knownFrom <= latest { knownFrom = options.today }
            }
            plan.newPractices.append(.init(record: record, knownFrom: knownFrom))
            plan.report.opened.append(.init(code: record.code, name: name, on: knownFrom))
            state.practices[record.code] = .init(record: record, knownFrom: knownFrom)
        }

        if let patients = record.listSize, let day = snapshot.date {
            recordListSize(
                code: record.code, name: name, on: day, patients: patients, weighted: record.weightedListSize)
        }
        applyMemberships(record, name: name, date: date)
    }

    mutating func recordListSize(code: String, name: String, on day: Day, patients: Int, weighted: Double?) {
        let history = state.listSizes[code] ?? []
        // Re-importing a date's figures is a correction: only a different figure is written.
        if let same = history.last(where: { $0.on == day }), same.patients == patients,
            weighted == nil || weighted == same.weighted
        {
            return
        }
        plan.listSizes.append(.init(practice: code, on: day, patients: patients, weighted: weighted))
        plan.report.listSizesRecorded += 1
        if let before = state.listSize(of: code, before: day) {
            let change = abs(patients - before.patients)
            let percent = before.patients == 0 ? 100 : Double(change) / Double(before.patients) * 100
            if change >= options.largeChangeMinimum && percent >= options.largeChangePercent {
                plan.report.listSizeChanges.append(
                    .init(
                        code: code, name: name, before: before.patients,
                        beforeOn: before.on, after: patients, on: day))
            }
        }
    }

    mutating func applyMemberships(_ record: PracticeRecord, name: String, date: Day) {
        var claims = record.memberships
        // Files that give only the consortium imply its STP/ICB and region.
        if let consortium = claims.first(where: { $0.kind == .consortium }), let code = consortium.code {
            let icb = state.groups[code]?.parent
            if !claims.contains(where: { $0.kind == .icb }), let icb {
                claims.append(
                    MembershipClaim(kind: .icb, code: icb, from: consortium.from, column: consortium.column))
            }
            if !claims.contains(where: { $0.kind == .region }), let icb, let region = state.groups[icb]?.parent {
                claims.append(
                    MembershipClaim(kind: .region, code: region, from: consortium.from, column: consortium.column))
            }
        }
        for claim in claims {
            let current = state.memberships[record.code]?[claim.kind]
            guard current?.group != claim.code else { continue }
            var on = claim.from ?? date
            if let current, on < current.from {
                // The ODS join date is earlier than what the registry recorded: the registry's
                // own history stands, and the move is dated at the file's date.
                guard snapshot.format == .epraccur else { continue }
                on = max(options.today, current.from)
            }
            if let knownFrom = state.practices[record.code]?.knownFrom, on < knownFrom { on = knownFrom }
            if current != nil {
                plan.membershipEnds.append(.init(practice: record.code, kind: claim.kind, on: on))
                state.memberships[record.code]?[claim.kind] = nil
            }
            if let code = claim.code {
                plan.membershipStarts.append(.init(practice: record.code, kind: claim.kind, group: code, from: on))
                state.memberships[record.code, default: [:]][claim.kind] = .init(group: code, from: on)
            }
            let isNew = plan.newPractices.last?.record.code == record.code
            if !isNew {
                plan.report.moved.append(
                    .init(
                        code: record.code, name: name, kind: claim.kind,
                        from: current?.group, fromName: current.flatMap { state.groups[$0.group]?.name },
                        to: claim.code, toName: claim.code.flatMap { state.groups[$0]?.name }, on: on))
            }
        }
    }

    mutating func close(_ code: String, name: String, on day: Day) {
        plan.closures.append((code, day))
        plan.report.closed.append(.init(code: code, name: name, on: day))
        state.practices[code]?.closedOn = day
        state.memberships[code] = nil
    }

    mutating func closeMissing(seen: Set<String>, date: Day) throws(ImportFailure) {
        let open = state.practices.values.filter { $0.isOpen(at: date) && $0.closedOn == nil }
        let missing = open.filter { !seen.contains($0.record.code) }.sorted { $0.record.code < $1.record.code }
        if missing.count > 20, missing.count * 10 > open.count {
            throw ImportFailure(
                ImportIssue(
                    file: file, line: 0, column: nil,
                    reason:
                        "lists \(snapshot.practices.count.formatted()) practices, so \(missing.count.formatted()) "
                        + "of the \(open.count.formatted()) open practices would be closed. If the file is an "
                        + "extract of part of the country, import it with --partial; if it is a whole "
                        + "month's file, it has been cut short"
                ))
        }
        for practice in missing {
            close(practice.record.code, name: practice.record.name ?? practice.record.code, on: date)
        }
    }

    mutating func closeEmptyGroups(date: Day) {
        var counts: [String: Int] = [:]
        for (_, kinds) in state.memberships {
            for (_, membership) in kinds { counts[membership.group, default: 0] += 1 }
        }
        for group in state.groups.values.sorted(by: { $0.code < $1.code })
        where snapshot.kinds.contains(group.kind) && group.validTo == nil && counts[group.code] == nil
            && group.kind.isNHSDefined
        {
            plan.groupClosures.append((group.code, date))
            plan.report.groupsClosed.append(
                .init(kind: group.kind, code: group.code, name: group.name, previousName: nil))
        }
    }

    /// Reports a practice's changed details as a person would count them: a new name (a change
    /// of letter case only is counted apart, and not kept as a former name), and other details,
    /// where a change of the coordinate source's text alone is counted apart.
    mutating func countChanges(from old: PracticeRecord, to new: PracticeRecord, date: Day) {
        var rest = new
        if let name = new.name, let previous = old.name, name != previous {
            if name.lowercased() == previous.lowercased() {
                plan.report.caseOnlyRenames = (plan.report.caseOnlyRenames ?? 0) + 1
            } else {
                plan.report.practicesRenamed =
                    (plan.report.practicesRenamed ?? []) + [
                        .init(code: new.code, name: name, previousName: previous)
                    ]
                plan.formerNames.append(.init(code: new.code, name: previous, validTo: date))
            }
            rest.name = old.name
        }
        guard rest != old else { return }
        rest.coordSource = old.coordSource
        if rest == old {
            plan.report.coordinateSourceOnly = (plan.report.coordinateSourceOnly ?? 0) + 1
        } else {
            plan.report.detailsUpdated += 1
        }
    }

    /// A file of list sizes and group totals only (an age-band file, or a totals file older than
    /// the latest snapshot): records them for the practices and groups the registry knows, as
    /// history, and changes nothing else.
    mutating func recordSizesOnly(date: Day, latest: Day?) {
        var unknown = 0
        for record in snapshot.practices {
            guard let patients = record.listSize else { continue }
            guard let practice = state.practices[record.code] else {
                unknown += 1
                continue
            }
            recordListSize(
                code: record.code, name: practice.record.name ?? record.code, on: date, patients: patients,
                weighted: nil)
        }
        var unknownGroups = 0
        for group in snapshot.groups {
            guard let patients = group.patients else { continue }
            guard let known = state.groups[group.code], known.kind == group.kind else {
                unknownGroups += 1
                continue
            }
            recordGroupSize(group.code, on: date, patients: patients, kind: group.kind)
        }
        if let latest, date < latest {
            plan.report.notes.append(
                "the file describes \(date.long), before the latest snapshot (\(latest.long)): only list sizes "
                    + "and group totals were recorded, as history; memberships, openings and closures were left as "
                    + "they are"
            )
        }
        if unknown > 0 {
            plan.report.notes.append(
                "\(unknown.formatted()) practices in the file are not in the registry and were left out")
        }
        if unknownGroups > 0 {
            plan.report.notes.append(
                "\(unknownGroups.formatted()) group totals are for groups the registry does not know (import the "
                    + "map file of the same month first) and were left out")
        }
    }

    func merge(_ old: PracticeRecord, _ new: PracticeRecord) -> PracticeRecord {
        var m = old
        m.memberships = []
        m.listSize = nil
        m.weightedListSize = nil
        if let v = new.name { m.name = v }
        if let v = new.postcode { m.postcode = v }
        if let v = new.latitude { m.latitude = v }
        if let v = new.longitude { m.longitude = v }
        if let v = new.easting { m.easting = v }
        if let v = new.northing { m.northing = v }
        if let v = new.coordSource { m.coordSource = v }
        if let v = new.imdScore { m.imdScore = v }
        if let v = new.imdDecile { m.imdDecile = v }
        if let v = new.rurality { m.rurality = v }
        if let v = new.contractType { m.contractType = v }
        if let v = new.dispensing { m.dispensing = v }
        if let v = new.address { m.address = v }
        if let v = new.phone { m.phone = v }
        if let v = new.openedOn { m.openedOn = v }
        if let v = new.closedOn { m.closedOn = v }
        if let v = new.odsStatus { m.odsStatus = v }
        return m
    }
}
