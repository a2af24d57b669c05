import ConsortCore

/// The writes an import makes, worked out in full before the database is touched.
public struct ImportPlan: Sendable {
    public struct NewPractice: Sendable {
        public let record: PracticeRecord
        public let knownFrom: Day
    }

    public struct MembershipEnd: Sendable, Equatable {
        public let practice: String
        public let kind: GroupKind
        public let on: Day
    }

    public struct MembershipStart: Sendable, Equatable {
        public let practice: String
        public let kind: GroupKind
        public let group: String
        public let from: Day
    }

    public struct ListSizeRow: Sendable, Equatable {
        public let practice: String
        public let on: Day
        public let patients: Int
        public let weighted: Double?
    }

    public struct GroupLink: Sendable, Equatable {
        public let child: String
        public let parent: String?
        public let from: Day
    }

    public var newPractices: [NewPractice] = []
    /// Existing practices whose details changed: the merged record to store.
    public var updatedPractices: [PracticeRecord] = []
    public var closures: [(code: String, on: Day)] = []
    public var reopenings: [(code: String, on: Day)] = []
    /// End the open membership of a kind on a date (memberships that would then end on or before
    /// their start are removed: a same-day correction).
    public var membershipEnds: [MembershipEnd] = []
    public var membershipStarts: [MembershipStart] = []
    public var listSizes: [ListSizeRow] = []
    /// Groups to insert (new) or to update (name and ONS code).
    public var newGroups: [RegistryState.Group] = []
    public var updatedGroups: [RegistryState.Group] = []
    public var reopenedGroups: [String] = []
    public var groupLinks: [GroupLink] = []
    public var groupClosures: [(code: String, on: Day)] = []
    /// The date recorded as the latest complete snapshot after this import, if it moves.
    public var snapshotDate: Day?
    public var report: ChangeReport
}

/// Options of an import.
public struct ImportOptions: Sendable {
    /// The file covers only some practices: practices missing from it have not closed.
    public var partial = false
    /// A list-size change of at least this share is reported as large.
    public var largeChangePercent = 10.0
    /// … and of at least this many patients.
    public var largeChangeMinimum = 100
    /// The date of a file that carries none (epraccur): the publication date given with
    /// `--date`, or today.
    public var today: Day

    public init(partial: Bool = false, largeChangePercent: Double = 10, largeChangeMinimum: Int = 100, today: Day) {
        self.partial = partial
        self.largeChangePercent = largeChangePercent
        self.largeChangeMinimum = largeChangeMinimum
        self.today = today
    }
}

/// Compares a snapshot with the registry and works out what to write, following these rules:
///
/// - A complete snapshot (project layout, totals or map file) describes the registry at its date.
///   Practices in it and not in the registry open on that date; open practices missing from it
///   close on that date; a practice whose group of a kind differs moves on that date (the old
///   membership ends, a new one starts), so that history is kept.
/// - Snapshots are applied in date order. One older than the latest complete snapshot may only
///   add list-size history (totals file); the same date may be imported again as a correction.
/// - The totals and epraccur files do not name groups: a consortium code the registry does not
///   know is refused ("unknown group"). STP/ICB and region follow the consortium's parents.
/// - epraccur carries its own dates: ODS close dates close practices, join dates date moves
///   between consortia, and active practices new to the registry open on their ODS open date.
public enum ImportPlanner {
    public static func plan(_ snapshot: Snapshot, against state: RegistryState, options: ImportOptions)
        throws(ImportFailure) -> ImportPlan
    {
        var planner = Run(snapshot: snapshot, state: state, options: options)
        try planner.run()
        return planner.plan
    }

    private struct Run {
        let snapshot: Snapshot
        var state: RegistryState
        let options: ImportOptions
        var plan: ImportPlan
        var log = IssueLog()
        let file: String

        init(snapshot: Snapshot, state: RegistryState, options: ImportOptions) {
            self.snapshot = snapshot
            self.state = state
            self.options = options
            self.file = snapshot.files.count == 1 ? snapshot.files[0] : "practices.csv"
            self.plan = ImportPlan(
                report: ChangeReport(
                    format: snapshot.format, files: snapshot.files,
                    date: snapshot.date, practicesInFile: snapshot.practices.count))
        }

        mutating func run() throws(ImportFailure) {
            let complete = snapshot.isComplete && !options.partial
            if let date = snapshot.date, let latest = state.latestSnapshot, date < latest {
                guard snapshot.format == .totals else {
                    throw ImportFailure(
                        ImportIssue(
                            file: file, line: 0, column: nil,
                            reason:
                                "describes \(date.long), earlier than the registry's latest snapshot (\(latest.long)). "
                                + "Snapshots that change memberships must be imported in date order; to rebuild "
                                + "history, import them oldest first into an empty database"
                        ))
                }
                recordOlderListSizes(date: date, latest: latest)
                return
            }
            let date = snapshot.date ?? options.today
            applyGroups(date: date)
            checkUnknownGroups()
            try log.check()

            var seen = Set<String>()
            for record in snapshot.practices {
                seen.insert(record.code)
                applyPractice(record, date: date)
            }
            try log.check()
            if complete, let day = snapshot.date {
                try closeMissing(seen: seen, date: day)
                closeEmptyGroups(date: day)
            }
            if let day = snapshot.date, snapshot.isComplete, day >= (state.latestSnapshot ?? day) {
                plan.snapshotDate = day
            }
            if options.partial {
                plan.report.notes.append("imported as partial: practices missing from the file were left open")
            }
            if skippedClosed > 0 {
                plan.report.notes.append(
                    "\(skippedClosed.formatted()) closed or proposed practices not in the registry were left out")
            }
            for (reason, count) in snapshot.skipped.sorted(by: { $0.key < $1.key }) {
                plan.report.notes.append("\(count.formatted()) rows skipped: \(reason)")
            }
        }

        // MARK: Groups

        mutating func applyGroups(date: Day) {
            for group in snapshot.groups {
                if var existing = state.groups[group.code] {
                    var changed = false
                    if let name = group.name, name != existing.name {
                        plan.report.groupsRenamed.append(
                            .init(kind: existing.kind, code: existing.code, name: name, previousName: existing.name))
                        existing.name = name
                        changed = true
                    }
                    if let ons = group.onsCode, ons != existing.onsCode {
                        existing.onsCode = ons
                        changed = true
                    }
                    if existing.validTo != nil {
                        existing.validTo = nil
                        plan.reopenedGroups.append(existing.code)
                    }
                    if changed { plan.updatedGroups.append(existing) }
                    if let parent = group.parent, parent != existing.parent {
                        plan.groupLinks.append(.init(child: group.code, parent: parent, from: date))
                        existing.parent = parent
                    }
                    state.groups[group.code] = existing
                } else {
                    let new = RegistryState.Group(
                        kind: group.kind, code: group.code, name: group.name ?? group.code,
                        onsCode: group.onsCode, parent: group.parent, validFrom: date)
                    plan.newGroups.append(new)
                    if let parent = group.parent {
                        plan.groupLinks.append(.init(child: group.code, parent: parent, from: date))
                    }
                    plan.report.groupsCreated.append(
                        .init(kind: new.kind, code: new.code, name: new.name, previousName: nil))
                    state.groups[group.code] = new
                }
            }
        }

        mutating func checkUnknownGroups() {
            for record in snapshot.practices {
                for claim in record.memberships {
                    guard let code = claim.code else { continue }
                    guard let group = state.groups[code] else {
                        log.add(
                            file, record.line, claim.column,
                            "'\(code)' is not a \(claim.kind.singular.lowercased()) the registry knows (unknown "
                                + "group); import the map file that names it first, or correct the code"
                        )
                        continue
                    }
                    if group.kind != claim.kind {
                        log.add(
                            file, record.line, claim.column,
                            "'\(code)' is a \(group.kind.singular.lowercased()) in the registry, not a "
                                + "\(claim.kind.singular.lowercased())"
                        )
                    }
                }
            }
        }

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
                    plan.report.detailsUpdated += 1
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

        var skippedClosed = 0

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

        mutating func recordOlderListSizes(date: Day, latest: Day) {
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
            plan.report.notes.append(
                "the file describes \(date.long), before the latest snapshot (\(latest.long)): only list sizes were "
                    + "recorded, as history; memberships, openings and closures were left as they are"
            )
            if unknown > 0 {
                plan.report.notes.append(
                    "\(unknown.formatted()) practices in the file are not in the registry and were left out")
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
}
