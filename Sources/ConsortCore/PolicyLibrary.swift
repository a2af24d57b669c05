import Foundation

/// The policies shipped in the repository's `policies/` folder (or `CONSORT_POLICY_DIR`), and
/// policy files given by path.
public struct PolicyLibrary: Sendable {
    public let directory: URL?

    public init(directory: URL?) { self.directory = directory }

    /// The names of the policies in the folder, sorted.
    public var names: [String] {
        guard let directory, let files = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
            return []
        }
        return files.filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Every policy in the folder; a file that cannot be read is reported, not skipped.
    public func all() throws(PolicyError) -> [Policy] {
        var out: [Policy] = []
        for name in names { out.append(try load(name)) }
        return out
    }

    /// A policy by name (a file in the folder) or by the path of a TOML file.
    public func load(_ nameOrPath: String) throws(PolicyError) -> Policy {
        let isPath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml")
        if isPath {
            let url = URL(fileURLWithPath: nameOrPath)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw PolicyError(file: url.lastPathComponent, line: 0, reason: "no such file (\(url.path))")
            }
            return try PolicyReader.read(contentsOf: url)
        }
        guard let directory, names.contains(nameOrPath) else {
            let known = names.isEmpty ? "no policies are installed" : "known policies: \(names.joined(separator: ", "))"
            throw PolicyError(
                file: nameOrPath, line: 0,
                reason: "there is no policy called '\(nameOrPath)' (\(known)); give a name or the path of a .toml file")
        }
        let policy = try PolicyReader.read(contentsOf: directory.appendingPathComponent(nameOrPath + ".toml"))
        guard policy.name == nameOrPath else {
            throw PolicyError(
                file: nameOrPath + ".toml", line: 1,
                reason: "the file is named \(nameOrPath).toml but its name is '\(policy.name)'; make them match")
        }
        return policy
    }

    /// Finds the repository's `policies/` folder: in the working directory, or above the running executable.
    public static func locate(executable: String = CommandLine.arguments.first ?? "") -> URL? {
        locateInRepository("policies/pcn-2019.toml", executable: executable)?.deletingLastPathComponent()
    }
}
