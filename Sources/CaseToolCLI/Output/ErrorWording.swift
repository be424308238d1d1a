import CaseStore

/// A store error as the command line says it: the library's sentence, and what to run about it
/// where the remedy is a casetool command or flag (the library names neither).
enum ErrorWording {
    static func text(for error: CaseStoreError) -> String {
        let base = error.description
        switch error {
        case .databaseNotFound:
            return base + ": run 'casetool init' to create one, or pass --db PATH"
        case .notInitialized(let path):
            return base + ": run 'casetool init --db \(path)' first"
        case .unknownPolicy(_, let suggestions) where suggestions.isEmpty:
            return base + "; 'casetool policies' lists them, 'casetool seed' loads the catalog and 'casetool policies add' adds one"
        case .reasonRequired:
            return base + " (--reason)"
        case .claimNotHeld(let id, _):
            return base + " ('casetool claim \(id)')"
        case .templateNotFound:
            return base + "; 'casetool templates' lists them"
        case .outputExists:
            return base + "; choose a new file, or replace it with --force"
        case .unknownColumn:
            return base + "; --ignore-unknown skips it"
        case .reportTooLarge:
            return base + ": narrow --since/--until, choose a longer --period or fewer --by dimensions, or leave out empty rows with --omit-empty"
        case .unknownMetric:
            return base + "; 'casetool report --help' lists them"
        case .writeNotStored:
            return base + "; run 'casetool check'"
        case .schemaAltered(let path, _):
            return base + ": 'casetool check --db \(path)' lists every difference"
        case .damagedDatabase(let path, _):
            return base + ": 'casetool check --db \(path)' lists what is wrong; restore a backup"
        default:
            return base
        }
    }
}
