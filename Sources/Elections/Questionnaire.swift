import Foundation

/// A survey's questions, written as plain text so that a survey can be drafted, copied and kept
/// as a file:
///
/// ```
/// single: Which model of consortium would you prefer?
/// - Small consortium (around 100,000 patients)
/// - Large consortium with locality groups
/// multiple: Which matters most? (choose any)
/// - Managing financial risk
/// - Practices' ownership of decisions
/// scale: How committed is your practice to working together?
/// - Not at all
/// - Fully
/// text: Anything else?
/// ```
///
/// A line starting `single:`, `multiple:`, `scale:` or `text:` starts a question; lines starting
/// `- ` under it are its options (for a scale, the words for its two ends, 1 and 5); blank lines
/// and lines starting `#` are ignored.
public struct Questionnaire: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case single, multiple, scale, text

        public var label: String {
            switch self {
            case .single: return "Choose one"
            case .multiple: return "Choose any"
            case .scale: return "Scale of 1 to 5"
            case .text: return "Free text"
            }
        }
    }

    public struct Question: Sendable, Equatable {
        public let kind: Kind
        public let prompt: String
        /// The options of a choice; a scale's words for 1 and 5 (or none).
        public let options: [String]

        public init(kind: Kind, prompt: String, options: [String] = []) {
            self.kind = kind
            self.prompt = prompt
            self.options = options
        }
    }

    public let questions: [Question]

    public static let maxQuestions = 60
    public static let maxOptions = 30
    public static let maxPrompt = 500
    public static let maxOption = 200
    public static let maxAnswer = 4_000
    /// A scale runs from 1 to this.
    public static let scaleTop = 5

    public init(_ questions: [Question]) { self.questions = questions }

    /// Reads the text form; a problem names its line.
    public static func parse(_ text: String) throws(QuestionnaireError) -> Questionnaire {
        var questions: [Question] = []
        var current: (kind: Kind, prompt: String, options: [String], line: Int)?
        func finish() throws(QuestionnaireError) {
            guard let q = current else { return }
            switch q.kind {
            case .single, .multiple:
                guard q.options.count >= 2 else {
                    throw QuestionnaireError(line: q.line, "a \(q.kind.rawValue) choice needs at least two options")
                }
                guard Set(q.options).count == q.options.count else {
                    throw QuestionnaireError(line: q.line, "the question lists the same option twice")
                }
            case .scale:
                guard q.options.isEmpty || q.options.count == 2 else {
                    throw QuestionnaireError(line: q.line, "a scale takes no options, or two: the words for 1 and 5")
                }
            case .text:
                guard q.options.isEmpty else {
                    throw QuestionnaireError(line: q.line, "a free-text question takes no options")
                }
            }
            questions.append(Question(kind: q.kind, prompt: q.prompt, options: q.options))
            current = nil
        }
        for (i, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = i + 1
            let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                throw QuestionnaireError(line: line, "the line holds a control character")
            }
            if trimmed.hasPrefix("-") {
                let option = trimmed.dropFirst().trimmingCharacters(in: .whitespaces)
                guard current != nil else {
                    throw QuestionnaireError(line: line, "an option comes before any question")
                }
                guard !option.isEmpty else { throw QuestionnaireError(line: line, "the option is empty") }
                guard option.count <= maxOption else {
                    throw QuestionnaireError(line: line, "shorten the option to \(maxOption) characters or fewer")
                }
                guard current!.options.count < maxOptions else {
                    throw QuestionnaireError(line: line, "a question has at most \(maxOptions) options")
                }
                current!.options.append(option)
                continue
            }
            guard let colon = trimmed.firstIndex(of: ":"),
                let kind = Kind(rawValue: trimmed[..<colon].lowercased().trimmingCharacters(in: .whitespaces))
            else {
                throw QuestionnaireError(
                    line: line, "start a question with single:, multiple:, scale: or text:, or an option with -")
            }
            try finish()
            let prompt = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !prompt.isEmpty else { throw QuestionnaireError(line: line, "the question has no words") }
            guard prompt.count <= maxPrompt else {
                throw QuestionnaireError(line: line, "shorten the question to \(maxPrompt) characters or fewer")
            }
            guard questions.count < maxQuestions else {
                throw QuestionnaireError(line: line, "a survey has at most \(maxQuestions) questions")
            }
            current = (kind, prompt, [], line)
        }
        try finish()
        guard !questions.isEmpty else { throw QuestionnaireError(line: 1, "the survey has no questions") }
        return Questionnaire(questions)
    }

    /// The text form (what `parse` reads).
    public var text: String {
        questions.map { q in
            (["\(q.kind.rawValue): \(q.prompt)"] + q.options.map { "- \($0)" }).joined(separator: "\n")
        }.joined(separator: "\n\n")
    }

    /// Checks a response: `given[i]` holds what was sent for question i (option numbers from 1 for
    /// choices, 1–5 for a scale, the words for text). Returns each question's answer (empty when
    /// unanswered), or the problems by question index.
    public func answers(_ given: [Int: [String]]) -> Result<[[String]], AnswerProblems> {
        var out: [[String]] = []
        var problems: [Int: String] = [:]
        for (i, q) in questions.enumerated() {
            let values = (given[i] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter {
                !$0.isEmpty
            }
            switch q.kind {
            case .single, .multiple:
                let picks = values.map { Int($0) }
                if picks.contains(where: { $0 == nil || !(1...q.options.count).contains($0!) }) {
                    problems[i] = "choose from the options given"
                } else if q.kind == .single && picks.count > 1 {
                    problems[i] = "choose one option"
                } else {
                    out.append(Array(Set(picks.compactMap { $0 })).sorted().map(String.init))
                    continue
                }
            case .scale:
                if values.count > 1
                    || values.contains(where: { Int($0).map { !(1...Self.scaleTop).contains($0) } ?? true })
                {
                    problems[i] = "choose a point from 1 to \(Self.scaleTop)"
                } else {
                    out.append(values)
                    continue
                }
            case .text:
                let words = values.joined(separator: "\n")
                if words.count > Self.maxAnswer {
                    problems[i] = "shorten the answer to \(Self.maxAnswer) characters or fewer"
                } else {
                    out.append(words.isEmpty ? [] : [words])
                    continue
                }
            }
            out.append([])
        }
        if problems.isEmpty && out.allSatisfy(\.isEmpty) { problems[0] = "answer at least one question" }
        return problems.isEmpty ? .success(out) : .failure(AnswerProblems(byQuestion: problems))
    }

    /// What the responses say, question by question: counts of each option or scale point (with
    /// the share of those who answered the question), the scale's mean, and the free text.
    public func tally(_ responses: [[[String]]]) -> [Tally] {
        questions.enumerated().map { i, q in
            let given = responses.map { $0.indices.contains(i) ? $0[i] : [] }.filter { !$0.isEmpty }
            switch q.kind {
            case .single, .multiple, .scale:
                let top = q.kind == .scale ? Self.scaleTop : q.options.count
                var counts = [Int](repeating: 0, count: top)
                for answer in given {
                    for v in answer { if let n = Int(v), (1...top).contains(n) { counts[n - 1] += 1 } }
                }
                let labels =
                    q.kind == .scale
                    ? (1...top).map { n in
                        n == 1 && q.options.count == 2
                            ? "1 (\(q.options[0]))"
                            : n == top && q.options.count == 2 ? "\(n) (\(q.options[1]))" : "\(n)"
                    } : q.options
                let mean =
                    q.kind == .scale && !given.isEmpty
                    ? Double(counts.enumerated().reduce(0) { $0 + ($1.offset + 1) * $1.element }) / Double(given.count)
                    : nil
                return Tally(
                    question: q, answered: given.count, options: Array(zip(labels, counts)), mean: mean, texts: [])
            case .text:
                return Tally(
                    question: q, answered: given.count, options: [], mean: nil,
                    texts: given.compactMap(\.first).sorted())
            }
        }
    }

    /// One question's results.
    public struct Tally: Sendable {
        public let question: Question
        /// How many responses answered it.
        public let answered: Int
        /// Each option (or scale point) and how many chose it.
        public let options: [(label: String, count: Int)]
        public let mean: Double?
        /// Free-text answers, sorted (so that their order says nothing of who wrote them when).
        public let texts: [String]
    }
}

/// A problem in a survey's text, with its line.
public typealias QuestionnaireError = LineError

/// What is wrong with a response, by question index.
public struct AnswerProblems: Error, Sendable, Equatable {
    public let byQuestion: [Int: String]

    public init(byQuestion: [Int: String]) { self.byQuestion = byQuestion }
}
