import ConsortCore
import Governance
import Testing

let meeting = Day(year: 2023, month: 3, day: 14)!

/// A consortium board deciding a contract for extended access that a federation bids for. The
/// federation's member practices include the one where Dr Curran is a GP principal — the
/// guidance's own example of a GP who is both commissioner and provider ("I am a GP principal at
/// the practice of Dr Curran & Partners", BMJ blog 2014; "Pulling together", 2011: consortia and
/// federations overlapping need robust governance "to detect and manage potential conflicts").
let graph = OrganisationGraph(
    names: [
        "P1": "Dr Curran & Partners", "P2": "Riverside Surgery", "P3": "Hill Practice",
        "FED-1": "Clapham GP Federation",
        "FED-2": "North Federation", "CCG": "Lambeth CCG",
    ],
    groupsOf: ["P1": ["FED-1", "CCG"], "P2": ["FED-1", "CCG"], "P3": ["FED-2", "CCG"]])
let people = [
    "curran": "Dr A Curran (demo)", "lay": "Ms B Lay (demo)", "exec": "Mr C Exec (demo)", "hill": "Dr D Hill (demo)",
]
let seats = [
    Seat(
        person: "curran", board: "ccg-board", body: "CCG", role: .gp,
        from: Day(year: 2022, month: 1, day: 1)!, to: nil),
    Seat(person: "lay", board: "ccg-board", body: "CCG", role: .lay, from: Day(year: 2022, month: 1, day: 1)!, to: nil),
    Seat(
        person: "exec", board: "ccg-board", body: "CCG", role: .executive, from: Day(year: 2022, month: 1, day: 1)!,
        to: nil),
    Seat(person: "hill", board: "ccg-board", body: "CCG", role: .gp, from: Day(year: 2022, month: 1, day: 1)!, to: nil),
    // Dr Hill also sits on North Federation's board.
    Seat(
        person: "hill", board: "fed2-board", body: "FED-2", role: .chair, from: Day(year: 2022, month: 6, day: 1)!,
        to: nil),
]
let affiliations = [
    Affiliation(
        person: "curran", organisation: "P1", role: "GP principal", from: Day(year: 2010, month: 1, day: 1)!, to: nil),
    Affiliation(
        person: "hill", organisation: "P3", role: "Salaried GP", from: Day(year: 2015, month: 1, day: 1)!,
        to: Day(year: 2022, month: 12, day: 31)!),
]

@Suite("Conflicts found, not only declared")
struct ConflictTests {
    @Test("An undeclared conflict is derived with its chain: person → practice → federation → bid")
    func derivedChain() {
        let item = [ItemOrganisation(code: "FED-1", name: "Clapham GP Federation", role: .bidder)]
        let found = ConflictFinder.conflicts(
            people: people, item: item, day: meeting, board: "ccg-board", declarations: [],
            affiliations: affiliations, seats: seats, graph: graph)
        #expect(found.count == 1)
        #expect(found[0].person == "curran" && found[0].source == .derived)
        #expect(
            found[0].chain == [
                "Dr A Curran (demo)", "GP principal at Dr Curran & Partners (P1)",
                "Dr Curran & Partners (P1) is a member of Clapham GP Federation (FED-1)",
                "Clapham GP Federation (FED-1) is bidding for this item's contract",
            ])
    }

    @Test(
        """
        A seat on a bidder's board is a conflict; a role that has ended is not; the deciding board's own seats are not
        """
    )
    func seatsAndDates() {
        let item = [ItemOrganisation(code: "FED-2", name: "North Federation", role: .bidder)]
        let found = ConflictFinder.conflicts(
            people: people, item: item, day: meeting, board: "ccg-board", declarations: [],
            affiliations: affiliations, seats: seats, graph: graph)
        // Dr Hill left Hill Practice at the end of 2022, but chairs North Federation.
        #expect(
            found.map(\.reason) == [
                "Dr D Hill (demo) → chair on the board of North Federation (FED-2) → North Federation (FED-2) is "
                    + "bidding for this item's contract"
            ])
        // Before Dr Hill joined North Federation's board, and while still at Hill Practice: the practice route.
        let earlier = ConflictFinder.conflicts(
            people: people, item: item, day: Day(year: 2022, month: 3, day: 1)!, board: "ccg-board",
            declarations: [], affiliations: affiliations, seats: seats, graph: graph)
        #expect(earlier.map(\.chain.count) == [4] && earlier[0].chain[1] == "Salaried GP at Hill Practice (P3)")
        // An item about the consortium itself: every member's practice belongs to it, but seats on the deciding
        // board are not conflicts.
        let own = ConflictFinder.conflicts(
            people: ["lay": "Ms B Lay (demo)"],
            item: [ItemOrganisation(code: "CCG", name: "Lambeth CCG", role: .subject)],
            day: meeting, board: "ccg-board", declarations: [], affiliations: [], seats: seats, graph: graph)
        #expect(own.isEmpty)
    }

    @Test(
        """
        Declared interests conflict when their organisation, or a group it belongs to, is on the item; nil returns and \
        expired interests do not
        """
    )
    func declared() {
        let declarations = [
            Declaration(
                id: "1", person: "lay", kind: .indirect, organisation: "P2", description: "Spouse is practice manager",
                from: Day(year: 2020, month: 1, day: 1)!, to: nil),
            Declaration(
                id: "2", person: "exec", kind: .financial, organisation: "FED-1", description: "Shareholder",
                from: Day(year: 2020, month: 1, day: 1)!, to: Day(year: 2022, month: 1, day: 1)!),
            Declaration(
                id: "3", person: "exec", kind: .none, organisation: nil, description: "",
                from: Day(year: 2022, month: 1, day: 2)!, to: nil),
        ]
        let item = [ItemOrganisation(code: "FED-1", name: "Clapham GP Federation", role: .bidder)]
        let found = ConflictFinder.conflicts(
            people: people, item: item, day: meeting, board: "ccg-board", declarations: declarations,
            affiliations: affiliations, seats: seats, graph: graph)
        #expect(Set(found.map(\.person)) == ["curran", "lay"])
        let lay = found.first { $0.person == "lay" }!
        #expect(lay.source == .declared)
        #expect(
            lay.reason
                == "Ms B Lay (demo) → declared an indirect interest in Riverside Surgery (P2): Spouse is practice "
                + "manager → Riverside Surgery (P2) is a member of Clapham GP Federation (FED-1) → Clapham GP "
                + "Federation (FED-1) is bidding for this item's contract"
        )
    }
}

@Suite("Quorum and decisions")
struct QuorumTests {
    let rule = QuorumRule(minimum: 3, atLeast: [.lay: 1], majorityOf: [.lay, .executive])
    let present = [
        DecisionRules.Member(id: "curran", name: "Dr A Curran (demo)", role: .gp),
        DecisionRules.Member(id: "lay", name: "Ms B Lay (demo)", role: .lay),
        DecisionRules.Member(id: "exec", name: "Mr C Exec (demo)", role: .executive),
        DecisionRules.Member(id: "hill", name: "Dr D Hill (demo)", role: .gp),
    ]

    @Test("The rule is described and checked: count, roles and majority")
    func rules() {
        #expect(
            rule.description == "at least 3 members; at least 1 lay member; lay members and executives in the majority")
        #expect(rule.check([.lay, .executive, .gp]).quorate)
        // Two GPs and two others: lay and executive members are not a majority.
        let tie = rule.check([.lay, .executive, .gp, .gp])
        #expect(
            !tie.quorate && tie.shortfalls == ["lay members and executives are 2 of the 4 taking part, not a majority"])
        #expect(
            rule.check([.executive, .executive]).shortfalls == [
                "2 of the 3 members needed take part", "0 lay members take part, 1 needed",
            ])
    }

    @Test(
        """
        A decision is refused until every conflict is managed, when exclusions lose the quorum, and when an excluded \
        member's vote is counted
        """
    )
    func decisions() {
        // Four present: not quorate as a whole (2 of 4 lay/executive). Excluding conflicted Dr Curran makes it quorate.
        var check = DecisionRules.check(present: present, conflicted: ["curran"], actions: [:], votes: [:], rule: rule)
        #expect(
            check.problems.first
                == "Record what the chair decided for Dr A Curran (demo), who is conflicted on this item.")
        check = DecisionRules.check(
            present: present, conflicted: ["curran"], actions: ["curran": (.excludedFromDiscussion, "")],
            votes: ["lay": .inFavour, "exec": .inFavour, "hill": .against], rule: rule)
        #expect(check.problems.isEmpty && check.quorate && check.counted == ["lay", "exec", "hill"])
        // His vote may not be counted.
        check = DecisionRules.check(
            present: present, conflicted: ["curran"], actions: ["curran": (.excludedFromVote, "")],
            votes: ["curran": .inFavour, "lay": .inFavour], rule: rule)
        #expect(
            check.problems == [
                "Dr A Curran (demo)'s vote cannot be counted: they are conflicted and were excluded from the vote."
            ])
        // Lost quorum: with the lay member conflicted too, no lay member is left.
        check = DecisionRules.check(
            present: present, conflicted: ["curran", "lay"],
            actions: ["curran": (.excludedFromDiscussion, ""), "lay": (.excludedFromDiscussion, "")], votes: [:],
            rule: rule)
        #expect(!check.quorate)
        #expect(
            check.problems == [
                "The meeting is not quorate for this item once conflicted members are excluded: 2 of the 3 members "
                    + "needed take part; 0 lay members take part, 1 needed; lay members and executives are 1 of the 2 "
                    + "taking part, not a majority (quorum: at least 3 members; at least 1 lay member; lay members "
                    + "and executives in the majority)."
            ])
        // Allowing a conflicted member needs a reason.
        check = DecisionRules.check(
            present: present, conflicted: ["lay"], actions: ["lay": (.allowed, " ")], votes: [:], rule: rule)
        #expect(
            check.problems.contains("Give the reason Ms B Lay (demo) was allowed to take part despite the conflict."))
        // Someone who was not there cannot vote.
        check = DecisionRules.check(
            present: Array(present.prefix(3)), conflicted: [], actions: [:], votes: ["hill": .inFavour],
            rule: QuorumRule(minimum: 3))
        #expect(
            check.problems == ["A vote is recorded for someone not present at the meeting; only members present vote."])
    }
}

@Suite("Gifts and hospitality thresholds")
struct GiftTests {
    @Test("Supplier gifts: promotional items up to £6 only")
    func supplier() {
        #expect(GiftRules.decide(kind: .gift, source: .supplier, pence: 600, promotional: true).outcome == .notRequired)
        #expect(GiftRules.decide(kind: .gift, source: .supplier, pence: 601, promotional: true).outcome == .refuse)
        #expect(GiftRules.decide(kind: .gift, source: .supplier, pence: 100).outcome == .refuse)
        #expect(
            GiftRules.decide(kind: .gift, source: .supplier, pence: 601, promotional: true).reason
                == "A promotional item from a supplier worth £6.01 is over £6: decline it.")
    }

    @Test(
        """
        Other gifts: up to £50 (cumulative from one source) need not be declared; over, to the organisation and \
        declared
        """
    )
    func other() {
        #expect(GiftRules.decide(kind: .gift, source: .other, pence: 5_000).outcome == .notRequired)
        #expect(GiftRules.decide(kind: .gift, source: .other, pence: 5_001).outcome == .declare)
        #expect(
            GiftRules.decide(kind: .gift, source: .other, pence: 3_000, earlierFromSource: 2_000).outcome
                == .notRequired)
        let cumulative = GiftRules.decide(kind: .gift, source: .other, pence: 3_000, earlierFromSource: 2_001)
        #expect(
            cumulative.outcome == .declare && cumulative.reason.contains("£50.01 from this source in twelve months"))
    }

    @Test("Hospitality: up to £25 not declared, to £75 declared, over £75 refused without senior approval")
    func hospitality() {
        #expect(GiftRules.decide(kind: .hospitality, source: .supplier, pence: 2_500).outcome == .notRequired)
        #expect(GiftRules.decide(kind: .hospitality, source: .supplier, pence: 2_501).outcome == .declare)
        #expect(GiftRules.decide(kind: .hospitality, source: .other, pence: 7_500).outcome == .declare)
        #expect(GiftRules.decide(kind: .hospitality, source: .other, pence: 7_501).outcome == .refuse)
        #expect(
            GiftRules.decide(kind: .hospitality, source: .other, pence: 7_501, seniorApproval: true).outcome == .declare
        )
    }

    @Test("Amounts are read in pounds and pence")
    func amounts() {
        #expect(GiftRules.pence("6") == 600 && GiftRules.pence("£75.01") == 7_501 && GiftRules.pence("25.5") == 2_550)
        #expect(
            GiftRules.pence("-1") == nil && GiftRules.pence("six") == nil && GiftRules.pence("1.234") == nil
                && GiftRules.pence("") == nil)
    }
}

@Suite("The register of interests")
struct RegisterTests {
    @Test(
        """
        Published only for decision-makers; an expired interest stays six months; late and overdue declarations are \
        found
        """
    )
    func publication() {
        let d = Declaration(
            id: "1", person: "curran", kind: .financial, organisation: "P1", description: "GP principal",
            from: Day(year: 2022, month: 1, day: 1)!, to: Day(year: 2022, month: 8, day: 31)!)
        #expect(InterestRegister.isPublished(d, decisionMaker: true, on: Day(year: 2023, month: 2, day: 28)!))
        #expect(!InterestRegister.isPublished(d, decisionMaker: true, on: Day(year: 2023, month: 3, day: 1)!))
        #expect(!InterestRegister.isPublished(d, decisionMaker: false, on: Day(year: 2022, month: 6, day: 1)!))
        #expect(!InterestRegister.isLate(d, declaredOn: Day(year: 2022, month: 1, day: 29)!))
        #expect(InterestRegister.isLate(d, declaredOn: Day(year: 2022, month: 1, day: 30)!))
        // An interest held before taking up the role is due within 28 days of the role.
        #expect(
            !InterestRegister.isLate(
                d, declaredOn: Day(year: 2022, month: 3, day: 20)!, roleFrom: Day(year: 2022, month: 3, day: 1)!))
        #expect(
            InterestRegister.isLate(
                d, declaredOn: Day(year: 2022, month: 3, day: 30)!, roleFrom: Day(year: 2022, month: 3, day: 1)!))
        let seat = Seat(
            person: "lay", board: "b", body: "CCG", role: .lay, from: Day(year: 2023, month: 1, day: 1)!, to: nil)
        #expect(
            InterestRegister.overdue(seats: [seat], declaredOn: [:], on: Day(year: 2023, month: 1, day: 29)!).isEmpty)
        let late = InterestRegister.overdue(seats: [seat], declaredOn: [:], on: Day(year: 2023, month: 2, day: 8)!)
        #expect(
            late == [
                .init(person: "lay", seatFrom: seat.from, dueBy: Day(year: 2023, month: 1, day: 29)!, daysOverdue: 10)
            ])
        #expect(
            InterestRegister.overdue(
                seats: [seat], declaredOn: ["lay": [Day(year: 2023, month: 1, day: 5)!]],
                on: Day(year: 2023, month: 2, day: 8)!
            ).isEmpty)
    }
}
