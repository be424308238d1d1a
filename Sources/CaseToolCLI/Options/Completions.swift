import ArgumentParser
import CaseStore
import Foundation

/// What the shell completes for options whose values are not a fixed list: policy codes come from
/// the database the command line names (its `--db`, else $CASETOOL_DB, else ./cases.db), read without
/// changing it. Statuses, actions, sources and formats complete from their enumerations.
enum Completions {
    static let policyCode = CompletionKind.custom { words, _, prefix in
        CaseStore.policyCodes(atPath: databasePath(in: words)).filter { $0.hasPrefix(prefix) }
    }

    static let databaseFile = CompletionKind.file(extensions: ["db", "sqlite", "sqlite3"])

    /// The database a partly typed command line would open.
    static func databasePath(in words: [String]) -> String {
        var given: String?
        for (index, word) in words.enumerated() {
            if word == "--db", index + 1 < words.count {
                given = words[index + 1]
            } else if word.hasPrefix("--db=") {
                given = String(word.dropFirst("--db=".count))
            }
        }
        return DatabaseOptions.resolvedPath(given)
    }
}
