import Foundation
import FuzzTargets

#if CONSORT_FUZZ
    // Built with `-sanitize=fuzzer -DCONSORT_FUZZ`: the package's entry point starts libFuzzer's
    // driver with the target named by `CONSORT_FUZZ_TARGET` (SwiftPM names an executable's entry
    // `consort_fuzz_main`, so libFuzzer's own `main` is not used).
    @_silgen_name("LLVMFuzzerRunDriver")
    func runDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    nonisolated(unsafe) var chosen: (@Sendable (Data) -> Void)?

    func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
        guard let bytes, let target = chosen else { return 0 }
        target(Data(bytes: bytes, count: count))
        return 0
    }

    @_cdecl("consort_fuzz_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        let name = ProcessInfo.processInfo.environment["CONSORT_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTargets.all[name] else {
            FileHandle.standardError.write(
                Data("set CONSORT_FUZZ_TARGET to one of \(FuzzTargets.all.keys.sorted())\n".utf8))
            return 2
        }
        chosen = target
        var count = argc
        var arguments = argv
        return runDriver(&count, &arguments, fuzzOne)
    }
#else
    /// Without libFuzzer: `consort-fuzz TARGET PATH…` runs the target on each file (or each file
    /// of each folder) given, e.g. the committed corpus, and says how many it read.
    @main
    struct Replay {
        static func main() {
            let arguments = CommandLine.arguments.dropFirst()
            guard let name = arguments.first, let target = FuzzTargets.all[name] else {
                let names = FuzzTargets.all.keys.sorted().joined(separator: ", ")
                print("usage: consort-fuzz TARGET PATH… (targets: \(names))")
                exit(2)
            }
            var files: [URL] = []
            for path in arguments.dropFirst() {
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                    print("\(path): no such file or folder")
                    exit(2)
                }
                let url = URL(fileURLWithPath: path)
                files +=
                    isFolder.boolValue
                    ? (try? FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)) ?? []
                    : [url]
            }
            for file in files.sorted(by: { $0.path < $1.path }) {
                guard let data = try? Data(contentsOf: file) else { continue }
                target(data)
            }
            print("\(name): \(files.count) inputs, none stopped the process")
        }
    }
#endif
