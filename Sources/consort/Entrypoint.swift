import ConsortCLI

@main
struct Entrypoint {
    static func main() async {
        await ConsortCommand.main()
    }
}
