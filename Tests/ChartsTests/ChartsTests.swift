import Charts
import ConsortCore
import Testing

@Suite("Charts")
struct ChartsTests {
    @Test("Bins count every value once, with an open last bin when capped")
    func bins() {
        let values = [0, 1, 1999, 2000, 5000, 45_000, 100_000]
        let bins = Histogram.bins(values, width: 2000, cap: 30_000)
        #expect(bins.reduce(0) { $0 + $1.count } == values.count)
        #expect(bins.first == .init(label: "0–1,999", count: 3))
        #expect(bins.last == .init(label: "30,000 or more", count: 2))
        #expect(bins.count == 16)
        #expect(Histogram.bins([], width: 10).isEmpty)
        #expect(Histogram.niceWidth(maximum: 108_789, target: 12) == 10_000)
        #expect(Histogram.niceWidth(maximum: 7, target: 12) == 1)
    }

    @Test("Real values fall in round-width bins, each counted once, negatives included")
    func realBins() {
        let values = [-7.9, -2.0, 0, 0.5, 3.99, 4.0, 12.2]
        let bins = Histogram.bins(values, target: 11) { svgNumber($0) }
        #expect(bins.reduce(0) { $0 + $1.count } == values.count)
        #expect(bins.first?.label == "-8–-6")
        #expect(bins.last?.label == "12–14")
        #expect(bins.count == 11)
        #expect(bins[3] == .init(label: "-2–0", count: 1))
        #expect(bins[4] == .init(label: "0–2", count: 2))
        #expect(Histogram.bins([5, 5, 5], format: { svgNumber($0) }).reduce(0) { $0 + $1.count } == 3)
        #expect(Histogram.bins([Double](), format: { svgNumber($0) }).isEmpty)
    }

    @Test("Line and bar charts draw every series and bar, with titles for screen readers")
    func lineAndBar() {
        let line = LineChart(
            id: "l", title: "Risk", description: "By size",
            series: [
                .init(label: "over 5%", points: [(1_000, 0.4), (10_000, 0.2), (100_000, 0.01)]),
                .init(label: "over 10%", points: [(1_000, 0.2), (10_000, 0.05), (100_000, 0)]),
            ], xLabel: "Patients", yLabel: "Chance", logX: true
        ).svg()
        #expect(line.contains("role=\"img\""))
        #expect(line.components(separatedBy: "<circle").count - 1 == 6)
        #expect(line.contains(">over 10%<"))
        #expect(line.contains(">10,000<"))
        #expect(LineChart(id: "e", title: "", description: "", series: [], xLabel: "", yLabel: "").svg().isEmpty)
        let bar = BarChart(id: "b", title: "Models", description: "", bars: [("A", 0.5), ("B", 0)]).svg()
        #expect(bar.components(separatedBy: "<rect").count - 1 == 2)
        #expect(bar.contains("<title>A: 0.5</title>"))
    }

    @Test("Charts are accessible images with escaped text")
    func accessible() {
        let svg = Histogram(
            id: "h", title: "Sizes <&>", description: "A \"test\"", bins: [.init(label: "0–9", count: 3)],
            xLabel: "x", yLabel: "y"
        ).svg()
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("<title id=\"h-title\">Sizes &lt;&amp;&gt;</title>"))
        #expect(svg.contains("<desc id=\"h-desc\">A &quot;test&quot;</desc>"))
        #expect(svg.contains("aria-labelledby=\"h-title h-desc\""))
    }

    @Test("A dot map draws every subject and the highlight, and only context inside its frame")
    func map() {
        let subjects = (0..<5).map {
            PointMap.Mark(point: .init(easting: 400_000 + Double($0) * 1000, northing: 500_000), label: "P\($0)")
        }
        let far = GridPoint(easting: 100_000, northing: 100_000)
        let svg = PointMap(
            id: "m", title: "t", description: "d", subjects: subjects,
            context: [far, .init(easting: 402_000, northing: 500_500)],
            highlight: subjects[0]
        ).svg()
        #expect(svg.components(separatedBy: "class=\"map-subject\"").count - 1 == 5)
        #expect(svg.contains("class=\"map-highlight\""))
        #expect(svg.components(separatedBy: "h0").count - 1 == 1)
        #expect(svg.contains(" km</text>"))
        let legend = PointMap(
            id: "m", title: "t", description: "d", subjects: subjects, context: [far], highlight: subjects[0],
            labels: ("members", "other practices", "this practice")
        ).legend()
        #expect(legend.contains("members (5)"))
        #expect(legend.contains("this practice"))
        #expect(!legend.contains("other practices"), "context outside the frame is not counted")
    }
}
