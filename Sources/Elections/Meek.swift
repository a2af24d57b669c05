import Foundation

/// A count by Meek's method (Hill, Wichmann and Woodall, "Algorithm 123 – Single transferable
/// vote by Meek's method", Computer Journal 30, 1987), exactly as Droop.py's `meek` rule counts
/// it with fixed-point arithmetic (9 decimal places, ω = 10⁻⁶), the usual reference form:
///
/// - Every continuing or elected candidate has a keep factor (1 at first). Each ballot passes
///   down its ranking: each candidate keeps weight × keep factor and passes on weight × (1 − keep
///   factor), both rounded down; what is left is the ballot's residual (non-transferable).
/// - Quota = the votes credited to candidates ÷ (seats + 1), rounded down, plus 10⁻⁹; a candidate
///   with at least the quota is elected.
/// - Each round iterates: distribute, recompute the quota, elect; stop when someone is elected,
///   or the total surplus is at most ω, or stops falling, or a batch of sure losers can be
///   defeated (their votes and the surplus together below the next candidate's); otherwise the
///   elected candidates' keep factors become kf × quota ÷ votes, each step rounded up.
/// - With no one elected, the candidates within the surplus of the lowest are effectively tied;
///   the first of them in the tie order (the BLT `[tie]` line, else candidate order) is defeated.
/// - Equal rankings (`a=b`) share the weight equally, as Droop.py does.
struct MeekCount {
    static let places = 9
    static let omegaPlaces = 6
    let e: Election
    var kf: [Fixed]
    var votes: [Fixed]
    var state: [CandidateState]
    var quota: Fixed
    var surplus: Fixed
    var residual: Fixed
    var elected: [Int] = []
    var stages: [CountSheet.Stage] = []
    let one = Fixed.one(MeekCount.places)
    let zero = Fixed.zero(MeekCount.places)

    init(_ e: Election) throws(CountError) {
        self.e = e
        kf = e.candidates.indices.map { e.withdrawn.contains($0) ? .zero(Self.places) : .one(Self.places) }
        votes = Array(repeating: .zero(Self.places), count: e.candidates.count)
        state = e.candidates.indices.map { e.withdrawn.contains($0) ? .withdrawn : .hopeful }
        quota = .zero(Self.places)
        surplus = .zero(Self.places)
        residual = .zero(Self.places)
    }

    var hopeful: [Int] { state.indices.filter { state[$0] == .hopeful } }
    var seatsLeft: Int { e.seats - elected.count }
    var complete: Bool { hopeful.count <= seatsLeft || seatsLeft <= 0 }

    func quotaOf(_ total: Fixed) -> Fixed {
        Fixed.div(total, Fixed(e.seats + 1, places: Self.places), .down) + .epsilon(Self.places)
    }

    mutating func run() throws(CountError) -> CountSheet {
        let total = Fixed(e.paperCount, places: Self.places)
        quota = quotaOf(total)
        // Round 0, for reporting: first places (equal first places share one vote, rounded down).
        for b in e.ballots {
            let top = b.ranking.first { rank in rank.contains { !e.withdrawn.contains($0) } } ?? []
            let live = top.filter { !e.withdrawn.contains($0) }
            guard !live.isEmpty else { continue }
            let share = live.count == 1 ? one : one.dividedDown(by: live.count)
            for c in live { votes[c] += share * b.multiplier }
        }
        residual = total - votes.reduce(zero, +)
        record("First preferences", before: nil, notes: [])
        var round = 0
        while !complete {
            round += 1
            let before = votes
            let (status, batch, newly) = iterate()
            switch status {
            case .elected:
                record(
                    "Round \(round): elected", before: before,
                    notes: newly.map {
                        "\(e.candidates[$0]) has \(votes[$0]), reaching the quota of \(quota): elected."
                    },
                    elected: newly)
            case .batch:
                let list = batch.sorted()
                for c in list {
                    state[c] = .excluded
                    kf[c] = zero
                    votes[c] = zero
                }
                distribute()
                record(
                    "Round \(round): defeat of sure losers", before: before,
                    notes: [
                        list.map { e.candidates[$0] }.joined(separator: ", ")
                            + " cannot be elected: their votes and the surplus (\(surplus)) together are below the "
                            + "next candidate's. Defeated."
                    ], excluded: list)
            case .omega, .stable:
                guard let low = hopeful.map({ votes[$0] }).min() else { break }
                // The surplus can fall below zero in fixed point (equal rankings split a weight
                // that is then rounded down twice): the lowest candidate is always in the tie.
                let tied = hopeful.filter { low + max(surplus, zero) >= votes[$0] }
                guard let c = e.tieOrder.first(where: tied.contains) ?? tied.first else { break }
                var notes = [
                    "\(e.candidates[c]) has the fewest votes (\(votes[c])) "
                        + (status == .omega
                            ? "with the surplus \(surplus) below ω" : "with the surplus \(surplus) stable")
                        + ": defeated."
                ]
                if tied.count > 1 {
                    notes.append(
                        "Candidates within the surplus of the lowest are effectively tied ("
                            + tied.map { e.candidates[$0] }.joined(separator: ", ")
                            + "): the first in the tie order is defeated.")
                }
                state[c] = .excluded
                kf[c] = zero
                votes[c] = zero
                distribute()
                record("Round \(round): defeat", before: before, notes: notes, excluded: [c])
            }
        }
        var last: [Int] = []
        var lost: [Int] = []
        for c in hopeful {
            if elected.count < e.seats {
                state[c] = .elected
                elected.append(c)
                last.append(c)
            } else {
                state[c] = .excluded
                kf[c] = zero
                lost.append(c)
            }
        }
        if !last.isEmpty || !lost.isEmpty { amendLast(elected: last, excluded: lost) }
        return CountSheet(
            method: "Meek STV (Droop.py meek rule: fixed point, 9 places, omega 10^-6)", title: e.title,
            seats: e.seats, ballots: e.paperCount, candidates: e.candidates,
            withdrawn: e.withdrawn.sorted().map { e.candidates[$0] }, quota: quota.description, stages: stages,
            elected: elected.map { e.candidates[$0] })
    }

    enum Status { case elected, omega, stable, batch }

    /// One round's iterations: until a candidate is elected, the surplus is at most ω or stops
    /// falling, or a batch of sure losers appears.
    mutating func iterate() -> (Status, [Int], [Int]) {
        let omega = Fixed.div(one, Fixed(Int(Fixed.scale(Self.omegaPlaces)), places: Self.places), .down)
        var last = Fixed(e.paperCount, places: Self.places)
        while true {
            distribute()
            let credited = state.indices.filter { state[$0] == .hopeful || state[$0] == .elected }
                .reduce(zero) { $0 + votes[$1] }
            quota = quotaOf(credited)
            let newly = hopeful.filter { votes[$0] >= quota }
            for c in newly {
                state[c] = .elected
                elected.append(c)
            }
            surplus = elected.reduce(zero) { $0 + votes[$1] - quota }
            if !newly.isEmpty { return (.elected, [], newly) }
            if surplus <= omega { return (.omega, [], []) }
            if surplus >= last { return (.stable, [], []) }
            let batch = sureLosers()
            if !batch.isEmpty { return (.batch, batch, []) }
            last = surplus
            for c in elected {
                kf[c] = Fixed.div(Fixed.mul(kf[c], quota, .up), votes[c], .up)
            }
        }
    }

    /// Droop.py's safe batch defeat: the largest set of lowest candidates, never splitting a
    /// group tied within the surplus, leaving enough to fill the seats, whose votes with the
    /// surplus are below the next candidate's.
    func sureLosers() -> [Int] {
        let sorted = hopeful.sorted { (votes[$0], $0) < (votes[$1], $1) }
        var groups: [[Int]] = []
        var group: [Int] = []
        var vote = zero
        for c in sorted {
            if vote + surplus >= votes[c] {
                group.append(c)
            } else {
                if !group.isEmpty { groups.append(group) }
                group = [c]
                vote = votes[c]
            }
        }
        if !group.isEmpty { groups.append(group) }
        let maxDefeat = hopeful.count - seatsLeft
        var total = zero
        var count = 0
        var best: Int?
        for g in 0..<max(0, groups.count - 1) {
            count += groups[g].count
            if count > maxDefeat { break }
            total += groups[g].reduce(zero) { $0 + votes[$1] }
            if total + surplus < votes[groups[g + 1][0]] { best = g }
        }
        guard let best else { return [] }
        return groups[0...best].flatMap { $0 }
    }

    /// Every ballot down its ranking, each candidate keeping its share (rounded down).
    mutating func distribute() {
        for c in votes.indices where state[c] == .hopeful || state[c] == .elected { votes[c] = zero }
        var left = zero
        let live = Set(state.indices.filter { state[$0] == .hopeful || state[$0] == .elected })
        for b in e.ballots {
            let m = b.multiplier
            var rest = Fixed(m, places: Self.places)
            if b.hasEqualRankings {
                share(b.ranking, 0, one, m, live, &rest)
            } else {
                var weight = one
                for rank in b.ranking {
                    let c = rank[0]
                    guard !kf[c].isZero else { continue }
                    let keep = Fixed.mul(weight, kf[c], .down)
                    weight = Fixed.mul(weight, one - kf[c], .down)
                    votes[c] += keep * m
                    rest -= keep * m
                    if weight <= zero { break }
                }
            }
            left += rest
        }
        residual = left
    }

    /// Equal rankings: the weight is split equally among a rank's continuing candidates and each
    /// share passes on separately (Droop.py's recursive descent).
    mutating func share(_ ranking: [[Int]], _ i: Int, _ weight: Fixed, _ m: Int, _ live: Set<Int>, _ rest: inout Fixed)
    {
        guard !weight.isZero, i < ranking.count else { return }
        let here = ranking[i].filter(live.contains)
        guard !here.isEmpty else { return }
        let part = weight.dividedDown(by: here.count)
        for c in here {
            let keep = Fixed.mul(part, kf[c], .down)
            let on = Fixed.mul(part, one - kf[c], .down)
            votes[c] += keep * m
            rest -= keep * m
            share(ranking, i + 1, on, m, live, &rest)
        }
    }

    mutating func record(_ action: String, before: [Fixed]?, notes: [String], elected: [Int] = [], excluded: [Int] = [])
    {
        let keepNotes = state.indices.filter { state[$0] == .elected }.map {
            "Keep factor of \(e.candidates[$0]): \(kf[$0])"
        }
        stages.append(
            CountSheet.Stage(
                number: stages.count + 1, action: action, votes: votes.map(\.description),
                transfers: before.map { b in zip(votes, b).map { ($0 - $1).description } } ?? [],
                nonTransferable: (residual - (stages.isEmpty ? zero : previousResidual)).description,
                nonTransferableTotal: residual.description, lossByFractions: zero.description, transferValue: nil,
                quota: quota.description, elected: elected.map { e.candidates[$0] },
                excluded: excluded.map { e.candidates[$0] },
                notes: notes + (before == nil ? [] : ["Surplus \(surplus)."] + keepNotes)))
        previousResidual = residual
    }

    var previousResidual = Fixed.zero(MeekCount.places)

    mutating func amendLast(elected newly: [Int], excluded lost: [Int]) {
        guard let s = stages.popLast() else { return }
        var notes: [String] = []
        if !newly.isEmpty {
            notes.append(
                "The continuing candidates are as many as the seats left: "
                    + newly.map { e.candidates[$0] }.joined(separator: ", ") + " elected.")
        }
        if !lost.isEmpty {
            notes.append(
                "Every seat is filled: " + lost.map { e.candidates[$0] }.joined(separator: ", ") + " not elected.")
        }
        stages.append(
            s.adding(elected: newly.map { e.candidates[$0] }, excluded: lost.map { e.candidates[$0] }, notes: notes))
    }
}
