import Elections
import Foundation
import Testing

@Suite("Engagement: practice vote weighting, motions and survey questions")
struct EngagementEngineTests {
    @Test("One vote per N patients: up counts any part, down only wholes, nearest from a half; at least one")
    func weighting() {
        func votes(_ w: Weighting, _ patients: Int?, gps: Int = 0) -> Int? {
            if case .success(let v) = w.votes(patients: patients, gps: gps) { return v }
            return nil
        }
        #expect(votes(.perPatients(2_000, .up), 4_036) == 3)
        #expect(votes(.perPatients(2_000, .down), 4_036) == 2)
        #expect(votes(.perPatients(2_000, .nearest), 4_036) == 2)
        #expect(votes(.perPatients(2_000, .nearest), 3_000) == 2, "a half counts as a whole vote")
        #expect(votes(.perPatients(2_000, .nearest), 2_999) == 1)
        #expect(votes(.perPatients(2_000, .up), 4_000) == 2, "an exact multiple has no part")
        #expect(votes(.perPatients(2_000, .down), 1_999) == 1, "every practice on the roll votes at least once")
        #expect(votes(.perPatients(2_000, .up), 0) == 1)
        #expect(Weighting.perPatients(2_000, .up).votes(patients: nil, gps: 3) == .failure(.noListSize))
        #expect(Weighting.perPatients(0, .up).votes(patients: 100, gps: 3) == .failure(.divisor))
        #expect(Weighting.perPatients(Weighting.maxDivisor + 1, .up).votes(patients: 100, gps: 3) == .failure(.divisor))
        #expect(votes(.perGP, nil, gps: 4) == 4)
        #expect(votes(.perGP, nil, gps: 0) == 1)
        #expect(votes(.onePerPractice, nil) == 1)
        // Closed form over a range: up = ⌈p/n⌉, down = ⌊p/n⌋, nearest = ⌊p/n + ½⌋, each at least 1.
        for p in stride(from: 0, through: 30_000, by: 137) {
            let n = 1_750
            #expect(votes(.perPatients(n, .up), p) == max(1, (p + n - 1) / n))
            #expect(votes(.perPatients(n, .down), p) == max(1, p / n))
            #expect(votes(.perPatients(n, .nearest), p) == max(1, (2 * p + n) / (2 * n)))
        }
        #expect(Weighting.perPatients(2_000, .up).label == "one vote per 2,000 registered patients or part thereof")
    }

    @Test("A motion is carried by more votes for than against; a tie does not carry it")
    func motion() {
        #expect(MotionResult(votesFor: 10, votesAgainst: 9).carried)
        #expect(!MotionResult(votesFor: 9, votesAgainst: 9).carried)
        #expect(!MotionResult(votesFor: 0, votesAgainst: 0).carried)
        #expect(MotionResult(votesFor: 3, votesAgainst: 5).summary == "3 for, 5 against: not carried")
    }

    @Test("Survey text: each question kind read; problems name their line")
    func parse() throws {
        let q = try Questionnaire.parse(
            """
            # A comment
            single: Pick one
            - A
            - B

            multiple: Pick any
            - X
            - Y
            - Z
            scale: How much?
            - Not at all
            - Fully
            text: Why?
            """)
        #expect(q.questions.map(\.kind) == [.single, .multiple, .scale, .text])
        #expect(q.questions[1].options == ["X", "Y", "Z"])
        #expect(try Questionnaire.parse(q.text) == q, "the text form reads back the same")
        let crlf = q.text.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try Questionnaire.parse(crlf) == q, "a form's textarea sends CRLF line ends")
        func problem(_ text: String) -> QuestionnaireError? {
            do {
                _ = try Questionnaire.parse(text)
                return nil
            } catch { return error }
        }
        #expect(
            problem("single: One\n- only") == QuestionnaireError(line: 1, "a single choice needs at least two options"))
        #expect(problem("- orphan")?.line == 1)
        #expect(problem("text: Fine\n\nwhat: no kind")?.line == 3)
        #expect(
            problem("scale: S\n- one end")
                == QuestionnaireError(line: 1, "a scale takes no options, or two: the words for 1 and 5"))
        #expect(problem("text: T\n- no") == QuestionnaireError(line: 1, "a free-text question takes no options"))
        #expect(problem("single: Q\n- A\n- A")?.reason == "the question lists the same option twice")
        #expect(problem("") == QuestionnaireError(line: 1, "the survey has no questions"))
        #expect(problem("text: \u{7}bell")?.reason == "the line holds a control character")
        let many = (0...Questionnaire.maxQuestions).map { "text: Q\($0)" }.joined(separator: "\n")
        #expect(problem(many)?.line == Questionnaire.maxQuestions + 1)
        // Total on any input: random bytes never crash the reader.
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0...200, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            _ = try? Questionnaire.parse(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test("Answers are checked against their questions; tallies count options, scale points, means and text")
    func answersAndTally() throws {
        let q = try Questionnaire.parse(
            "single: One\n- A\n- B\nmultiple: Any\n- X\n- Y\n- Z\nscale: How much?\n- Low\n- High\ntext: Why?")
        guard case .success(let a) = q.answers([0: ["2"], 1: ["3", "1", "3"], 2: ["4"], 3: ["  Because  "]]) else {
            Issue.record("a good response was refused")
            return
        }
        #expect(a == [["2"], ["1", "3"], ["4"], ["Because"]])
        guard
            case .failure(let bad) = q.answers([
                0: ["1", "2"], 1: ["4"], 2: ["6"], 3: [String(repeating: "x", count: 4_001)],
            ])
        else {
            Issue.record("a bad response was accepted")
            return
        }
        #expect(bad.byQuestion[0] == "choose one option")
        #expect(bad.byQuestion[1] == "choose from the options given")
        #expect(bad.byQuestion[2] == "choose a point from 1 to 5")
        #expect(bad.byQuestion[3] == "shorten the answer to 4000 characters or fewer")
        #expect(q.answers([:]) == .failure(AnswerProblems(byQuestion: [0: "answer at least one question"])))
        guard case .success(let b) = q.answers([0: ["1"], 2: ["2"]]) else { return }
        let tally = q.tally([a, b, [[], [], [], []]])
        #expect(tally[0].answered == 2 && tally[0].options.map(\.count) == [1, 1])
        #expect(tally[1].answered == 1 && tally[1].options.map(\.count) == [1, 0, 1])
        #expect(tally[2].options.map(\.count) == [0, 1, 0, 1, 0] && tally[2].mean == 3.0)
        #expect(tally[2].options.first?.label == "1 (Low)" && tally[2].options.last?.label == "5 (High)")
        #expect(tally[3].texts == ["Because"])
    }

    @Test("Both templates from the guidance read as surveys")
    func templates() throws {
        for t in SurveyTemplate.all {
            let q = try Questionnaire.parse(t.text)
            #expect(q.questions.count >= 6, "\(t.id)")
            #expect(!t.source.isEmpty)
        }
        #expect(SurveyTemplate.lmcConsortium.perPractice == false && SurveyTemplate.federationCommitment.perPractice)
    }
}
