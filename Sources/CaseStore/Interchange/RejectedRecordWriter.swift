/// Writes rows an import rejected in the input's own format, each with an `error` field last: the
/// file can be fixed and imported again (with `ignoreUnknown`, or after dropping that column).
public struct RejectedRecordWriter {
    public enum Format: Sendable {
        case csv, jsonLines
    }

    private let format: Format
    private var header: [String]?

    public init(format: Format) {
        self.format = format
    }

    /// The text for one rejected record; for CSV the first also carries the header line.
    public mutating func text(for record: ImportRecord, error: CaseStoreError) -> String {
        switch format {
        case .csv:
            var text = ""
            if header == nil {
                let names = record.fields.map(\.name)
                header = names
                text += CSVText.line(names + ["error"])
            }
            let values = record.fields.map { field -> String in
                switch field.value {
                case .text(let value): value
                case .list(let values): JSONText.stringArray(values)
                case .null: ""
                }
            }
            return text + CSVText.line(values + [error.description])
        case .jsonLines:
            let members = record.fields.map { field -> String in
                let json = switch field.value {
                case .text(let value): JSONText.quoted(value)
                case .list(let values): JSONText.stringArray(values)
                case .null: "null"
                }
                return JSONText.quoted(field.name) + ":" + json
            }
            return "{" + (members + [JSONText.quoted("error") + ":" + JSONText.quoted(error.description)]).joined(separator: ",") + "}\n"
        }
    }
}
