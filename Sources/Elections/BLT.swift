import Foundation

/// An election as a ballot file describes it: the candidates, the seats, who withdrew, the
/// tie-breaking order and the ballots, each a ranking of candidates (0-based indexes).
public struct Election: Sendable, Equatable {
    public struct Ballot: Sendable, Equatable {
        /// How many identical ballots this line stands for.
        public let multiplier: Int
        /// The ranking, first preference first; a rank holds more than one candidate where the
        /// voter ranked them equally.
        public let ranking: [[Int]]
        /// The ballot's id, where the file gives one.
        public let id: String?
        /// The line of the file it was read from (0 when made in code).
        public let line: Int

        public init(multiplier: Int = 1, ranking: [[Int]], id: String? = nil, line: Int = 0) {
            self.multiplier = multiplier
            self.ranking = ranking
            self.id = id
            self.line = line
        }

        /// A ranking without equal preferences.
        public init(multiplier: Int = 1, _ order: [Int]) {
            self.init(multiplier: multiplier, ranking: order.map { [$0] })
        }

        public var hasEqualRankings: Bool { ranking.contains { $0.count > 1 } }
    }

    public var title: String
    public var seats: Int
    public var candidates: [String]
    /// Short names ballots may use instead of numbers (`[nick …]`), if the file gives them.
    public var nicknames: [String]?
    public var withdrawn: Set<Int>
    /// The order in which ties are broken "by lot": the file's `[tie …]` order, else candidate
    /// order (the first in the order is chosen).
    public var tieOrder: [Int]
    public var ballots: [Ballot]
    /// Wichmann's optional source and comment lines.
    public var source: String?
    public var comment: String?
    /// The line where free text after the title (and source and comment) begins, which readers
    /// ignore, as the Electoral Reform Society's test files carry notes there; nil when none.
    public var ignoredFrom: Int?

    public init(
        title: String, seats: Int, candidates: [String], withdrawn: Set<Int> = [], tieOrder: [Int]? = nil,
        ballots: [Ballot], nicknames: [String]? = nil
    ) {
        self.title = title
        self.seats = seats
        self.candidates = candidates
        self.withdrawn = withdrawn
        self.tieOrder = tieOrder ?? Array(candidates.indices)
        self.ballots = ballots
        self.nicknames = nicknames
    }

    /// The number of ballot papers (the sum of the lines' multipliers).
    public var paperCount: Int { ballots.reduce(0) { $0 + $1.multiplier } }
}

/// A ballot file that cannot be used: the line and what is wrong.
public typealias BLTError = LineError

/// A text (a ballot file, a survey's questions) that cannot be used: the line and what is wrong.
public struct LineError: Error, Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let reason: String

    public init(line: Int, _ reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "line \(line): \(reason)" }
}

/// The BLT ballot format of Hill, Wichmann and Woodall ("Algorithm 123", 1987), as OpenSTV,
/// OpaVote and Droop.py read and write it, with their extensions: `#` and `/* */` comments,
/// ballot ids in parentheses, withdrawn candidates as a line of negative numbers or
/// `[withdrawn …]`, `[nick …]` names, `[tie …]` order, `[droop …]` options (ignored), equal
/// rankings `a=b`, skipped rankings `-` (ignored), and Wichmann's source and comment after the
/// title. Newlines are whitespace except at the end of a `#` comment. Reading is total: any input
/// gives an election or an error naming the line.
public enum BLT {
    /// Limits on what a file may ask for, so that a hostile file cannot exhaust memory.
    public static let maxCandidates = 1_000
    public static let maxSeats = 1_000
    public static let maxMultiplier = 100_000_000

    struct Token {
        /// `bad`: text the reader could not split (an unclosed quote or comment), with the reason
        /// as its text; it runs to the end of the file, and is an error unless it comes after the
        /// title, where free text is ignored.
        enum Kind { case word, quoted, option, bad }
        let kind: Kind
        let text: String
        let line: Int
        var words: [String] = []
        /// The word as a whole number, when it is one (read from the bytes, without a String).
        var value: Int? = nil
    }

    static func tokens(_ text: String) -> [Token] {
        var out: [Token] = []
        let bytes = Array(text.utf8)
        var i = 0
        var line = 1
        func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }
        func string(_ from: Int, _ to: Int) -> String { String(decoding: bytes[from..<to], as: UTF8.self) }
        // A byte-order mark is whitespace.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        while i < bytes.count {
            let c = bytes[i]
            if c == 10 { line += 1 }
            if isSpace(c) {
                i += 1
                continue
            }
            switch c {
            case UInt8(ascii: "#"):
                while i < bytes.count, bytes[i] != 10 { i += 1 }
            case UInt8(ascii: "/") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "*"):
                let start = line
                i += 2
                while i + 1 < bytes.count, !(bytes[i] == UInt8(ascii: "*") && bytes[i + 1] == UInt8(ascii: "/")) {
                    if bytes[i] == 10 { line += 1 }
                    i += 1
                }
                guard i + 1 < bytes.count else {
                    out.append(Token(kind: .bad, text: "a /* comment is not closed", line: start))
                    return out
                }
                i += 2
            case UInt8(ascii: "\""), UInt8(ascii: "["):
                let close = c == UInt8(ascii: "\"") ? UInt8(ascii: "\"") : UInt8(ascii: "]")
                let start = line
                let from = i + 1
                i += 1
                while i < bytes.count, bytes[i] != close {
                    if bytes[i] == 10 { line += 1 }
                    i += 1
                }
                guard i < bytes.count else {
                    let reason =
                        c == close ? "a quoted name is not closed with \"" : "an option [ … is not closed with ]"
                    out.append(Token(kind: .bad, text: reason, line: start))
                    return out
                }
                let body = string(from, i)
                i += 1
                if c == close {
                    out.append(Token(kind: .quoted, text: body, line: start))
                } else {
                    let words = body.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
                        .map(String.init)
                    out.append(
                        Token(kind: .option, text: words.first ?? "", line: start, words: Array(words.dropFirst())))
                }
            default:
                let from = i
                var value: Int? = 0
                let negative = c == UInt8(ascii: "-")
                while i < bytes.count, !isSpace(bytes[i]), bytes[i] != UInt8(ascii: "#"),
                    bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "[")
                {
                    let b = bytes[i]
                    if b >= 48, b <= 57, let v = value, v < 100_000_000_000 {
                        value = v * 10 + Int(b - 48)
                    } else if !(negative && i == from) {
                        value = nil
                    }
                    i += 1
                }
                if negative, i - from == 1 { value = nil }
                out.append(
                    Token(kind: .word, text: string(from, i), line: line, value: value.map { negative ? -$0 : $0 }))
            }
        }
        return out
    }

    /// Reads a ballot file.
    public static func read(_ text: String) throws(BLTError) -> Election {
        let tokens = tokens(text)
        var k = 0
        func next(_ what: String) throws(BLTError) -> Token {
            guard k < tokens.count else {
                throw BLTError(line: tokens.last?.line ?? 1, "the file ends where \(what) was expected")
            }
            k += 1
            if tokens[k - 1].kind == .bad { throw BLTError(line: tokens[k - 1].line, tokens[k - 1].text) }
            return tokens[k - 1]
        }
        func integer(_ t: Token, _ what: String, _ range: ClosedRange<Int>) throws(BLTError) -> Int {
            guard t.kind == .word, let n = t.value, range.contains(n) else {
                throw BLTError(
                    line: t.line,
                    "expected \(what) (a whole number from \(range.lowerBound) to \(range.upperBound)), "
                        + "found '\(t.text.prefix(40))'")
            }
            return n
        }
        let n = try integer(try next("the number of candidates"), "the number of candidates", 1...maxCandidates)
        let seats = try integer(try next("the number of seats"), "the number of seats", 1...maxSeats)
        guard seats <= n else {
            throw BLTError(line: tokens[1].line, "\(seats) seats but only \(n) candidates")
        }
        var withdrawn = Set<Int>()
        var nicks: [String]?
        var tieWords: (words: [String], line: Int)?
        // Options and withdrawn candidates, before the ballots.
        while k < tokens.count {
            let t = tokens[k]
            if t.kind == .option {
                k += 1
                switch t.text {
                case "nick":
                    guard t.words.count == n else {
                        throw BLTError(line: t.line, "[nick] gives \(t.words.count) names for \(n) candidates")
                    }
                    guard Set(t.words).count == n else { throw BLTError(line: t.line, "[nick] repeats a name") }
                    nicks = t.words
                case "tie": tieWords = (t.words, t.line)
                case "withdrawn": for w in t.words { withdrawn.insert(try candidate(w, n, nicks, line: t.line)) }
                case "droop": continue
                default:
                    throw BLTError(
                        line: t.line,
                        "unknown option [\(t.text.prefix(20))]; Consort reads [nick], [tie], [withdrawn] "
                            + "and [droop]")
                }
            } else if t.kind == .word, let v = t.value, v < 0 {
                k += 1
                guard -v <= n else { throw BLTError(line: t.line, "withdrawn candidate \(-v) is not one of 1–\(n)") }
                withdrawn.insert(-v - 1)
            } else {
                break
            }
        }
        var ballots: [Election.Ballot] = []
        var total = 0
        while true {
            var t = try next("a ballot or the 0 that ends them")
            var id: String?
            if t.kind == .word, t.text.hasPrefix("("), t.text.hasSuffix(")") {
                id = String(t.text.dropFirst().dropLast())
                t = try next("the ballot's count")
            }
            if id == nil, t.kind == .word, t.value == 0 { break }
            if t.kind == .quoted {
                throw BLTError(
                    line: t.line,
                    "the names begin before the 0 that ends the ballots (does a ballot lack its closing 0?)")
            }
            let multiplier = try integer(t, "a ballot's count", 1...maxMultiplier)
            let line = t.line
            var ranking: [[Int]] = []
            var seen = Set<Int>()
            while true {
                let r = try next("the 0 that ends a ballot")
                guard r.kind == .word else {
                    throw BLTError(line: r.line, "a ballot on line \(line) does not end with 0")
                }
                if r.value == 0 { break }
                if r.text == "-" { continue }
                if let v = r.value, nicks == nil {
                    // The common case: a plain candidate number.
                    guard (1...n).contains(v) else {
                        _ = try candidate(r.text, n, nicks, line: r.line)
                        continue
                    }
                    guard seen.insert(v - 1).inserted else {
                        throw BLTError(line: r.line, "the ballot ranks candidate \(v) more than once")
                    }
                    ranking.append([v - 1])
                    continue
                }
                var rank: [Int] = []
                for part in r.text.split(separator: "=", omittingEmptySubsequences: false) {
                    let c = try candidate(String(part), n, nicks, line: r.line)
                    guard seen.insert(c).inserted else {
                        throw BLTError(line: r.line, "the ballot ranks candidate \(c + 1) more than once")
                    }
                    rank.append(c)
                }
                ranking.append(rank)
            }
            total += multiplier
            guard total <= maxMultiplier else {
                throw BLTError(line: line, "more than \(maxMultiplier) ballot papers")
            }
            if !ranking.isEmpty {
                ballots.append(Election.Ballot(multiplier: multiplier, ranking: ranking, id: id, line: line))
            }
        }
        var names: [String] = []
        for i in 0..<n {
            let t = try next("the name of candidate \(i + 1)")
            guard t.kind == .quoted else {
                throw BLTError(
                    line: t.line, "expected the quoted name of candidate \(i + 1), found '\(t.text.prefix(40))'")
            }
            names.append(t.text)
        }
        // The title, then Wichmann's source and comment, each quoted; whatever follows them (or
        // follows the title unquoted) is free text that readers ignore.
        var title = ""
        var extras: [String] = []
        var ignoredFrom: Int?
        if k < tokens.count {
            let t = try next("the title")
            guard t.kind == .quoted else {
                throw BLTError(line: t.line, "expected the quoted title after the names, found '\(t.text.prefix(40))'")
            }
            title = t.text
        }
        while k < tokens.count {
            let t = tokens[k]
            guard t.kind == .quoted, extras.count < 2 else {
                ignoredFrom = t.line
                break
            }
            extras.append(t.text)
            k += 1
        }
        var tieOrder = Array(0..<n)
        if let tie = tieWords {
            let order = try tie.words.map { w throws(BLTError) in try candidate(w, n, nicks, line: tie.line) }
            guard Set(order).count == order.count else { throw BLTError(line: tie.line, "[tie] repeats a candidate") }
            tieOrder = order + (0..<n).filter { !order.contains($0) }
        }
        var election = Election(
            title: title, seats: seats, candidates: names, withdrawn: withdrawn, tieOrder: tieOrder, ballots: ballots,
            nicknames: nicks)
        election.source = extras.first
        election.comment = extras.count > 1 ? extras[1] : nil
        election.ignoredFrom = ignoredFrom
        guard n - withdrawn.count >= seats else {
            throw BLTError(line: 1, "\(n - withdrawn.count) candidates remain after withdrawals for \(seats) seats")
        }
        return election
    }

    static func candidate(_ word: String, _ n: Int, _ nicks: [String]?, line: Int) throws(BLTError) -> Int {
        if let nicks, let i = nicks.firstIndex(of: word) { return i }
        guard let v = Int(word), (1...n).contains(v) else {
            throw BLTError(
                line: line,
                "'\(word.prefix(40))' is not a candidate: give a number from 1 to \(n)"
                    + (nicks == nil ? "" : " or a name of [nick]"))
        }
        return v - 1
    }

    /// The election as a ballot file (withdrawn candidates as a line of negative numbers, the
    /// `[tie]` order when it is not candidate order, equal rankings joined by `=`). Carries no
    /// ballot ids: an export of a secret ballot says nothing of who cast it.
    public static func write(_ e: Election) -> String {
        var out = "\(e.candidates.count) \(e.seats)\n"
        if !e.withdrawn.isEmpty { out += e.withdrawn.sorted().map { "-\($0 + 1)" }.joined(separator: " ") + "\n" }
        if e.tieOrder != Array(e.candidates.indices) {
            out += "[tie " + e.tieOrder.map { String($0 + 1) }.joined(separator: " ") + "]\n"
        }
        for b in e.ballots {
            out +=
                "\(b.multiplier) "
                + b.ranking.map { $0.map { String($0 + 1) }.joined(separator: "=") }
                .joined(separator: " ") + " 0\n"
        }
        out += "0\n"
        for name in e.candidates + [e.title] + [e.source, e.comment].compactMap({ $0 }) {
            out += "\"" + name.replacingOccurrences(of: "\"", with: "'") + "\"\n"
        }
        return out
    }
}
