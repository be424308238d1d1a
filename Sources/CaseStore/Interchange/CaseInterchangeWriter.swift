/// Writes cases in the interchange formats that `CSVRecordReader`/`JSONLinesRecordReader` and
/// `CaseInterchangeLayout` read back: one declaration of the columns (`CaseInterchange.columns`),
/// the writer here beside its readers, so export → import → export gives the same bytes.
public enum CaseInterchangeWriter {
    /// The CSV header line.
    public static var csvHeader: String { CSVText.line(CaseInterchange.columns) }

    /// One case as a CSV line; evidence, a list, as a JSON array in its cell.
    public static func csvLine(_ record: ExportRecord) -> String {
        CSVText.line(zip(CaseInterchange.columns, record.values).map { column, value in
            column == "evidence" ? (record.evidence.isEmpty ? "" : JSONText.stringArray(record.evidence)) : value ?? ""
        })
    }

    /// One case as a JSON Lines object, keys in column order: followers a number, evidence an array,
    /// absent values null.
    public static func jsonLine(_ record: ExportRecord) -> String {
        let members = zip(CaseInterchange.columns, record.values).map { column, value -> String in
            let json: String
            if column == "followers", let value, let number = Int64(value) {
                json = String(number)
            } else if column == "evidence" {
                json = JSONText.stringArray(record.evidence)
            } else {
                json = value.map(JSONText.quoted) ?? "null"
            }
            return JSONText.quoted(column) + ":" + json
        }
        return "{" + members.joined(separator: ",") + "}\n"
    }
}
