import CSQLite

/// The SQLite layer's one error type. SQL is kept (it is the program's text) but bound values never
/// are: they are case data, and errors end up in logs and terminals.
public enum DatabaseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// SQLite refused a statement: its (extended) result code, its message, the statement's SQL.
    case sqlite(code: ResultCode, message: String, sql: String?)
    /// SQLite found the file damaged (`SQLITE_CORRUPT`): not a hiccup to retry.
    case damaged(path: String, message: String)
    /// There is no database file at `path` and the mode does not create one.
    case fileNotFound(path: String)
    case cannotOpen(path: String, problem: String)
    /// The file is not an SQLite database.
    case notADatabase(path: String)
    /// A stored value that cannot be what its column holds (an unknown enumeration key, a NULL).
    case unexpectedValue(table: String, column: String, problem: String)
    /// A write that reported success changed another number of rows than it must have.
    case changeNotStored(sql: String, found: String)
    /// A statement was run again while its rows were still being read (a query inside its own loop).
    case statementInUse(sql: String)

    /// The SQLite result code, for errors that carry one.
    public var resultCode: ResultCode? {
        if case .sqlite(let code, _, _) = self { return code }
        return nil
    }

    public var description: String {
        switch self {
        case .sqlite(let code, let message, let sql):
            "SQLite error \(code.rawValue) (\(message))" + (sql.map { " in: \($0)" } ?? "")
        case .damaged(let path, let message): "\(path) is damaged (\(message))"
        case .fileNotFound(let path): "no database at \(path)"
        case .cannotOpen(let path, let problem): "cannot open \(path): \(problem)"
        case .notADatabase(let path): "\(path) is not an SQLite database"
        case .unexpectedValue(let table, let column, let problem): "\(table).\(column): \(problem)"
        case .changeNotStored(let sql, let found): "\(found) after: \(sql)"
        case .statementInUse(let sql): "a statement was run again while its rows were being read: \(sql)"
        }
    }
}

/// An SQLite result code by name. A primary code matches every extended code of its family, as in
/// GRDB (`case .constraint` matches `SQLITE_CONSTRAINT_CHECK`); an extended one matches only itself.
public struct ResultCode: RawRepresentable, Hashable, Sendable {
    public let rawValue: Int32

    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// The primary code of an extended one (the low byte).
    public var primary: ResultCode { ResultCode(rawValue: rawValue & 0xFF) }

    public static let error = ResultCode(rawValue: SQLITE_ERROR)
    public static let busy = ResultCode(rawValue: SQLITE_BUSY)
    public static let locked = ResultCode(rawValue: SQLITE_LOCKED)
    public static let readOnly = ResultCode(rawValue: SQLITE_READONLY)
    public static let ioError = ResultCode(rawValue: SQLITE_IOERR)
    public static let corrupt = ResultCode(rawValue: SQLITE_CORRUPT)
    public static let full = ResultCode(rawValue: SQLITE_FULL)
    public static let cannotOpen = ResultCode(rawValue: SQLITE_CANTOPEN)
    public static let constraint = ResultCode(rawValue: SQLITE_CONSTRAINT)
    public static let mismatch = ResultCode(rawValue: SQLITE_MISMATCH)
    public static let misuse = ResultCode(rawValue: SQLITE_MISUSE)
    public static let range = ResultCode(rawValue: SQLITE_RANGE)
    public static let notADatabase = ResultCode(rawValue: SQLITE_NOTADB)
    /// Extended codes are C macros Swift cannot import; these are their values.
    public static let constraintTrigger = ResultCode(rawValue: SQLITE_CONSTRAINT | (7 << 8))
    public static let readOnlyCannotInit = ResultCode(rawValue: SQLITE_READONLY | (5 << 8))
    public static let readOnlyDirectory = ResultCode(rawValue: SQLITE_READONLY | (6 << 8))

    public static func ~= (pattern: ResultCode, code: ResultCode) -> Bool {
        pattern == code || (pattern == pattern.primary && code.primary == pattern)
    }
}
