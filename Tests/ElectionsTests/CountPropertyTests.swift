import Elections
import Foundation
import Testing

/// A seeded generator (SplitMix64), so that a failing election can be made again from its seed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Counts of generated elections, small enough to hit the corners: few candidates, few papers,
/// equal rankings, withdrawals, tied votes, papers that rank no one who stands.
@Suite("Elections: properties of every count method on generated elections")
struct CountPropertyTests {
    static func election(seed: UInt64) -> Election {
        var random = SeededRandom(seed: seed)
        let n = Int.random(in: 2...7, using: &random)
        var withdrawn = Set<Int>()
        if n > 2, Bool.random(using: &random) { withdrawn.insert(Int.random(in: 0..<n, using: &random)) }
        let seats = Int.random(in: 1...(n - withdrawn.count), using: &random)
        let ballots = (0..<Int.random(in: 0...25, using: &random)).map { _ in
            var order = Array(0..<n).shuffled(using: &random)
            order.removeLast(Int.random(in: 0..<n, using: &random))
            // Join neighbours into equal rankings now and then.
            var ranking: [[Int]] = []
            for c in order {
                if let last = ranking.indices.last, Int.random(in: 0..<4, using: &random) == 0 {
                    ranking[last].append(c)
                } else {
                    ranking.append([c])
                }
            }
            return Election.Ballot(multiplier: Int.random(in: 1...3, using: &random), ranking: ranking)
        }.filter { !$0.ranking.isEmpty }
        return Election(
            title: "Generated \(seed)", seats: seats, candidates: (0..<n).map { "C\($0)" }, withdrawn: withdrawn,
            ballots: ballots)
    }

    static func number(_ text: String) -> Decimal { Decimal(string: text) ?? .nan }

    @Test(
        """
        Every method, on 1,500 generated elections each: it answers (a count or a reason, never a trap); the \
        winners are as many as the seats, distinct and standing; at every stage of a transferable count the votes, \
        the non-transferable papers and the fractions lost add up to the papers
        """,
        arguments: CountMethod.allCases)
    func invariants(method: CountMethod) throws {
        for seed in UInt64(0)..<1_500 {
            let e = Self.election(seed: seed)
            let sheet: CountSheet
            do { sheet = try e.count(method) } catch { continue }
            let standing = Set(e.candidates.indices.filter { !e.withdrawn.contains($0) }.map { e.candidates[$0] })
            #expect(sheet.elected.count == e.seats, "seed \(seed): \(sheet.elected) for \(e.seats) seats")
            #expect(Set(sheet.elected).count == sheet.elected.count, "seed \(seed): someone elected twice")
            #expect(Set(sheet.elected).isSubset(of: standing), "seed \(seed): a withdrawn candidate elected")
            guard method == .scottish || method == .meek else { continue }
            var lost = Decimal(0)
            for stage in sheet.stages {
                lost += Self.number(stage.lossByFractions)
                let held = stage.votes.map(Self.number).reduce(0, +)
                let total = held + Self.number(stage.nonTransferableTotal) + lost
                let papers = Decimal(e.paperCount)
                // Meek keeps 9 decimal places and rounds each share down: allow a millionth a paper.
                let slack = method == .meek ? Decimal(e.paperCount + 1) / 1_000_000 : Decimal(0)
                #expect(
                    total <= papers + slack && total >= papers - slack,
                    "seed \(seed), stage \(stage.number): \(total) for \(papers) papers")
            }
        }
    }

    @Test(
        """
        Meek: equal rankings can take the surplus below zero in fixed point (each share rounded down twice); the \
        lowest candidate is still defeated and the seats filled (these trapped on an empty tie before)
        """,
        arguments: [
            // Found by searching generated elections for a negative surplus in the count's notes.
            "3 2\n1 1=2 3 0\n1 2=3 1 0\n0\n\"C0\" \"C1\" \"C2\" \"\"",
            "5 2\n3 4=2 5 0\n2 3=1 4 0\n1 5=3=4 1 0\n1 5 1 0\n3 4 2 0\n2 2=5=1=3 4 0\n0\n"
                + "\"C0\" \"C1\" \"C2\" \"C3\" \"C4\" \"\"",
            "5 2\n2 5=1=3 2 0\n2 1 4 3 5 2 0\n0\n\"C0\" \"C1\" \"C2\" \"C3\" \"C4\" \"\"",
        ])
    func meekNegativeSurplus(file: String) throws {
        let e = try BLT.read(file)
        let sheet = try e.count(.meek)
        #expect(sheet.stages.contains { $0.notes.contains { $0.contains("surplus -") } }, "the corner is reached")
        #expect(sheet.elected.count == e.seats)
    }
}
