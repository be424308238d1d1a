import CaseAPI
/// Rows and typed columns: the one shape every listing and report takes before it is rendered
/// as a table, CSV, JSON or Markdown, so all formats always carry the same data.
struct Tabular {
    struct Column {
        enum Style {
            case text
            /// Shown with thousands separators in tables.
            case count
            /// A number that names something (a case id, a sequence number): right-aligned, never grouped,
            /// so that what a table shows can be typed back (`show 200006`).
            case identifier
            /// A ratio, shown as a percentage in tables.
            case ratio
            /// Seconds, shown as e.g. `2d 4h` in tables.
            case duration
        }

        let key: String
        let title: String
        var style: Style = .text
        /// How a text column gives way when a table must fit a terminal.
        enum Fit {
            /// Always shown whole (times, statuses, numbers).
            case whole
            /// Prose: wraps onto several lines at spaces.
            case wrap
            /// A code or handle: wraps only after a hyphen (`dangerous-` / `organizations`).
            case wrapAtHyphens
            /// Cut with an ellipsis.
            case truncate
        }

        /// Longer values are cut (or wrapped, for a column that wraps) in tables only; machine formats keep them whole.
        var maxTableWidth: Int? = nil
        var fit: Fit = .whole
        /// A column a table may hide to fit a terminal, lowest rank first; nil for columns always shown.
        var dropRank: Int? = nil
        /// False for columns that only machine formats carry (e.g. raw JSON payloads).
        var inTable = true
    }

    enum Cell: Equatable {
        case text(String)
        case integer(Int64)
        case real(Double)
        case null
    }

    let columns: [Column]
    var rows: [[Cell]] = []

    mutating func append(_ row: [Cell]) {
        precondition(row.count == columns.count, "a row must have one cell per column")
        rows.append(row)
    }
}

extension Tabular.Cell {
    init(_ text: String?) {
        self = text.map { .text($0) } ?? .null
    }

    init(_ number: Int64?) {
        self = number.map { .integer($0) } ?? .null
    }

    init(_ number: Int) {
        self = .integer(Int64(number))
    }

    init(_ number: Double?) {
        self = number.map { .real($0) } ?? .null
    }

    /// The value as machine formats write it.
    var plain: String {
        switch self {
        case .text(let text): text
        case .integer(let number): String(number)
        case .real(let number): Formatting.decimal(number)
        case .null: ""
        }
    }

    var json: JSONValue {
        switch self {
        case .text(let text): .string(text)
        case .integer(let number): .integer(number)
        case .real(let number): .real(number)
        case .null: .null
        }
    }
}
