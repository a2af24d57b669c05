import Elections
import Foundation
import Testing

@Suite("Elections: the BLT format")
struct BLTTests {
    @Test("Reads the original format, withdrawn candidates, extensions and equal rankings; writes it back")
    func read() throws {
        let e = try BLT.read(
            """
            # a comment
            4 2
            -2
            [tie 3 1 2 4]
            3 1 3 4 0
            (b7) 4 1 3 2 0
            2 4 1=3 0
            1 2 0 /* only a withdrawn candidate */
            0
            "Adam" "Basil"
            "Charlotte"
            "Donald"
            "Title"
            "Source"
            """)
        #expect(e.candidates == ["Adam", "Basil", "Charlotte", "Donald"] && e.seats == 2 && e.title == "Title")
        #expect(e.withdrawn == [1] && e.tieOrder == [2, 0, 1, 3] && e.source == "Source")
        #expect(e.ballots.count == 4 && e.paperCount == 10)
        #expect(e.ballots[1].id == "b7" && e.ballots[1].line == 6)
        #expect(e.ballots[2].ranking == [[3], [0, 2]] && e.ballots[2].hasEqualRankings)
        let again = try BLT.read(BLT.write(e))
        #expect(again.ballots.map(\.ranking) == e.ballots.map(\.ranking))
        #expect(again.withdrawn == e.withdrawn && again.tieOrder == e.tieOrder && again.candidates == e.candidates)
        #expect(!BLT.write(e).contains("b7"), "an export carries no ballot ids")
    }

    @Test("Nicknames and [withdrawn]")
    func nicks() throws {
        let e = try BLT.read(
            """
            3 1
            [nick ann bob cy]
            [withdrawn cy]
            2 ann bob 0
            1 bob 0
            0
            "Ann" "Bob" "Cy" "Nicks"
            """)
        #expect(e.withdrawn == [2] && e.ballots.map(\.ranking) == [[[0], [1]], [[1]]])
    }

    @Test(
        "Bad files are refused with the line and the reason",
        arguments: [
            ("2 1\n1 3 0\n0\n\"A\" \"B\" \"T\"", 2, "'3' is not a candidate"),
            ("2 1\n1 1 2\n0\n\"A\" \"B\" \"T\"", 4, "lack its closing 0"),
            ("2 1\n1 1 2 [tie 1]\n0\n\"A\" \"B\" \"T\"", 2, "does not end with 0"),
            ("2 1\n1 1 1 0\n0\n\"A\" \"B\" \"T\"", 2, "more than once"),
            ("2 3\n0\n\"A\" \"B\" \"T\"", 1, "3 seats but only 2 candidates"),
            ("2 1\n[frobnicate]\n0\n\"A\" \"B\" \"T\"", 2, "unknown option"),
            ("2 1\n0\n\"A\" \"B", 3, "not closed"),
            ("2 1\n0\n\"A\"", 3, "the name of candidate 2"),
            ("x 1", 1, "the number of candidates"),
            ("", 1, "the file ends"),
            ("2 1\n-1 -2\n0\n\"A\" \"B\" \"T\"", 1, "0 candidates remain"),
            // The limits that keep a hostile file from exhausting memory.
            ("1001 1\n0", 1, "from 1 to 1000"),
            ("2 1\n100000001 1 0\n0\n\"A\" \"B\" \"T\"", 2, "from 1 to 100000000"),
            ("2 1\n100000000 1 0\n1 2 0\n0\n\"A\" \"B\" \"T\"", 3, "more than 100000000 ballot papers"),
            ("2 1\n99999999999999999999 1 0\n0\n\"A\" \"B\" \"T\"", 2, "a ballot's count"),
        ])
    func bad(_ text: String, _ line: Int, _ reason: String) {
        #expect {
            try BLT.read(text)
        } throws: { error in
            guard let e = error as? BLTError else { return false }
            return e.line == line && e.reason.contains(reason)
        }
    }

    @Test(
        """
        Free text after the title, as the Electoral Reform Society's test files carry, is ignored (the line where it \
        begins is kept), even when it holds an unclosed quote; a quoted source and comment are still read
        """
    )
    func trailingText() throws {
        let ers = try BLT.read(
            """
            3 1
            4 1 2 0
            3 2 0
            2 3 1 0
            0
            "Ann" "Bob" "Cy"
            "ERS test election"
            This file is one of a set made to test counting programs.
            Expected result: Ann elected at stage 2 ("see the report).
            """)
        #expect(ers.title == "ERS test election" && ers.ignoredFrom == 8 && ers.source == nil)
        #expect(try ers.count(.scottish).elected == ["Ann"])
        let wichmann = try BLT.read("2 1\n1 1 0\n0\n\"A\" \"B\" \"T\" \"Source\" \"Comment\" \"More\" notes")
        #expect(wichmann.source == "Source" && wichmann.comment == "Comment" && wichmann.ignoredFrom == 4)
        // Before the title, text is still an error naming its line.
        #expect(throws: BLTError.self) { try BLT.read("2 1\n1 1 0\n0\n\"A\" notes \"B\" \"T\"") }
    }

    @Test("Any bytes give an election or an error, never a crash")
    func total() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789 -=\n\"[]#()/*abtie")
        for _ in 0..<2_000 {
            let text = String((0..<Int.random(in: 0..<60, using: &generator)).map { _ in alphabet.randomElement()! })
            _ = try? BLT.read(text)
        }
    }
}
