import Charts
import ConsortCore
import ConsortTestSupport
import ConsortWeb
import Foundation
import RegistryWeb
import Testing

@Suite("Practice search")
struct PracticeSearchTests {
    let view = mockRegistry(
        practices: [
            MockPractice("A1", "Harbour Surgery", patients: 5_000, postcode: "TS24 7PW", at: (450_000, 532_000)),
            MockPractice("A2", "Fens Medical Centre", patients: 6_000, postcode: "TS25 2AT", at: (452_000, 528_000)),
            MockPractice("B1", "Town Health Centre", patients: 7_000, postcode: "TS1 2AB", at: (449_000, 519_000)),
        ],
        groups: [
            MockGroup("U1", .network, "Hartlepool Health PCN", members: ["A1", "A2"]),
            MockGroup("U2", .network, "Central Middlesbrough PCN", members: ["B1"]),
        ])

    func run(_ text: String, places: [GeoJSON.Place] = []) -> [String] {
        var q = PracticeQuery()
        q.text = text
        q.places = places
        return q.run(on: view).map { view.practices[$0].code }.sorted()
    }

    @Test("Finds by name, code, postcode without spaces and the PCN's name")
    func text() {
        #expect(run("harbour") == ["A1"])
        #expect(run("b1") == ["B1"])
        #expect(run("ts252at") == ["A2"])
        #expect(run("hartlepool health") == ["A1", "A2"])
        #expect(run("middlesbrough pcn") == ["B1"])
        #expect(run("nowhere").isEmpty)
    }

    @Test("A town's whole name finds the practices within 5 km of it, a city's within 8 km")
    func town() {
        // Hartlepool (OS Open Names, Town) at about 450,900 532,900: A1 is 1.3 km away, A2 5.4 km.
        let hartlepool = GeoJSON.Place(
            name: "Hartlepool", kind: "Town", point: GridPoint(easting: 450_900, northing: 532_900))
        #expect(run("Hartlepool", places: [hartlepool]) == ["A1", "A2"], "A2 by its PCN's name; A1 by both")
        let town = GeoJSON.Place(name: "Seaton", kind: "Town", point: GridPoint(easting: 451_000, northing: 531_000))
        #expect(run("seaton", places: [town]) == ["A1", "A2"])
        #expect(run("seat", places: [town]).isEmpty, "a town is named whole")
        let city = GeoJSON.Place(name: "Teesport", kind: "City", point: GridPoint(easting: 455_000, northing: 523_000))
        #expect(run("Teesport", places: [city]) == ["A2", "B1"])
        #expect(run("Teesport", places: [GeoJSON.Place(name: "Teesport", kind: "Town", point: city.point)]).isEmpty)
    }
}
