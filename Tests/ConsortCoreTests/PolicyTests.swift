import ConsortCore
import Testing

@Suite("TOML")
struct TOMLTests {
    @Test("Tables, dotted keys, strings, numbers, booleans and lists, with lines")
    func parse() throws {
        let table = try TOML.parse(
            """
            # a comment
            name = "x" # trailing comment
            [a]
            n = 1_000
            f = -2.5
            b = true
            s = 'lit\\eral'
            e = "tab\\tquote\\"\\u00e9"
            list = [
              "one",   # comment
              "two",
            ]
            [a.sub]
            c.d = 3
            """)
        #expect(table["name"]?.value == .string("x"))
        #expect(table["name"]?.line == 2)
        guard case .table(let a)? = table["a"]?.value else {
            Issue.record("no table a")
            return
        }
        #expect(a.line == 3)
        #expect(a["n"]?.value == .integer(1000))
        #expect(a["f"]?.value == .float(-2.5))
        #expect(a["b"]?.value == .bool(true))
        #expect(a["s"]?.value == .string("lit\\eral"))
        #expect(a["e"]?.value == .string("tab\tquote\"é"))
        #expect(a["list"]?.value == .array([.string("one"), .string("two")]))
        guard case .table(let ab)? = a["sub"]?.value, case .table(let c)? = ab["c"]?.value else {
            Issue.record("no a.sub.c")
            return
        }
        #expect(c["d"]?.value == .integer(3))
        #expect(c["d"]?.line == 14)
    }

    @Test(
        """
        Errors name the line
        """,
        arguments: [
            ("a = 1\na = 2", 2, "defined twice"),
            ("[t]\n[t]", 2, "defined twice"),
            ("x = \"open", 1, "not closed"),
            ("x = {a = 1}", 1, "inline tables"),
            ("[[x]]", 1, "arrays of tables"),
            ("\n\nx = 1 2", 3, "unexpected text"),
            ("x = 1__0", 1, "not a number"),
            ("x", 1, "expected ="),
            ("x = [1, 2", 1, "expected , or ]"),
        ])
    func errors(text: String, line: Int, reason: String) {
        do {
            _ = try TOML.parse(text)
            Issue.record("no error for \(text)")
        } catch {
            #expect(error.line == line)
            #expect(error.reason.contains(reason), "\(error.reason)")
        }
    }
}

@Suite("Policies")
struct PolicyTests {
    let good = """
        name = "mine"
        version = "1"
        [sources]
        a = "Source A: somewhere"
        [consortium.size]
        min = 100
        max = 200
        source = "a"
        """

    @Test("A good policy reads")
    func reads() throws {
        let policy = try PolicyReader.read(good, file: "mine.toml")
        #expect(policy.name == "mine")
        #expect(policy.rules(for: .consortium)?.size?.min == 100)
        #expect(policy.rules(for: .consortium)?.kinds == [.consortium])
        #expect(policy.citation("a") == "Source A: somewhere")
    }

    @Test(
        """
        Malformed or inconsistent policies are refused with file, line and reason
        """,
        arguments: [
            ("min = 100\nmax = 200", "min = 300\nmax = 200", 7, "min (300) is above max (200)"),
            ("[consortium.size]", "[county.size]", 5, "[county] is a level Consort does not know"),
            ("[consortium.size]", "[County.size]", 5, "[County] is not a level name"),
            ("source = \"a\"", "", 5, "has no 'source'"),
            ("source = \"a\"", "source = \"b\"", 8, "source 'b' is not listed in [sources]"),
            ("min = 100", "min = \"many\"", 6, "must be a whole number"),
            ("max = 200", "max = 200\nadvisory_max = 300", 8, "advisory_max (300) is above max (200)"),
            ("min = 100", "minimum = 100", 6, "unknown setting 'minimum'"),
            ("version = \"1\"\n", "", 1, "'version' is missing"),
        ])
    func refused(replace: String, with: String, line: Int, reason: String) {
        let text = good.replacingOccurrences(of: replace, with: with)
        do {
            _ = try PolicyReader.read(text, file: "mine.toml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.file == "mine.toml")
            #expect(error.line == line, "\(error)")
            #expect(error.reason.contains(reason), "\(error)")
        }
    }

    @Test("Access windows")
    func windows() {
        #expect(AccessWindow("Mon-Fri 18:30-20:00")?.weeklyMinutes == 450)
        #expect(AccessWindow("Sat 09:00-17:00")?.weeklyMinutes == 480)
        #expect(AccessWindow("Fri-Mon 09:00-10:00") == nil)
        #expect(AccessWindow("Sat 17:00-09:00") == nil)
        #expect(AccessWindow("Someday 09:00-10:00") == nil)
    }
}
