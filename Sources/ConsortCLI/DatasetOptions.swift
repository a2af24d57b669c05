import ArgumentParser

/// The options of the commands that read a configuration: the database at a date, or a dataset
/// directory (see `loadConfiguration`).
struct DatasetOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The date (YYYY-MM-DD); default: today; with --data, the dataset's date (give it for a directory "
                + "without an EXTRACT_DATE file)."))
    var date: String?

    @Option(help: "A dataset directory in Consort's layout (like data/) instead of the database.")
    var data: String?
}
