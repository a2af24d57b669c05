import ArgumentParser
import Charts
import ConsortCore
import Foundation
import Quality

/// `consort bench funnel`: the funnel plot of every practice for a period, from the shipped QOF
/// file, against reading the file in the same run.
struct FunnelBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "funnel",
        abstract: "Time every practice's intervals and the funnel plot of all practices for a period.")

    @Option(help: "The indicator file.") var file = "data/quality/smoking-prevalence-qof.csv"
    @Option(help: "The period.") var period = "2022/23"
    @Option(help: "Timed repeats; the median is printed.") var repeats = 20

    func validate() throws {
        guard (1...1_000).contains(repeats) else { throw ValidationError("--repeats must be 1 to 1,000") }
    }

    func run() async throws {
        func median(_ body: () throws -> Void) rethrows -> Double {
            var times: [Double] = []
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                try body()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            return times.sorted()[times.count / 2]
        }
        let text = try String(contentsOfFile: file, encoding: .utf8)
        var values: [IndicatorValue] = []
        let read = try median { values = try IndicatorFile.read(text, file: file).values }
        let indicator = Indicator(
            id: values.first?.indicatorID ?? "", name: "bench", source: "bench", polarity: .lowerIsBetter)
        var benchmark: Benchmark?
        let compute = median { benchmark = Benchmark(values: values, indicator: indicator, period: period) }
        guard let b = benchmark, let england = b.england else {
            throw ValidationError("no values for \(period) in \(file)")
        }
        var svg = ""
        let draw = median {
            let funnel = Funnel(
                target: england / 100, adjustment: .additive, practices: b.rows.map { ($0.numerator, $0.denominator) })
            svg = FunnelPlot(
                id: "f", title: "bench", description: "bench",
                points: b.rows.compactMap { r in
                    r.value.map {
                        .init(
                            denominator: r.denominator, value: $0, comparison: r.comparedToEngland.rawValue,
                            label: r.practiceCode)
                    }
                }, target: england,
                limits: { n in
                    guard let a = funnel.limits(denominator: n, z: Confidence.z95),
                        let c = funnel.limits(denominator: n, z: Confidence.z998)
                    else { return nil }
                    return (a.lower * 100, a.upper * 100, c.lower * 100, c.upper * 100)
                }, xLabel: "Denominator", yLabel: "Value (%)"
            ).svg()
        }
        func ms(_ x: Double) -> String { String(format: "%8.2f ms", x) }
        let count = "\(grouped(values.count)) values read; \(grouped(b.rows.count)) practices in \(period)"
        say("\(count); median of \(repeats):")
        say("  reading the file (reference)                \(ms(read))")
        say("  every practice's intervals and comparison   \(ms(compute))")
        say("  overdispersion and the funnel plot SVG      \(ms(draw)) (\(grouped(svg.utf8.count)) bytes)")
    }
}
