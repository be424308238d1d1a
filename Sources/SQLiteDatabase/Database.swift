import CSQLite
import Foundation

/// One SQLite connection. Not thread-safe: use one per thread or process.
///
/// Opening sets WAL journaling, foreign keys and a busy timeout, so several
/// processes can read and write the same file without "database is locked".
public final class Database {
    public enum OpenMode: Sendable {
        /// Open an existing file for reading only.
        case readOnly
        /// Open an existing file for reading and writing.
        case readWrite
        /// Open for reading and writing, creating the file (owner-only permissions) and its folder if missing.
        case readWriteCreate
        /// Read what is committed without leaving anything behind (shell completion): immutable when
        /// no `-wal` file exists, so SQLite creates none and no `-shm`; plain read-only when one does
        /// (a writer is active or was interrupted), reading its frames through the files already there.
        case peek
    }

    public static let inMemoryPath = ":memory:"
    /// How long a writer waits for another process's transaction before giving up.
    public static let defaultBusyTimeoutMilliseconds: Int32 = 10_000

    private(set) var handle: OpaquePointer
    public let path: String
    /// What failures after opening are thrown as. A library on top of this layer sets it once, so
    /// that its callers only ever see its own error type, with the `DatabaseError` as the cause;
    /// left alone, the `DatabaseError` itself is thrown.
    public var errorMapper: (DatabaseError) -> any Error = { $0 }
    private var statementCache: [String: Statement] = [:]
    /// See `withoutNestedSavepoints`.
    var nestedSavepointsEnabled = true

    public init(
        path: String,
        mode: OpenMode = .readWriteCreate,
        busyTimeoutMilliseconds: Int32 = Database.defaultBusyTimeoutMilliseconds
    ) throws {
        self.path = path
        let isMemory = path == Self.inMemoryPath
        if !isMemory {
            try Self.prepareFile(at: path, mode: mode)
        }
        var flags = SQLITE_OPEN_URI
        switch mode {
        case .readOnly, .peek: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        let immutable = mode == .peek && !isMemory && !FileManager.default.fileExists(atPath: path + "-wal")
        handle = try Self.connect(
            isMemory ? path : Self.fileURI(path) + (immutable ? "?immutable=1" : ""), path: path, flags: flags,
            busyTimeout: busyTimeoutMilliseconds)
        do {
            try configure(isMemory: isMemory)
        } catch let error as DatabaseError where !isMemory && Self.needsImmutableFallback(error) {
            // A WAL database in a folder we cannot write: SQLite cannot create the shared-memory file
            // readers need. No writer can be using the WAL either (it would have created that file), so
            // the file is complete as it stands: read it as immutable. Writes are then refused cleanly.
            sqlite3_close_v2(handle)
            handle = try Self.connect(
                Self.fileURI(path) + "?immutable=1", path: path, flags: SQLITE_OPEN_URI | SQLITE_OPEN_READONLY,
                busyTimeout: busyTimeoutMilliseconds)
            try configure(isMemory: isMemory)
        } catch let error as DatabaseError {
            if case .sqlite(.notADatabase, _, _) = error {
                throw DatabaseError.notADatabase(path: path)
            }
            throw error
        }
    }

    private static func connect(_ location: String, path: String, flags: Int32, busyTimeout: Int32) throws -> OpaquePointer {
        var connection: OpaquePointer?
        // `Database` is not Sendable, so Swift guarantees one thread at a time per connection: SQLite's
        // own per-call mutex (taken on every step and column read) is pure overhead.
        let code = sqlite3_open_v2(location, &connection, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard let connection else {
            throw DatabaseError.cannotOpen(path: path, problem: "SQLite could not allocate a connection")
        }
        guard code == SQLITE_OK else {
            let message = String(cString: sqlite3_errmsg(connection))
            sqlite3_close_v2(connection)
            throw DatabaseError.cannotOpen(path: path, problem: message)
        }
        sqlite3_extended_result_codes(connection, 1)
        sqlite3_busy_timeout(connection, busyTimeout)
        CompatibilityFunctions.install(on: connection)
        return connection
    }

    /// A `file:` URI for the path, so that query parameters can be added and no character of the
    /// path is mistaken for one.
    private static func fileURI(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path)
    }

    private static func needsImmutableFallback(_ error: DatabaseError) -> Bool {
        switch error.resultCode {
        case .readOnlyCannotInit?, .readOnlyDirectory?, .cannotOpen?: true
        default: false
        }
    }

    deinit {
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    private func configure(isMemory: Bool) throws {
        statementCache.removeAll()
        try execute("PRAGMA foreign_keys = ON")
        // Reading the schema is the first real file access: a non-SQLite file fails here.
        _ = try prepare("SELECT count(*) FROM sqlite_schema").query { try $0.int64(0) }
        if !isMemory && !isReadOnly {
            _ = try prepare("PRAGMA journal_mode = WAL").query { try $0.string(0) }
        }
    }

    /// Makes sure the file exists before SQLite opens it, so that it is created with owner-only
    /// permissions (case records hold personal data) rather than the process umask's.
    private static func prepareFile(at path: String, mode: OpenMode) throws {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                throw DatabaseError.cannotOpen(path: path, problem: "it is a folder, not a database file")
            }
            guard files.isReadableFile(atPath: path) else {
                throw DatabaseError.cannotOpen(path: path, problem: "permission denied")
            }
            return
        }
        guard mode == .readWriteCreate else {
            throw DatabaseError.fileNotFound(path: path)
        }
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty && !files.fileExists(atPath: folder) {
                try files.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
        } catch {
            throw DatabaseError.cannotOpen(path: path, problem: "cannot create folder \(folder)")
        }
        close(try OwnerOnlyFile.create(at: path))
    }

    // MARK: - Running SQL

    /// Runs one or more SQL statements that take no parameters (scripts, pragmas, migrations).
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if code != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errorMessage)
            throw fail(error(code: code, message: message, sql: sql))
        }
    }

    /// Prepares a statement that is finalized when the returned object is released.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(database: self, sql: sql, persistent: false)
    }

    /// Returns the statement for this SQL, preparing it on first use only. Use it for statements
    /// run repeatedly (in loops, or on every call of a store method).
    public func cachedStatement(_ sql: String) throws -> Statement {
        if let statement = statementCache[sql] {
            return statement
        }
        let statement = try Statement(database: self, sql: sql, persistent: true)
        statementCache[sql] = statement
        return statement
    }

    public var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var changes: Int { Int(sqlite3_changes(handle)) }
    public var isReadOnly: Bool { sqlite3_db_readonly(handle, "main") == 1 }
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }
    public static var sqliteVersion: String { String(cString: sqlite3_libversion()) }

    /// The statements of an SQL script, split where SQLite's own tokenizer says a statement ends
    /// (`sqlite3_complete`: semicolons inside strings, comments and trigger bodies do not count).
    public static func statements(of script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        let pieces = script.split(separator: ";", omittingEmptySubsequences: false)
        for (index, piece) in pieces.enumerated() {
            current += piece
            if index == pieces.count - 1 { break }
            if sqlite3_complete(current + ";") != 0 {
                statements.append(current)
                current = ""
            } else {
                current += ";"
            }
        }
        statements.append(current)
        // What is left after the last statement (white space, a comment) is not one.
        return statements.filter { !$0.withoutLeadingComments.isEmpty }
    }

    /// A failure as this connection's callers see it (see `errorMapper`).
    func fail(_ error: DatabaseError) -> any Error {
        errorMapper(error)
    }

    func error(code: Int32, sql: String?) -> DatabaseError {
        error(code: code, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    private func error(code: Int32, message: String, sql: String?) -> DatabaseError {
        // A damaged file is not a storage hiccup to retry: every command but check stops and says so.
        if code & 0xFF == SQLITE_CORRUPT {
            return .damaged(path: path, message: message)
        }
        // The connection's extended code, when it is of the same family as the code at hand (a code
        // substituted by the caller, such as MISUSE for an empty statement, is not the connection's).
        let extended = sqlite3_extended_errcode(handle)
        return .sqlite(code: ResultCode(rawValue: extended & 0xFF == code & 0xFF ? extended : code), message: message, sql: sql)
    }
}
