import ConsortCore
import Foundation
import Quality
import Testing

@Suite("Quality: indicator files and definitions")
struct IndicatorFileTests {
    @Test(
        "The shipped QOF smoking file: both periods, England's published value, practices compared as Fingertips does")
    func shipped() throws {
        let url = repository.appendingPathComponent("data/quality/smoking-prevalence-qof.csv")
        let file = try IndicatorFile.read(try String(contentsOf: url, encoding: .utf8), file: url.lastPathComponent)
        #expect(file.layout == .consort)
        // As published, the 2023/24 rows carry no indicator id: they take the one of their name.
        #expect(file.inferredIDs > 6_000)
        #expect(Benchmark.periods(file.values, indicator: "91547") == ["2022/23", "2023/24"])
        let defs = try Indicator.definitions(
            try String(contentsOf: repository.appendingPathComponent("data/quality/indicators.toml"), encoding: .utf8),
            file: "indicators.toml")
        let smoking = try #require(defs["91547"])
        #expect(smoking.polarity == .lowerIsBetter)
        let b = Benchmark(values: file.values, indicator: smoking, period: "2022/23")
        #expect(b.rows.count == 6_378)
        #expect(abs((b.england ?? 0) - 7_664_426.0 / 52_100_343 * 100) < 1e-9)
        #expect(b.englandSource.contains("7,664,426 of 52,100,343"))
        let densham = try #require(b.rows.first { $0.practiceCode == "A81001" })
        #expect(densham.numerator == 514 && densham.denominator == 3336)
        #expect(abs((densham.value ?? 0) - 514.0 / 3336 * 100) < 1e-9)
        #expect(abs((densham.ci95?.lower ?? 0) - 14.222_427_026_444_67) < 1e-9)
        // 15.4% with a 95% interval of 14.2–16.7% against England's 14.7%: similar.
        #expect(densham.comparedToEngland == .similar)
        let counts = Dictionary(grouping: b.rows, by: \.comparedToEngland).mapValues(\.count)
        #expect((counts[.better] ?? 0) > 1_000 && (counts[.worse] ?? 0) > 1_000)
        // 2023/24 has no England row: England's value is the sum of the practices' counts.
        let later = Benchmark(values: file.values, indicator: smoking, period: "2023/24")
        #expect(later.englandSource.contains("sum of the"))
        let n = later.rows.reduce(0) { $0 + $1.numerator }
        let d = later.rows.reduce(0) { $0 + $1.denominator }
        #expect(abs((later.england ?? 0) - n / d * 100) < 1e-9)
        // A group's scope keeps only its practices.
        let scoped = Benchmark(values: file.values, indicator: smoking, period: "2022/23", scope: ["A81001", "A81002"])
        #expect(scoped.rows.map(\.practiceCode) == ["A81001", "A81002"])
    }

    @Test("A Fingertips export: its columns read, breakdowns and suppressed rows left out, its own values ignored")
    func fingertips() throws {
        let text = """
            Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,Category Type,\
            Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Lower CI 99.8 limit,Upper CI 99.8 limit,\
            Count,Denominator,Value note
            91547,Smoking,,,E92000001,England,England,Persons,15+ yrs,,,2022/23,14.7,,,,,7664426,52100343,
            91547,Smoking,U1,PCN,A81001,"The Densham Surgery, Stockton",GPs,Persons,15+ yrs,,,2022/23,99.9,,,,,514,3336,
            91547,Smoking,U1,PCN,A81001,The Densham Surgery,GPs,Male,15+ yrs,Sex,Male,2022/23,20,,,,,300,1600,
            91547,Smoking,U1,PCN,A81002,Queens Park,GPs,Persons,15+ yrs,,,2022/23,,,,,,,,Value suppressed
            """
        let file = try IndicatorFile.read(text, file: "export.csv")
        #expect(file.layout == .fingertips)
        #expect(file.values.count == 2)
        #expect(file.skipped == 2)
        #expect(file.values[1].areaType == "practice" && file.values[1].areaName == "The Densham Surgery, Stockton")
        let b = Benchmark(
            values: file.values, indicator: Indicator(id: "91547", name: "s", source: "s", polarity: .lowerIsBetter),
            period: "2022/23")
        #expect(abs((b.rows[0].value ?? 0) - 514.0 / 3336 * 100) < 1e-9, "computed, not the export's 99.9")
    }

    @Test("Bad files are refused with the file, the line and the column")
    func bad() {
        func problem(_ text: String) -> String {
            do {
                _ = try IndicatorFile.read(text, file: "x.csv")
                return "read"
            } catch { return "\(error)" }
        }
        let header = "indicator_id,indicator_name,period,area_code,area_name,area_type,numerator,denominator\n"
        #expect(problem("") == "x.csv, line 1: the file is empty")
        #expect(problem("a,b\n1,2\n").contains("x.csv, line 1: neither Consort's layout"))
        #expect(
            problem("indicator_id,period,area_code,area_name,area_type,numerator\n")
                == "x.csv, line 1, column denominator: the column is missing")
        #expect(
            problem(header + "91547,s,2022/23,A1,A,practice,ten,100\n")
                == "x.csv, line 2, column numerator: 'ten' is not a count (a number of 0 or more)")
        #expect(
            problem(header + "91547,s,2022/23,A1,A,practice,10,100\n91547,s,2022/23,A2,B,practice,101,100\n")
                == "x.csv, line 3, column numerator: the numerator 101 is above the denominator 100")
        #expect(problem(header + "91547,s,2022/23,A1,A,practice,-1,100\n").contains("line 2, column numerator"))
        #expect(
            problem(header + "91547,s,,A1,A,practice,1,100\n") == "x.csv, line 2, column period: the value is missing")
        #expect(
            problem(header + ",other,2022/23,A1,A,practice,1,100\n")
                == "x.csv, line 2, column indicator_id: the value is missing, and no other row with the indicator name "
                + "'other' gives it")
        #expect(problem(header + "91547,s,2022/23,A1,\"A\n").contains("x.csv, line 2"))
    }

    @Test("Definitions: every field checked, errors with the line")
    func definitions() throws {
        let good = try Indicator.definitions(
            """
            [1]
            name = "Flu"
            source = "s"
            polarity = "higher"
            type = "proportion"
            target = 75
            """, file: "d.toml")
        #expect(good["1"]?.target == 75 && good["1"]?.multiplier == 100)
        func problem(_ text: String) -> String {
            do {
                _ = try Indicator.definitions(text, file: "d.toml")
                return "read"
            } catch { return "\(error)" }
        }
        #expect(
            problem("[1]\nname = \"a\"\nsource = \"s\"\npolarity = \"up\"\ntype = \"proportion\"")
                == "d.toml, line 4: polarity must be higher, lower or none")
        #expect(problem("[1]\nname = \"a\"\nsource = \"s\"\npolarity = \"up\"").contains("line 4"))
        #expect(
            problem("[1]\nsource = \"s\"\npolarity = \"none\"\ntype = \"proportion\"")
                == "d.toml, line 1: [1] needs name")
        #expect(
            problem("[1]\nname = \"a\"\nsource = \"s\"\npolarity = \"none\"\ntype = \"ratio\"").contains(
                "type must be proportion or rate"))
        #expect(problem("x = 1") == "d.toml, line 1: x must be an [id] table")
        #expect(problem("[1\n").contains("d.toml, line 1"))
    }
}
