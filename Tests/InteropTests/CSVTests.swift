import Foundation
import Interop
import Testing

@Suite("CSV")
struct CSVTests {
    @Test("Quoted fields, doubled quotes, CRLF and LF, and a missing final line end")
    func basics() throws {
        let records = try CSVReader.parse("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,,\"\"")
        #expect(records.map(\.fields) == [["a", "b", "c"], ["1", "x, y", "say \"hi\""], ["2", "", ""]])
        #expect(records.map(\.line) == [1, 2, 3])
    }

    @Test("A quoted field holding line breaks keeps later lines' numbers right")
    func multiline() throws {
        let records = try CSVReader.parse("\"Partner\nOrganisation\nCode\",Name\nA81001,X\nA81002,Y\n")
        #expect(records[0].fields[0] == "Partner\nOrganisation\nCode")
        #expect(records.map(\.line) == [1, 4, 5])
    }

    @Test("A byte order mark and blank lines are ignored")
    func bomAndBlank() throws {
        let records = try CSVReader.parse(Array([0xEF, 0xBB, 0xBF] + Array("h\n\nv\n\n".utf8)), file: "f.csv")
        #expect(records.map(\.fields) == [["h"], ["v"]])
        #expect(records.map(\.line) == [1, 3])
    }

    @Test("Broken quoting is reported with the line")
    func errors() {
        #expect(
            throws: CSVError(
                file: "f.csv", line: 2,
                reason: "a quoted field opened on this line is never closed (missing double quote)")
        ) {
            try CSVReader.parse("a\n\"open\nmore", file: "f.csv")
        }
        do {
            _ = try CSVReader.parse("a,b\nx\"y,z\n", file: "f.csv")
            Issue.record("no error")
        } catch let error as CSVError {
            #expect(error.line == 2)
            #expect(error.reason.contains("inside an unquoted field"))
        } catch { Issue.record("\(error)") }
        do {
            _ = try CSVReader.parse("\"a\"b\n", file: "f.csv")
            Issue.record("no error")
        } catch let error as CSVError {
            #expect(error.reason.contains("closing double quote"))
        } catch { Issue.record("\(error)") }
    }

    @Test("Text that is not UTF-8 is read as Latin-1")
    func latin1() throws {
        let records = try CSVReader.parse([0x43, 0x61, 0x66, 0xE9, 0x0A])
        #expect(records[0].fields == ["Café"])
    }

    @Test("Writing quotes what needs quoting and defuses formulas")
    func writing() {
        #expect(
            CSVWriter.line(["a", "b,c", "say \"hi\"", "2\nlines"]) == "a,\"b,c\",\"say \"\"hi\"\"\",\"2\nlines\"\r\n")
        #expect(CSVWriter.escape("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSVWriter.escape("+44") == "'+44")
        #expect(CSVWriter.escape("-12.5") == "-12.5")
        #expect(CSVWriter.escape("-x") == "'-x")
        let doc = CSVWriter.document(header: ["x"], rows: [["1"], ["2"]])
        #expect((try? CSVReader.parse(doc).map(\.fields)) == [["x"], ["1"], ["2"]])
    }

    @Test("Every published sample reads, with the rows the formats README describes")
    func samples() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("data/formats")
        let expected = [
            "gp-reg-pat-prac-all.csv": 151, "gp-reg-pat-prac-all-2024.csv": 151, "gp-reg-pat-prac-map.csv": 261,
            "gp-reg-pat-prac-map-2024.csv": 346, "epraccur.csv": 150, "epraccur-2026.csv": 150,
            "ePCN-PCNDetails.csv": 151, "ePCN-PCNCorePartnerDetails.csv": 151,
        ]
        for (name, count) in expected {
            let records = try CSVReader.read(contentsOf: dir.appendingPathComponent(name))
            #expect(records.count == count, "\(name)")
            #expect(Set(records.map(\.fields.count)).count == 1, "\(name) has rows of different widths")
        }
    }
}
