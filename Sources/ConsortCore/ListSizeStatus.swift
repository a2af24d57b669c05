/// How complete and how current the list sizes of some practices are, for figures that sum
/// them: every such figure says the date of its sizes, and warns when some are missing or older
/// than the memberships they are summed over.
public struct ListSizeStatus: Sendable, Codable, Equatable {
    /// The date of the memberships: sizes older than this are stale.
    public let membershipsOn: Day
    /// The newest and oldest dates of the list sizes; nil when there are none.
    public let newest: Day?
    public let oldest: Day?
    public let practices: Int
    /// Practices with no list size in the data.
    public let missing: Int
    /// Practices whose list size is older than the memberships, and their patients then.
    public let stale: Int
    public let stalePatients: Int

    public init(
        membershipsOn: Day, newest: Day?, oldest: Day?, practices: Int, missing: Int, stale: Int, stalePatients: Int
    ) {
        self.membershipsOn = membershipsOn
        self.newest = newest
        self.oldest = oldest
        self.practices = practices
        self.missing = missing
        self.stale = stale
        self.stalePatients = stalePatients
    }

    /// Whether every practice has a list size of the memberships' date.
    public var isCurrent: Bool { missing == 0 && stale == 0 }

    /// "(list sizes as at 1 January 2022)", for figures' captions.
    public var asAt: String {
        guard let newest, let oldest else { return "(no list sizes in the data)" }
        return oldest == newest
            ? "(list sizes as at \(newest.long))" : "(list sizes as at \(oldest.long) to \(newest.long))"
    }

    /// What a reader must know about the sizes, in sentences; empty when they are current.
    public var warnings: [String] {
        var out: [String] = []
        if stale > 0, let oldest {
            out.append(
                "\(grouped(stale)) of \(grouped(practices)) practices have list sizes older than the memberships "
                    + "of \(membershipsOn.long): as at \(oldest.long) at the oldest (\(grouped(stalePatients)) "
                    + "patients then).")
        }
        if missing > 0 {
            out.append("\(grouped(missing)) of \(grouped(practices)) practices have no list size in the data.")
        }
        return out
    }
}

extension Configuration {
    /// The list sizes of some practices (all by default).
    public func sizeStatus(of members: [Int]? = nil) -> ListSizeStatus {
        let chosen = members ?? Array(practices.indices)
        var newest: Day?
        var oldest: Day?
        var missing = 0
        var stale = 0
        var stalePatients = 0
        for p in chosen {
            guard let on = practices[p].listSizeOn else {
                missing += 1
                continue
            }
            newest = max(newest ?? on, on)
            oldest = min(oldest ?? on, on)
            if on < membershipsOn {
                stale += 1
                stalePatients += practices[p].listSize
            }
        }
        return ListSizeStatus(
            membershipsOn: membershipsOn, newest: newest, oldest: oldest, practices: chosen.count, missing: missing,
            stale: stale, stalePatients: stalePatients)
    }
}
