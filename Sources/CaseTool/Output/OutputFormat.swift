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
}
