import ArgumentParser
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
        }
    }

    static let helpText = """
        Exit codes:
          0   success
          1   unexpected error
          64  bad command-line usage
          65  invalid input (a value, an unknown policy, a bad file or output path)
          66  not found (case, account, or the database file)
          67  refused by the workflow (illegal transition, missing reason)
          68  incompatible database (not casetool's, newer, migrations edited/missing)
          69  audit or check failed, or the file is damaged or altered
          74  storage error (cannot open or write the file, disk full, I/O error)
          75  database busy (another process held the lock past the timeout)
          77  database is read-only
        """
}
