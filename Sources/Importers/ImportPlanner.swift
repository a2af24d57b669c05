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

    public struct GroupSize: Sendable, Equatable {
        public let group: String
        public let on: Day
        public let patients: Int
        public let source: String
    }

    /// A name a practice or group carried until `validTo`, when the registry learnt a new one.
    public struct FormerName: Sendable, Equatable {
        public let code: String
        public let name: String
        public let validTo: Day
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
    /// Published group totals to record (replacing any of the same group and date).
    public var groupSizes: [GroupSize] = []
    public var formerNames: [FormerName] = []
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

    struct Run {
        /// Practices in the file that are closed or proposed and not in the registry: left out.
        var skippedClosed = 0
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
            if snapshot.format.carriesOnlySizes {
                guard let date = snapshot.date else { return }
                recordSizesOnly(date: date, latest: state.latestSnapshot)
                return
            }
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
                recordSizesOnly(date: date, latest: latest)
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
                        if name.lowercased() == existing.name.lowercased() {
                            plan.report.caseOnlyRenames = (plan.report.caseOnlyRenames ?? 0) + 1
                        } else {
                            plan.report.groupsRenamed.append(
                                .init(
                                    kind: existing.kind, code: existing.code, name: name, previousName: existing.name))
                            plan.formerNames.append(.init(code: group.code, name: existing.name, validTo: date))
                        }
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
                if let patients = group.patients, let day = snapshot.date {
                    recordGroupSize(group.code, on: day, patients: patients, kind: group.kind)
                }
            }
        }

        /// Records a group's published total, unless the registry holds the same figure.
        mutating func recordGroupSize(_ code: String, on day: Day, patients: Int, kind: GroupKind) {
            guard state.groupSizes[code]?[day] != patients else { return }
            plan.groupSizes.append(.init(group: code, on: day, patients: patients, source: snapshot.source(of: kind)))
            state.groupSizes[code, default: [:]][day] = patients
            plan.report.groupTotalsRecorded = (plan.report.groupTotalsRecorded ?? 0) + 1
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

    }
}
