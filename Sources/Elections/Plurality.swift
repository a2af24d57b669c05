import Foundation

/// Counts that need no transfers: first past the post (each ballot's first preference is its one
/// vote; the most votes win the seats) and approval (each ballot approves every candidate it
/// ranks; the most approvals win). Ties for the last seat are decided by lot, which is the
/// election's tie order, and the sheet says so.
struct PluralityCount {
    let e: Election
    let approval: Bool

    func run() -> CountSheet {
        var votes = Array(repeating: 0, count: e.candidates.count)
        var blank = 0
        for b in e.ballots {
            let ranked = b.ranking.flatMap { $0 }.filter { !e.withdrawn.contains($0) }
            if approval {
                for c in ranked { votes[c] += b.multiplier }
                if ranked.isEmpty { blank += b.multiplier }
            } else if let first = b.ranking.first(where: { rank in rank.contains { !e.withdrawn.contains($0) } }) {
                let live = first.filter { !e.withdrawn.contains($0) }
                // An equal first preference is no single vote: the ballot is void for this count.
                if live.count == 1 { votes[live[0]] += b.multiplier } else { blank += b.multiplier }
            } else {
                blank += b.multiplier
            }
        }
        let rank = Dictionary(uniqueKeysWithValues: e.tieOrder.enumerated().map { ($1, $0) })
        let order = e.candidates.indices.filter { !e.withdrawn.contains($0) }
            .sorted { (votes[$0], -(rank[$0] ?? 0)) > (votes[$1], -(rank[$1] ?? 0)) }
        let elected = Array(order.prefix(e.seats))
        var notes = elected.map { "\(e.candidates[$0]): \(votes[$0]) \(approval ? "approvals" : "votes"), elected." }
        if let last = elected.last, order.count > e.seats, votes[order[e.seats]] == votes[last] {
            let tied = order.filter { votes[$0] == votes[last] }
            notes.append(
                "Tie for the last seat between " + tied.map { e.candidates[$0] }.joined(separator: ", ")
                    + ", broken by lot (the tie order): \(e.candidates[last]).")
        }
        let stage = CountSheet.Stage(
            number: 1, action: approval ? "Approvals" : "First preferences", votes: votes.map(String.init),
            transfers: [], nonTransferable: String(blank), nonTransferableTotal: String(blank), lossByFractions: "0",
            transferValue: nil, quota: "–", elected: elected.map { e.candidates[$0] },
            excluded: order.dropFirst(e.seats).map { e.candidates[$0] }, notes: notes)
        return CountSheet(
            method: approval
                ? "Approval voting: every ranked candidate approved, the most approvals elected"
                : "First past the post: each ballot's first preference, the most votes elected",
            title: e.title, seats: e.seats, ballots: e.paperCount, candidates: e.candidates,
            withdrawn: e.withdrawn.sorted().map { e.candidates[$0] }, quota: "–", stages: [stage],
            elected: elected.map { e.candidates[$0] })
    }
}
