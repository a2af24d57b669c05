import ConsortCore
import Foundation
import Importers
import Interop

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let formats = root.appendingPathComponent("data/formats")
let small = root.appendingPathComponent("Tests/Fixtures/small")
let d2022 = Day(year: 2022, month: 1, day: 1)!
let today = Day(year: 2026, month: 11, day: 25)!

/// A scratch directory holding one test's files.
func scratch() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("consort-importers-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func write(_ text: String, to name: String, in dir: URL = scratch()) -> URL {
    let url = dir.appendingPathComponent(name)
    try! text.write(to: url, atomically: true, encoding: .utf8)
    return url
}

/// A copy of the small fixture whose `practices.csv` rows pass through `edit` (header excluded).
func smallVariant(date: String? = nil, _ edit: (inout [[String]]) -> Void) -> URL {
    let dir = scratch()
    for name in ConsortLayoutReader.levels.map(\.file) + ["practices.csv", "EXTRACT_DATE"] {
        try! FileManager.default.copyItem(at: small.appendingPathComponent(name), to: dir.appendingPathComponent(name))
    }
    if let date { try! date.write(to: dir.appendingPathComponent("EXTRACT_DATE"), atomically: true, encoding: .utf8) }
    let url = dir.appendingPathComponent("practices.csv")
    var records = try! CSVReader.read(contentsOf: url).map(\.fields)
    let header = records.removeFirst()
    edit(&records)
    try! CSVWriter.document(header: header, rows: records).write(to: url, atomically: true, encoding: .utf8)
    return dir
}

/// Column positions in `practices.csv`.
enum Col {
    static let code = 0, name = 1, listSize = 8, pcn = 9, ccg = 10, stp = 11, region = 12
}

/// The registry state an import of `snapshot` into an empty registry leaves, built directly
/// (independently of the planner) so that later imports can be planned against it.
func state(after snapshot: Snapshot) -> RegistryState {
    var state = RegistryState(latestSnapshot: snapshot.date)
    let date = snapshot.date!
    for g in snapshot.groups {
        state.groups[g.code] = .init(
            kind: g.kind, code: g.code, name: g.name ?? g.code, onsCode: g.onsCode, parent: g.parent, validFrom: date)
        if let patients = g.patients { state.groupSizes[g.code] = [date: patients] }
    }
    for p in snapshot.practices {
        var record = p
        record.memberships = []
        record.listSize = nil
        record.weightedListSize = nil
        state.practices[p.code] = .init(record: record, knownFrom: date)
        for claim in p.memberships {
            if let code = claim.code {
                state.memberships[p.code, default: [:]][claim.kind] = .init(group: code, from: date)
            }
        }
        if let size = p.listSize {
            state.listSizes[p.code] = [.init(on: date, patients: size, weighted: p.weightedListSize)]
        }
    }
    return state
}

func issues(_ body: () throws -> Any) -> [ImportIssue] {
    do {
        _ = try body()
        return []
    } catch let failure as ImportFailure {
        return failure.issues
    } catch {
        return [ImportIssue(file: "?", line: -1, column: nil, reason: "\(error)")]
    }
}
