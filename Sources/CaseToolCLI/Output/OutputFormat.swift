import ArgumentParser

/// How a listing or report is written to stdout.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// Aligned columns for people; control characters in stored text are neutralised.
    case table
    /// One JSON document with stable keys.
    case json
    /// RFC 4180 CSV with a header row.
    case csv
    /// A Markdown table.
    case markdown

    /// Formats a program reads: they are written even with no rows (a CSV header, `[]`).
    var isMachineReadable: Bool { self == .json || self == .csv }
}

/// `--format` for commands that print one document rather than a listing (a case file, an audit
/// result): readable text or JSON. Other formats are refused by the parser, like any bad value.
struct DocumentFormatOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @Option(help: "Output format: table (readable text) or json.")
    var format: Format = .table

    var isJSON: Bool { format == .json }
}
