import ConsortCore
import Elections
import Foundation
import Testing

@Suite("Elections: Scottish STV and Meek")
struct CountTests {
    func election(_ text: String) throws -> Election { try BLT.read(text) }

    @Test("Rule 46: the quota is the papers ÷ (seats + 1), decimals ignored, plus one")
    func quota() throws {
        let e = Election(
            title: "", seats: 3, candidates: ["A", "B", "C", "D"],
            ballots: [.init(multiplier: 100, [0, 1])])
        #expect(try e.count(.scottish).quota == "26.00000")
        let odd = Election(title: "", seats: 2, candidates: ["A", "B", "C"], ballots: [.init(multiplier: 50, [0])])
        #expect(try odd.count(.scottish).quota == "17.00000")
    }

    /// Worked by hand: A's surplus 9 of 26 moves at 9/26 = 0.346153… → 0.34615 (five places,
    /// remainder ignored), losing 0.00010 by fractions; D then C are excluded; B is elected by rule 52
    /// and C's papers are not transferred.
    @Test("A hand-worked Scottish count: transfer values to five places, exclusion, the last-seats rule")
    func scottish() throws {
        let sheet = try election(
            """
            4 2
            20 1 2 3 0
            6 1 3 0
            10 2 0
            9 3 4 0
            5 4 3 0
            0
            "A" "B" "C" "D" "Hand-worked"
            """
        ).count(.scottish)
        #expect(sheet.quota == "17.00000")
        #expect(sheet.stages[0].votes == ["26.00000", "10.00000", "9.00000", "5.00000"])
        #expect(sheet.stages[0].elected == ["A"])
        let surplus = sheet.stages[1]
        #expect(surplus.action == "Surplus of A" && surplus.transferValue == "0.34615")
        #expect(surplus.votes == ["17.00000", "16.92300", "11.07690", "5.00000"])
        #expect(surplus.lossByFractions == "0.00010")
        #expect(sheet.stages[2].action == "Exclusion of D" && sheet.stages[2].votes[2] == "16.07690")
        #expect(sheet.stages[3].action == "Exclusion of C")
        // Excluding C leaves B alone for the last seat: C's papers are not transferred (rule 52(2)).
        #expect(sheet.stages[3].nonTransferable == "0.00000")
        #expect(sheet.stages[3].notes.contains { $0.contains("rule 52(2)") })
        #expect(sheet.elected == ["A", "B"])
        #expect(sheet.stages.last?.notes.contains { $0.contains("rule 52") } == true)
    }

    @Test("Rule 51: a tie for exclusion goes to the most recent stage at which they differed")
    func tieByEarlierStage() throws {
        let sheet = try election(
            """
            4 1
            5 1 0
            4 2 0
            3 3 0
            1 4 3 0
            0
            "A" "B" "C" "D" "Tie"
            """
        ).count(.scottish)
        #expect(sheet.stages[1].action == "Exclusion of D")
        #expect(sheet.stages[2].action == "Exclusion of C")
        #expect(sheet.stages[2].notes.contains { $0.contains("broken by the votes at stage 1") })
        #expect(sheet.elected == ["A"])
    }

    @Test("Equal at every stage: by lot, which is the [tie] order, else candidate order")
    func tieByLot() throws {
        let base = """
            3 1
            %@
            4 1 0
            3 2 3 0
            3 3 2 0
            0
            "A" "B" "C" "Lot"
            """
        let plain = try election(base.replacingOccurrences(of: "%@", with: "")).count(.scottish)
        #expect(plain.stages[1].action == "Exclusion of B" && plain.elected == ["C"])
        #expect(plain.stages[1].notes.contains { $0.contains("by lot") })
        let ordered = try election(base.replacingOccurrences(of: "%@", with: "[tie 3 2 1]")).count(.scottish)
        #expect(ordered.stages[1].action == "Exclusion of C" && ordered.elected == ["B"])
    }

    @Test("Rule 49: the larger surplus is transferred first")
    func largestSurplusFirst() throws {
        let sheet = try election(
            """
            4 2
            12 1 3 0
            9 2 4 0
            3 3 0
            3 4 0
            0
            "A" "B" "C" "D" "Surpluses"
            """
        ).count(.scottish)
        // Quota 10: A (12) and B (9)… only A has a surplus; then C gets it.
        #expect(sheet.quota == "10.00000" && sheet.stages[0].elected == ["A"])
        #expect(sheet.stages[1].action == "Surplus of A")
        #expect(sheet.elected.first == "A")
    }

    @Test("The Scottish rules refuse equal rankings with the ballot's line")
    func equalRankingsRefused() throws {
        let e = try election("2 1\n1 1=2 0\n0\n\"A\" \"B\" \"T\"")
        #expect(throws: CountError.self) { try e.count(.scottish) }
        #expect(try e.count(.meek).elected.count == 1)
    }

    @Test("Meek by hand: A elected, its keep factor falls to quota ÷ votes, its surplus elects B")
    func meek() throws {
        let sheet = try election(
            """
            3 2
            6 1 2 0
            3 2 0
            3 3 0
            0
            "A" "B" "C" "Meek"
            """
        ).count(.meek)
        #expect(sheet.quota == "4.000000001")
        #expect(sheet.stages[1].elected == ["A"])
        // kf(A) = ⌈⌈1 × 4.000000001⌉ ÷ 6⌉ = 0.666666667: A keeps 4.000000002, B receives 1.999999998.
        #expect(sheet.stages[2].elected == ["B"])
        #expect(sheet.stages[2].votes == ["4.000000002", "4.999999998", "3.000000000"])
        #expect(sheet.elected == ["A", "B"])
    }

    @Test("Meek conserves votes: credited votes and the residual add up to the papers at every stage")
    func conservation() throws {
        var generator = Xoshiro256(seed: 7)
        for _ in 0..<20 {
            let n = Int.random(in: 3...8, using: &generator)
            let ballots = (0..<40).map { _ in
                Election.Ballot(
                    multiplier: Int.random(in: 1...5, using: &generator),
                    Array((0..<n).shuffled(using: &generator).prefix(Int.random(in: 1...n, using: &generator))))
            }
            let e = Election(
                title: "", seats: Int.random(in: 1...(n - 1), using: &generator),
                candidates: (0..<n).map { "C\($0)" }, ballots: ballots)
            for method in CountMethod.allCases {
                let sheet = try e.count(method)
                #expect(sheet.elected.count == e.seats, "\(method) fills every seat")
                #expect(Set(sheet.elected).count == e.seats)
                for stage in sheet.stages where method == .meek {
                    let credited = stage.votes.compactMap(Double.init).reduce(0, +)
                    let total = credited + (Double(stage.nonTransferableTotal) ?? 0)
                    #expect(abs(total - Double(e.paperCount)) < 1e-6, "stage \(stage.number)")
                }
                for stage in sheet.stages where method == .scottish {
                    // Votes never appear from nowhere: credited + non-transferable ≤ papers.
                    let credited = stage.votes.compactMap(Double.init).reduce(0, +)
                    #expect(credited + (Double(stage.nonTransferableTotal) ?? 0) <= Double(e.paperCount) + 1e-9)
                }
            }
        }
    }

    @Test("One seat: both methods elect the majority winner after eliminations (instant runoff)")
    func singleSeat() throws {
        let e = try election(
            """
            3 1
            8 1 0
            7 2 0
            5 3 2 0
            0
            "A" "B" "C" "IRV"
            """)
        #expect(try e.count(.scottish).elected == ["B"])
        #expect(try e.count(.meek).elected == ["B"])
    }
}

/// A real election: the Green Party of the United States steering committee election of 24 July
/// 2005 (94 ballots, 13 candidates, 4 seats), as published with Droop.py's test suite
/// (`test/blt/SC.blt`), checked against Droop.py's reference counts of it (`test/ref/report/
/// SC-scotland-fixed-p5-d5.txt` and `SC-meek-o9-guarded-p18-g9-d18.txt`).
@Suite("Elections: a real election against a reference counter")
struct ReferenceCountTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/gpus-2005.blt")

    @Test("Scottish STV: every published stage value, the tie by lot, the winners")
    func scottish() throws {
        let e = try BLT.read(try String(contentsOf: Self.file, encoding: .utf8))
        let sheet = try e.count(.scottish)
        #expect(sheet.quota == "19.00000")
        func votes(_ stage: Int, _ name: String) -> String? {
            guard let i = e.candidates.firstIndex(of: name) else { return nil }
            return sheet.stages[stage - 1].votes[i]
        }
        // After Rotzler's surplus (Droop.py round 1).
        #expect(votes(2, "Budd Dickinson") == "6.84848" && votes(2, "Kristen Olsen") == "12.45448")
        #expect(votes(2, "Tom Sevigny") == "8.42424" && votes(2, "Rebecca Rotzler") == "19.00000")
        // After LaMarche's surplus (round 2).
        #expect(votes(3, "Budd Dickinson") == "7.80300" && votes(3, "Steve Kramer") == "18.54544")
        #expect(votes(3, "Kirit Mookerjee") == "3.56060" && votes(3, "Michael Piacsek") == "2.69696")
        // Four candidates on 0 at every stage: by lot, Write-In 2 first.
        #expect(sheet.stages[3].action == "Exclusion of Write-In 2")
        #expect(sheet.stages[3].notes.contains { $0.contains("by lot") })
        // Kramer's surplus of 0.68180 (round 9): 0.00472 non-transferable.
        let kramer = try #require(sheet.stages.first { $0.action == "Surplus of Steve Kramer" })
        #expect(kramer.nonTransferable == "0.00472")
        #expect(kramer.votes[e.candidates.firstIndex(of: "Budd Dickinson")!] == "9.01084")
        let dickinson = try #require(sheet.stages.first { $0.action == "Exclusion of Budd Dickinson" })
        #expect(dickinson.votes[2] == "16.62204" && dickinson.votes[7] == "16.59988")
        #expect(sheet.elected == ["Rebecca Rotzler", "Pat LaMarche", "Steve Kramer", "Tom Sevigny"])
    }

    @Test("Meek: the same rounds and winners as the reference (which counts with 18 guarded places)")
    func meek() throws {
        let sheet = try BLT.read(try String(contentsOf: Self.file, encoding: .utf8)).count(.meek)
        #expect(sheet.elected == ["Pat LaMarche", "Rebecca Rotzler", "Steve Kramer", "Kristen Olsen"])
        #expect(sheet.stages[0].quota == "18.800000001")
        #expect(
            sheet.stages[2].excluded == ["Write-In 2", "Jason Jones", "Write-In 1", "Steve Greenfield", "Jimmy Leas"])
        #expect(sheet.stages[3].excluded == ["Kirit Mookerjee", "Michael Piacsek"])
        #expect(sheet.stages[5].excluded == ["Budd Dickinson"])
        // Reference: Kramer 19.997906336…, Olsen 18.981163611…, quota 18.591521682…
        let kramer = Double(sheet.stages[4].votes[12]) ?? 0
        #expect(abs(kramer - 19.997906336) < 1e-7)
        #expect(abs((Double(sheet.quota) ?? 0) - 18.591521682) < 1e-7)
    }
}

@Suite("Elections: first past the post and approval")
struct PluralityTests {
    let e = Election(
        title: "", seats: 2, candidates: ["A", "B", "C", "D"],
        ballots: [
            .init(multiplier: 5, [0, 1]), .init(multiplier: 4, [1, 2]), .init(multiplier: 3, [2, 1]),
            .init(multiplier: 3, [3]),
        ])

    @Test("First preferences: A 5, B 4, C 3, D 3; A and B elected")
    func fptp() throws {
        let sheet = try e.count(.fptp)
        #expect(sheet.stages[0].votes == ["5", "4", "3", "3"])
        #expect(sheet.elected == ["A", "B"])
    }

    @Test("Approvals: B 12, C 7, A 5, D 3; a tie for the last seat goes by the tie order")
    func approval() throws {
        let sheet = try e.count(.approval)
        #expect(sheet.stages[0].votes == ["5", "12", "7", "3"])
        #expect(sheet.elected == ["B", "C"])
        var tied = e
        tied.seats = 1
        tied.ballots = [.init([0]), .init([1])]
        #expect(try tied.count(.approval).elected == ["A"])
        tied.tieOrder = [1, 0, 2, 3]
        let byOrder = try tied.count(.approval)
        #expect(byOrder.elected == ["B"] && byOrder.stages[0].notes.contains { $0.contains("by lot") })
    }
}
