/// Writes cases in the interchange formats that `CSVRecordReader`/`JSONLinesRecordReader` and
/// `CaseInterchangeLayout` read back: one declaration of the columns (`CaseInterchange.columns`),
/// the writer here beside its readers, so export → import → export gives the same bytes.
public enum CaseInterchangeWriter {
    /// The CSV header line.
    public static var csvHeader: String { CSVText.line(CaseInterchange.columns) }

    /// One case as a CSV line; decisions and evidence, lists, as JSON arrays in their cells.
    public static func csvLine(_ record: ExportRecord) -> String {
        CSVText.line(record.values.map { value in
            switch value {
            // Opened in a spreadsheet, a value must not run as a formula; import reads it back as it was.
            case .text(let text): CSVText.guarded(text)
            case .list(let list): list.isEmpty ? "" : JSONText.stringArray(list)
            case .null: ""
            }
        })
    }

    private static let numberColumns = Set(CaseFields.content.filter(\.isNumber).map(\.interchangeName))

    /// One case as a JSON Lines object, keys in column order: followers a number, evidence an array,
    /// absent values null.
    public static func jsonLine(_ record: ExportRecord) -> String {
        let members = zip(CaseInterchange.columns, record.values).map { column, value -> String in
            let json: String
            switch value {
            case .text(let text) where numberColumns.contains(column) && Int64(text) != nil: json = text
            case .text(let text): json = JSONText.quoted(text)
            case .list(let list): json = JSONText.stringArray(list)
            case .null: json = "null"
            }
            return JSONText.quoted(column) + ":" + json
        }
        return "{" + members.joined(separator: ",") + "}\n"
    }
}

/// casetool's own file formats for cases: what `export` writes and `import` reads.
public enum InterchangeFormat: String, CaseIterable, Sendable {
    case csv, jsonl

    /// The media type a server sends it as.
    public var contentType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8"
        case .jsonl: "application/x-ndjson"
        }
    }
}
