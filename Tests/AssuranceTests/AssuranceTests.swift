import Assurance
import ConsortCore
import Foundation
import Importers
import Interop
import Testing

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let library = PolicyLibrary(directory: root.appendingPathComponent("policies"))
let day = Day(year: 2022, month: 1, day: 1)!

/// A small configuration written by hand: practices at points (km), sizes and IMD scores.
struct Builder {
    var practices: [Configuration.Practice] = []
    var groups: [Configuration.Group] = []

    @discardableResult
    mutating func practice(
        _ code: String, km: (Double, Double)?, size: Int = 10_000, sizeOn: Day? = day, imd: Double? = 20
    ) -> Int {
        practices.append(
            .init(
                code: code, name: "Practice \(code)", point: km.map { (x: Int($0.0 * 1000), y: Int($0.1 * 1000)) },
                listSize: size, listSizeOn: sizeOn, imdScore: imd))
        return practices.count - 1
    }

    mutating func group(
        _ code: String, _ kind: GroupKind, _ members: [Int], parent: String? = nil,
        published: Configuration.PublishedSize? = nil
    ) {
        groups.append(
            .init(code: code, name: "Group \(code)", kind: kind, parent: parent, members: members, published: published)
        )
    }

    var configuration: Configuration { Configuration(date: day, practices: practices, groups: groups) }
}

/// A policy written inline for one rule.
func policy(_ body: String) throws -> Policy {
    try PolicyReader.read(
        """
        name = "test"
        version = "1"
        [sources]
        s = "Test source: for tests"
        \(body)
        """, file: "test.toml")
}

@Suite("Assurance rules on hand-made configurations")
struct RuleTests {
    @Test("Coverage: practices in no group, reported by area; exclusivity: a practice in two")
    func coverage() throws {
        var b = Builder()
        let p = (0..<5).map { b.practice("P\($0)", km: (Double($0), 0)) }
        b.group("A", .consortium, [p[0], p[1], p[4]])
        b.group("B", .consortium, [p[2], p[4]])
        let report = Assurance.check(
            b.configuration,
            policy: try policy(
                """
                [consortium.coverage]
                required = true
                exclusive = true
                source = "s"
                """))
        let gaps = report.findings.filter { $0.rule == .coverage }
        #expect(gaps.count == 1)
        #expect(gaps.first?.subject.code == "ENG")
        #expect(gaps.first?.organisations.map(\.code) == ["ENG", "P3"])
        #expect(gaps.first?.severity == .blocking)
        #expect(gaps.first?.figure("patients") == 10_000)
        let doubles = report.findings.filter { $0.rule == .exclusivity }
        #expect(doubles.map(\.subject.code) == ["P4"])
        #expect(!report.passes)
    }

    @Test("Coverage gaps are grouped by the area one level up")
    func coverageAreas() throws {
        var b = Builder()
        let p = (0..<4).map { b.practice("P\($0)", km: (Double($0), 0)) }
        b.group("C1", .consortium, [p[0], p[1]])
        b.group("C2", .consortium, [p[2], p[3]])
        b.group("N1", .network, [p[0]])
        let report = Assurance.check(
            b.configuration,
            policy: try policy(
                """
                [network]
                kinds = ["network"]
                [network.coverage]
                severity = "advisory"
                source = "s"
                """))
        let gaps = report.findings.filter { $0.rule == .coverage }
        #expect(gaps.map(\.subject.code) == ["C1", "C2"])
        #expect(gaps.map { $0.figure("practices") } == [1, 2])
        #expect(gaps.allSatisfy { $0.severity == .advisory })
        #expect(report.passes)
    }

    @Test(
        """
        Size: hard band blocks, advisory band advises, each group once
        """,
        arguments: [
            (50_000, Policy.Severity?.some(.blocking)), (99_999, .blocking), (100_000, .advisory), (149_999, .advisory),
            (150_000, nil), (500_000, nil), (500_001, .advisory), (750_000, .advisory), (750_001, .blocking),
        ])
    func size(patients: Int, expected: Policy.Severity?) throws {
        var b = Builder()
        b.group("G", .consortium, [b.practice("P", km: (0, 0), size: patients)])
        let report = Assurance.check(
            b.configuration,
            policy: try policy(
                """
                [consortium.size]
                min = 100_000
                max = 750_000
                source = "s"
                advisory_min = 150_000
                advisory_max = 500_000
                """))
        #expect(report.findings.map(\.severity) == (expected.map { [$0] } ?? []))
        if let finding = report.findings.first {
            #expect(finding.figure("patients") == Double(patients))
            #expect(finding.message.contains("Test source"))
        }
    }

    @Test("Contiguity: a group whose parts lie further apart than the limit is split")
    func contiguity() throws {
        var b = Builder()
        let near = [b.practice("A", km: (0, 0)), b.practice("B", km: (1, 0)), b.practice("C", km: (2, 1))]
        let far = b.practice("D", km: (50, 0))
        b.practice("E", km: (25, 30))
        b.group("G", .network, near + [far])
        b.group("H", .network, near)
        let rules = """
            [network]
            kinds = ["network"]
            [network.contiguity]
            max_link_km = 20
            enclaves = false
            source = "s"
            """
        let report = Assurance.check(b.configuration, policy: try policy(rules))
        let split = report.findings.filter { $0.rule == .contiguity }
        #expect(split.map(\.subject.code) == ["G"])
        #expect(split.first?.figure("parts") == 2)
        #expect(split.first?.figure("gap") == 48)
        #expect(split.first?.organisations.map(\.code) == ["G", "D"])
        let relaxed = Assurance.check(
            b.configuration,
            policy: try policy(rules.replacingOccurrences(of: "max_link_km = 20", with: "max_link_km = 60")))
        #expect(relaxed.findings.isEmpty)
    }

    @Test("Enclaves: a group wholly surrounded by one other group")
    func enclave() throws {
        var b = Builder()
        var ring: [Int] = []
        for (i, radius) in [5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0].enumerated() {
            let angle = Double(i % 6) * Double.pi / 3 + (radius > 5 ? 0.5 : 0)
            ring.append(b.practice("R\(i)", km: (radius * cos(angle), radius * sin(angle))))
        }
        let core = [b.practice("X1", km: (0, 0.5)), b.practice("X2", km: (0.5, -0.5))]
        b.group("HOST", .consortium, ring)
        b.group("INNER", .consortium, core)
        let report = Assurance.check(
            b.configuration,
            policy: try policy(
                """
                [consortium.contiguity]
                max_link_km = 20
                source = "s"
                """))
        let enclaves = report.findings.filter { $0.rule == .enclave }
        #expect(enclaves.map(\.subject.code) == ["INNER"])
        #expect(enclaves.first?.organisations.map(\.code) == ["INNER", "HOST"])
    }

    @Test("Cherry-picking: less deprived than its neighbours by the thresholds, with Welch's t")
    func cherryPicking() throws {
        func run(groupIMD: [Double], aroundIMD: [Double]) throws -> Report {
            var b = Builder()
            let inside = groupIMD.enumerated().map {
                b.practice("G\($0.offset)", km: (Double($0.offset), 0), imd: $0.element)
            }
            let around = aroundIMD.enumerated().map {
                b.practice("N\($0.offset)", km: (Double($0.offset), 2), imd: $0.element)
            }
            b.group("RICH", .consortium, inside)
            b.group("POOR", .consortium, around)
            return Assurance.check(
                b.configuration,
                policy: try policy(
                    """
                    [consortium.cherry_picking]
                    advisory_gap = 5
                    blocking_gap = 10
                    min_t = 2
                    source = "s"
                    threshold_source = "s"
                    """))
        }
        let stark = try run(groupIMD: [8, 10, 12], aroundIMD: [28, 30, 32, 31, 29])
        let rich = stark.findings.filter { $0.subject.code == "RICH" }
        #expect(rich.count == 1)
        #expect(rich.first?.severity == .blocking)
        #expect(rich.first?.figure("gap") == 20)
        #expect(rich.first?.drivers.count == 5)
        #expect(rich.first?.drivers.first?.code == "N2")
        #expect(stark.findings.filter { $0.subject.code == "POOR" }.isEmpty)
        let mild = try run(groupIMD: [18, 20, 22], aroundIMD: [25, 27, 26, 28, 24])
        #expect(mild.findings.first?.severity == .advisory)
        // A large gap from a noisy neighbourhood does not reach t = 2.
        let noisy = try run(groupIMD: [10, 12], aroundIMD: [2, 60, 5, 40])
        #expect(noisy.findings.isEmpty)
    }

    @Test("Welch's t against its closed form")
    func welch() throws {
        // a: mean 5, sample variance 2.5; b: mean 2, sample variance 1; se = sqrt(2.5/5 + 1/3).
        let t = try #require(Assurance.welchT([3, 4, 5, 6, 7], [1, 2, 3]))
        #expect(abs(t - 3 / (0.5 + 1.0 / 3).squareRoot()) < 1e-12)
        #expect(Assurance.welchT([1], [1, 2]) == nil)
        #expect(Assurance.welchT([2, 2], [2, 2]) == nil)
    }

    @Test("Overlaps: a federation equal to a consortium, inside one, and practices in several federations")
    func overlaps() throws {
        var b = Builder()
        let p = (0..<4).map { b.practice("P\($0)", km: (Double($0), 0)) }
        b.group("C", .consortium, [p[0], p[1], p[2]])
        b.group("D", .consortium, [p[3]])
        b.group("SAME", .network, [p[0], p[1], p[2]])
        b.group("FED-0001", .federation, [p[0], p[1]])
        b.group("FED-0002", .federation, [p[2], p[3]])
        let report = Assurance.check(
            b.configuration,
            policy: try policy(
                """
                [consortium.size]
                min = 1
                source = "s"
                [overlaps]
                source = "s"
                """))
        let subjects = report.findings.filter { $0.rule == .overlap }.map(\.subject.code)
        #expect(subjects == ["FED-0001", "P0", "P1", "P2", "SAME"])
        #expect(report.findings.allSatisfy { $0.severity == .advisory })
    }
}

@Suite("Each level's rules apply to the kinds it names")
struct LevelKindsTests {
    @Test(
        """
        Under pcn-2019 a federation is not size-checked as a PCN; its access rule still names federations; a \
        policy can name federations for a level when it means to
        """
    )
    func kinds() throws {
        var b = Builder()
        let p = (0..<4).map { b.practice("P\($0)", km: (Double($0), 0), size: 5_000) }
        b.group("U1", .network, [p[0], p[1], p[2], p[3]])
        b.group("FED-0001", .federation, [p[0], p[1]])
        let pcn = try library.load("pcn-2019")
        #expect(pcn.rules(for: .network)?.kinds == [.network])
        #expect(pcn.rules(for: .network)?.access?.kinds == [.network, .federation])
        let report = Assurance.check(b.configuration, policy: pcn)
        let sized = Set(report.findings.filter { $0.rule == .size }.map(\.subject.code))
        #expect(sized == ["U1"], "20,000 patients: the network is below 30,000; the federation is not a network")
        #expect(report.levels.first?.groups == 1)
        // A policy that means federations to be sized names them.
        let both = try policy(
            """
            [network]
            kinds = ["network", "federation"]
            [network.size]
            min = 30_000
            source = "s"
            """)
        #expect(both.rules(for: .network)?.access == nil)
        let sizedBoth = Set(
            Assurance.check(b.configuration, policy: both).findings.filter { $0.rule == .size }.map(\.subject.code))
        #expect(sizedBoth == ["U1", "FED-0001"])
        // Access kinds default to the level's.
        let access = try policy(
            """
            [network.access]
            minutes_per_1000 = 30
            source = "s"
            """)
        #expect(access.rules(for: .network)?.access?.kinds == [.network])
    }
}

@Suite("Assurance on the shipped January 2022 data")
struct ShippedDataTests {
    /// List sizes summed by group, straight from practices.csv.
    static func sizes(column: Int) throws -> [String: Int] {
        var out: [String: Int] = [:]
        for record in try CSVReader.read(contentsOf: root.appendingPathComponent("data/practices.csv")).dropFirst()
        where !record.fields[column].isEmpty {
            out[record.fields[column], default: 0] += Int(record.fields[8])!
        }
        return out
    }

    static let configuration: Configuration = {
        let snapshot = try! SnapshotReader.read(root.appendingPathComponent("data"))
        return snapshot.configuration(date: day)
    }()

    @Test(
        """
        gp-consortia-2010: exactly the CCGs outside 100,000–750,000 block, and those outside 150,000–500,000 \
        advise
        """
    )
    func consortia2010() throws {
        let report = Assurance.check(Self.configuration, policy: try library.load("gp-consortia-2010"))
        let ccgs = try Self.sizes(column: 10)
        let size = report.findings.filter { $0.rule == .size }
        #expect(
            Set(size.filter { $0.severity == .blocking }.map(\.subject.code))
                == Set(ccgs.filter { $0.value < 100_000 || $0.value > 750_000 }.keys))
        #expect(
            Set(size.filter { $0.severity == .advisory }.map(\.subject.code))
                == Set(
                    ccgs.filter { (100_000...750_000).contains($0.value) && ($0.value < 150_000 || $0.value > 500_000) }
                        .keys))
        #expect(size.filter { $0.severity == .blocking }.count == 28)
        #expect(report.findings.filter { $0.rule == .coverage || $0.rule == .exclusivity }.isEmpty)
        #expect(!report.passes)
        // Figures carried by each finding are the CSV's sums.
        for f in size { #expect(f.figure("patients") == Double(ccgs[f.subject.code]!)) }
    }

    @Test(
        """
        pcn-2019: networks under 30,000 block, over 50,000 advise, and the 68 practices in no network are all reported
        """
    )
    func networks2019() throws {
        let report = Assurance.check(Self.configuration, policy: try library.load("pcn-2019"))
        let pcns = try Self.sizes(column: 9)
        let size = report.findings.filter { $0.rule == .size }
        #expect(
            Set(size.filter { $0.severity == .blocking }.map(\.subject.code))
                == Set(pcns.filter { $0.value < 30_000 }.keys))
        #expect(
            Set(size.filter { $0.severity == .advisory }.map(\.subject.code))
                == Set(pcns.filter { $0.value > 50_000 }.keys))
        #expect(size.filter { $0.severity == .blocking }.count == 91)
        #expect(size.filter { $0.severity == .advisory }.count == 464)
        let records = try CSVReader.read(contentsOf: root.appendingPathComponent("data/practices.csv")).dropFirst()
        let unallocated = Set(records.filter { $0.fields[9].isEmpty }.map { $0.fields[0] })
        #expect(unallocated.count == 68)
        let reported = Set(
            report.findings.filter { $0.rule == .coverage }.flatMap(\.organisations).filter { $0.kind == "practice" }
                .map(\.code))
        #expect(reported == unallocated)
        #expect(report.findings.filter { $0.rule == .exclusivity }.isEmpty)
    }

    @Test("ccg-2013: every CCG of 2022 lies inside the sizes of 2013 except the merged giants above 869,400")
    func ccg2013() throws {
        let report = Assurance.check(Self.configuration, policy: try library.load("ccg-2013"))
        let ccgs = try Self.sizes(column: 10)
        #expect(
            Set(report.findings.filter { $0.rule == .size && $0.severity == .blocking }.map(\.subject.code))
                == Set(ccgs.filter { $0.value < 63_100 || $0.value > 869_400 }.keys))
    }

    @Test("Every shipped policy reads, names its file, and cites every source it uses")
    func shippedPolicies() throws {
        #expect(
            library.names == [
                "ccg-2013", "enhanced-access-2022", "gp-consortia-2010", "icb-2025", "neighbourhood-2025", "pcn-2019",
            ])
        for policy in try library.all() {
            for source in policy.sources { #expect(!source.citation.isEmpty) }
            #expect(policy.levels.allSatisfy { $0.size != nil })
        }
        let access = try #require(try library.load("enhanced-access-2022").rules(for: .network)?.access)
        #expect(access.minutesPer1000 == 60)
        let windows: [AccessWindow] = access.hours.compactMap { AccessWindow($0) }
        let weekly: Int = windows.map(\.weeklyMinutes).reduce(0, +)
        #expect(weekly == 930)  // 5 × 90 minutes on weekday evenings + 480 on Saturday
        let extended = try #require(try library.load("pcn-2019").rules(for: .network)?.access)
        #expect(extended.minutesPer1000 == 30)
        #expect(extended.roundToMinutes == 15)
    }
}
