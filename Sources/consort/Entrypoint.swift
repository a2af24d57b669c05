import ConsortCLI
#if canImport(Glibc)
import Glibc
#endif

@main
struct Entrypoint {
    static func main() async {
        // Line-buffer standard output so that progress reaches a log or pipe as it happens.
        setvbuf(stdout, nil, _IOLBF, 0)
        await ConsortCommand.main()
    }
}
