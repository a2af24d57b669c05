import Foundation

/// A count by the Scottish Local Government Elections Order 2007 (SSI 2007/42), schedule 1,
/// rules 45–52, with the arithmetic the rules prescribe:
///
/// - 45–46: first preferences; quota = ⌊valid papers ÷ (seats + 1)⌋ + 1.
/// - 47: a candidate whose votes equal or exceed the quota at any stage is elected.
/// - 48: a surplus is transferred by sorting all the candidate's papers by next available
///   preference; each paper's transfer value = surplus × its value when received ÷ the
///   candidate's total votes, "calculated to five decimal places (any remainder being
///   ignored)"; papers with no further preference are non-transferable. The candidate keeps the
///   quota.
/// - 49: the largest surplus first; equal surpluses: the candidate with more votes at the most
///   recent preceding stage at which they differed; equal at every stage: by lot.
/// - 50–51: with no surplus to transfer, the candidate with fewest votes is excluded and all
///   their papers pass on at their current value; ties as rule 49, the fewest votes at the most
///   recent stage at which they differed, else by lot.
/// - 52: when the continuing candidates are as many as the vacancies left, they are elected and
///   no further transfer is made.
///
/// "By lot" is the election's tie order (the BLT `[tie]` line, else candidate order), so that a
/// count can be repeated; the count sheet says where it was used. Equal rankings cannot be
/// counted under these rules and are refused. Ties are looked back on as Droop.py's `scotland`
/// rule does (the earliest preceding stage at which exactly one of the tied candidates is
/// highest, or lowest).
struct ScottishCount {
    static let places = 5
    let e: Election
    var votes: [Fixed]
    var state: [CandidateState]
    var parcels: [Parcel]
    var history: [[Fixed]] = []
    var stages: [CountSheet.Stage] = []
    var elected: [Int] = []
    var pending: [Int] = []
    var nonTransferableTotal: Fixed
    let quota: Fixed

    struct Parcel {
        let ballot: Int
        var weight: Fixed
        /// The index in the ballot's ranking of the candidate now holding it (nil: exhausted).
        var at: Int?
    }

    init(_ e: Election) throws(CountError) {
        if let b = e.ballots.first(where: \.hasEqualRankings) {
            throw CountError(
                "the ballot on line \(b.line) ranks candidates equally (a=b); the Scottish rules cannot count "
                    + "equal rankings: count with --method meek or correct the ballot")
        }
        self.e = e
        let zero = Fixed.zero(Self.places)
        votes = Array(repeating: zero, count: e.candidates.count)
        state = e.candidates.indices.map { e.withdrawn.contains($0) ? .withdrawn : .hopeful }
        parcels = e.ballots.indices.map { Parcel(ballot: $0, weight: .one(Self.places), at: nil) }
        nonTransferableTotal = zero
        quota = Fixed(e.paperCount / (e.seats + 1) + 1, places: Self.places)
    }

    var hopeful: [Int] { state.indices.filter { state[$0] == .hopeful } }
    var seatsLeft: Int { e.seats - elected.count }
    var complete: Bool { seatsLeft <= 0 || hopeful.count <= seatsLeft }

    /// The next continuing candidate on a ballot after position `from` (exclusive), if any.
    func next(_ ballot: Int, after from: Int?) -> Int? {
        let ranking = e.ballots[ballot].ranking
        var i = (from ?? -1) + 1
        while i < ranking.count {
            if state[ranking[i][0]] == .hopeful { return i }
            i += 1
        }
        return nil
    }

    func holder(_ p: Parcel) -> Int? { p.at.map { e.ballots[p.ballot].ranking[$0][0] } }

    mutating func run() throws(CountError) -> CountSheet {
        let zero = Fixed.zero(Self.places)
        var lost = zero
        for i in parcels.indices {
            parcels[i].at = next(parcels[i].ballot, after: nil)
            let value = parcels[i].weight * e.ballots[parcels[i].ballot].multiplier
            if let c = holder(parcels[i]) { votes[c] += value } else { lost += value }
        }
        nonTransferableTotal = lost
        record("First preferences", before: nil, nonTransferable: lost, loss: zero, value: nil, notes: [])
        while true {
            electWithQuota()
            if complete { break }
            let before = votes
            if !pending.isEmpty {
                let high = pending.map { votes[$0] }.max() ?? zero
                let (c, note) = breakTie(pending.filter { votes[$0] == high }, highest: true, why: "largest surplus")
                pending.removeAll { $0 == c }
                let (ntv, loss, tv) = transferSurplus(c)
                record(
                    "Surplus of \(e.candidates[c])", before: before, nonTransferable: ntv, loss: loss, value: tv,
                    notes: [note].compactMap { $0 })
                continue
            }
            let hope = hopeful
            guard let low = hope.map({ votes[$0] }).min() else { break }
            let (c, note) = breakTie(hope.filter { votes[$0] == low }, highest: false, why: "fewest votes")
            state[c] = .excluded
            // Rule 52(2): once the last vacancies can be filled, no further transfer is made.
            let last = complete
            let ntv = last ? zero : transferAll(c)
            record(
                "Exclusion of \(e.candidates[c])", before: before, nonTransferable: ntv, loss: zero, value: nil,
                notes: ["\(e.candidates[c]) has the fewest votes (\(low)) and is excluded (rule 50)."]
                    + [note].compactMap { $0 }
                    + (last ? ["The last vacancies can now be filled: no further transfer is made (rule 52(2))."] : []),
                excluded: [c])
            if complete { break }
        }
        if seatsLeft > 0 { electWithQuota() }
        var notes: [String] = []
        var last: [Int] = []
        if seatsLeft > 0, hopeful.count <= seatsLeft {
            for c in ordered(hopeful) {
                state[c] = .elected
                elected.append(c)
                last.append(c)
            }
            if !last.isEmpty {
                notes.append(
                    "The continuing candidates are as many as the vacancies left: "
                        + last.map { e.candidates[$0] }.joined(separator: ", ") + " elected (rule 52).")
            }
        }
        amendLastStage(elected: last, notes: notes)
        return CountSheet(
            method: "Scottish STV (SSI 2007/42, schedule 1, rules 45–52)", title: e.title, seats: e.seats,
            ballots: e.paperCount, candidates: e.candidates,
            withdrawn: e.withdrawn.sorted().map { e.candidates[$0] }, quota: quota.description, stages: stages,
            elected: elected.map { e.candidates[$0] })
    }

    /// Candidates in order of votes, most first, then tie order.
    func ordered(_ list: [Int]) -> [Int] {
        let rank = Dictionary(uniqueKeysWithValues: e.tieOrder.enumerated().map { ($1, $0) })
        return list.sorted { (votes[$0], -(rank[$0] ?? 0)) > (votes[$1], -(rank[$1] ?? 0)) }
    }

    /// Rule 47: every continuing candidate with the quota is elected, at the stage just recorded.
    mutating func electWithQuota() {
        let reached = ordered(hopeful.filter { votes[$0] >= quota })
        guard !reached.isEmpty else { return }
        var notes: [String] = []
        for c in reached {
            state[c] = .elected
            elected.append(c)
            if votes[c] > quota { pending.append(c) }
            notes.append("\(e.candidates[c]) has \(votes[c]), reaching the quota of \(quota): elected (rule 47).")
        }
        amendLastStage(elected: reached, notes: notes)
    }

    /// Rule 48: each of the candidate's papers passes on at surplus × its value ÷ the candidate's
    /// votes, to five places, remainder ignored. Returns the non-transferable votes, the loss by
    /// fractions and the transfer value of a paper of value 1.
    mutating func transferSurplus(_ c: Int) -> (Fixed, Fixed, Fixed) {
        let total = votes[c]
        let surplus = total - quota
        var moved = Fixed.zero(Self.places)
        var ntv = Fixed.zero(Self.places)
        for i in parcels.indices where holder(parcels[i]) == c {
            let m = e.ballots[parcels[i].ballot].multiplier
            parcels[i].weight = Fixed.muldiv(parcels[i].weight, surplus, total, .down)
            parcels[i].at = next(parcels[i].ballot, after: parcels[i].at)
            let value = parcels[i].weight * m
            if let to = holder(parcels[i]) {
                votes[to] += value
                moved += value
            } else {
                ntv += value
            }
        }
        votes[c] = quota
        nonTransferableTotal += ntv
        return (ntv, surplus - moved - ntv, Fixed.muldiv(.one(Self.places), surplus, total, .down))
    }

    /// Rule 50: every paper of an excluded candidate passes on at its current value.
    mutating func transferAll(_ c: Int) -> Fixed {
        var ntv = Fixed.zero(Self.places)
        for i in parcels.indices where holder(parcels[i]) == c {
            parcels[i].at = next(parcels[i].ballot, after: parcels[i].at)
            let value = parcels[i].weight * e.ballots[parcels[i].ballot].multiplier
            if let to = holder(parcels[i]) { votes[to] += value } else { ntv += value }
        }
        votes[c] = .zero(Self.places)
        nonTransferableTotal += ntv
        return ntv
    }

    /// Rules 49(2)–(3) and 51(2): the most recent earlier stage at which exactly one of the tied
    /// candidates had the most (or fewest) votes decides; else the tie order ("by lot").
    func breakTie(_ tied: [Int], highest: Bool, why: String) -> (Int, String?) {
        guard tied.count > 1 else { return (tied[0], nil) }
        let names = tied.map { e.candidates[$0] }.joined(separator: ", ")
        var list = tied
        for s in stride(from: history.count - 1, through: 0, by: -1) {
            let values = tied.map { history[s][$0] }
            guard let extreme = highest ? values.max() : values.min() else { break }
            list = tied.filter { history[s][$0] == extreme }
            if list.count == 1 {
                return (
                    list[0],
                    "Tie (\(why)) between \(names) broken by the votes at stage \(s + 1): \(e.candidates[list[0]])."
                )
            }
        }
        let c = e.tieOrder.first(where: list.contains) ?? list[0]
        return (
            c, "Tie (\(why)) between \(names), equal at every stage, broken by lot (the tie order): \(e.candidates[c])."
        )
    }

    mutating func record(
        _ action: String, before: [Fixed]?, nonTransferable: Fixed, loss: Fixed, value: Fixed?, notes: [String],
        excluded: [Int] = []
    ) {
        history.append(votes)
        stages.append(
            CountSheet.Stage(
                number: stages.count + 1, action: action, votes: votes.map(\.description),
                transfers: before.map { b in zip(votes, b).map { ($0 - $1).description } } ?? [],
                nonTransferable: nonTransferable.description, nonTransferableTotal: nonTransferableTotal.description,
                lossByFractions: loss.description, transferValue: value?.description, quota: quota.description,
                elected: [], excluded: excluded.map { e.candidates[$0] }, notes: notes))
    }

    mutating func amendLastStage(elected newly: [Int], notes: [String]) {
        guard let s = stages.popLast() else { return }
        stages.append(s.adding(elected: newly.map { e.candidates[$0] }, notes: notes))
    }
}
