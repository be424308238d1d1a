import ArgumentParser
import CaseClient
import CaseStore

/// casetool's exit codes. Documented in the README and in `casetool --help`.
enum ExitCodes {
    static let success: Int32 = 0
    static let unexpected: Int32 = 1
    /// Bad command-line syntax (reported by the argument parser).
    static let usage: Int32 = 64
    static let invalidInput: Int32 = 65
    static let notFound: Int32 = 66
    static let workflowRefused: Int32 = 67
    /// `audit verify` or `check` found the history or the file damaged or altered.
    static let auditFailed: Int32 = 69
    static let incompatibleDatabase: Int32 = 68
    static let storage: Int32 = 74
    static let busy: Int32 = 75
    static let readOnly: Int32 = 77
    static let notSignedIn: Int32 = 71
    static let notPermitted: Int32 = 72

    static func code(for error: CaseStoreError) -> Int32 {
        switch error.category {
        case .invalidInput: invalidInput
        case .notFound: notFound
        case .workflowRefused: workflowRefused
        case .incompatibleDatabase: incompatibleDatabase
        case .storage: storage
        case .busy: busy
        case .readOnly: readOnly
        case .damaged: auditFailed
        case .unauthenticated: notSignedIn
        case .forbidden: notPermitted
        }
    }

    /// A team server's refusal means what the same refusal by the file means; not reaching the
    /// server is a storage error, and an answer casetool cannot read is unexpected.
    static func code(for error: CaseClientError) -> Int32 {
        switch error {
        case .unreachable: return storage
        case .badAddress: return usage
        case .refused(let refusal):
            switch refusal.code {
            case .invalidInput, .badRequest, .tooLarge: return invalidInput
            case .notFound: return notFound
            case .workflowRefused: return workflowRefused
            case .unauthenticated: return notSignedIn
            case .forbidden: return notPermitted
            case .busy: return busy
            case .readOnly: return readOnly
            case .incompatibleDatabase: return incompatibleDatabase
            case .damaged: return auditFailed
            case .storage: return storage
            case .methodNotAllowed, .internalError: return unexpected
            }
        }
    }

    /// The one list of exit codes and what each means: `casetool --help` prints it, and a test holds
    /// the README's table to it word for word.
    static let table: [(code: Int32, meaning: String)] = [
        (success, "success"),
        (unexpected, "unexpected error"),
        (usage, "bad command-line usage"),
        (invalidInput, "invalid input (a field's value, an unknown policy, a bad seed or import file, an output path refused)"),
        (notFound, "not found (case, account, person, token, or the database file; nothing in the queue to claim)"),
        (workflowRefused,
         "refused by the workflow (illegal transition, missing reason, an appeal decided by the person who actioned the case, "
            + "a case someone else holds or one not in the queue)"),
        (incompatibleDatabase,
         "incompatible database (not a casetool database, made by a newer casetool, edited migration, a migration record missing)"),
        (auditFailed,
         "audit or check failed; or the file is damaged (other commands then point to `casetool check`), "
            + "or holds schema objects that made a write not land"),
        (notSignedIn, "not signed in (unknown, expired or revoked token; wrong name or password)"),
        (notPermitted, "not permitted (the person's role does not allow it)"),
        (storage, "storage error (cannot open or write the file, I/O error; serve: cannot listen on the address; cannot reach the server)"),
        (busy, "database busy (another process held the lock past the timeout)"),
        (readOnly, "database is read-only"),
    ]

    /// The table as help prints it, each meaning wrapped under itself so that it fits 80 columns.
    static var helpText: String {
        "Exit codes:\n" + table.map { entry in
            let code = String(entry.code).padding(toLength: 4, withPad: " ", startingAt: 0)
            let lines = TableLayout.wrap(entry.meaning.replacingOccurrences(of: "`", with: "'"), width: 70, longWords: .keep)
            return "  " + code + lines.joined(separator: "\n      ")
        }.joined(separator: "\n")
    }
}
