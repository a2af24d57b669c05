import Foundation

/// Finds a file the repository ships (`data/practices.csv`, `policies/…`,
/// `finance/cost-model.toml`): in the working directory, or in a folder above the running
/// executable (`.build/debug/consort` sits three levels below the repository root). Nil when
/// there is none.
public func locateInRepository(_ relativePath: String, executable: String = CommandLine.arguments.first ?? "") -> URL? {
    var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
    var dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<5 {
        candidates.append(dir)
        dir = dir.deletingLastPathComponent()
    }
    return candidates.map { $0.appendingPathComponent(relativePath) }.first {
        FileManager.default.fileExists(atPath: $0.path)
    }
}
