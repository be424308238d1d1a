/// Writes statements of reasons in the forms the Transparency Database reads: dump CSV rows (what
/// `DSAStatementLayout` imports, byte for byte) and submission API request bodies.
public enum DSAStatementWriter {
    public static func dumpHeader(columns: [String]) -> String {
        columns.joined(separator: ",") + "\n"
    }

    public static func dumpLine(_ statement: StatementOfReasons, columns: [String]) -> String {
        CSVText.dumpLine(columns.map { statement.dumpCell($0) })
    }

    /// One request body: `{"statements":[…]}`, each statement with the API's fields in its order.
    public static func apiBody(_ statements: [StatementOfReasons]) -> String {
        let objects = statements.map { statement in
            "{" + DSASubmissionRules.fields.compactMap { field -> String? in
                switch statement[field] {
                case .text(let text)?: JSONText.quoted(field) + ":" + JSONText.quoted(text)
                case .list(let keys)?: JSONText.quoted(field) + ":" + JSONText.stringArray(keys)
                case nil: nil
                }
            }.joined(separator: ",") + "}"
        }
        return "{\"statements\":[" + objects.joined(separator: ",") + "]}\n"
    }
}
