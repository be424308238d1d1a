import CSQLite
import Foundation

/// A prepared statement. Binding resets it, so one instance serves any number of runs.
public final class Statement {
    let handle: OpaquePointer
    public let sql: String
    private unowned let database: Database
    /// Set while rows are being read: running the statement again then would reset it under the reader.
    private var isReading = false

    init(database: Database, sql: String, persistent: Bool) throws {
        self.database = database
        self.sql = sql
        var statement: OpaquePointer?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let code = sqlite3_prepare_v3(database.handle, sql, -1, flags, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw database.fail(database.error(code: code == SQLITE_OK ? SQLITE_MISUSE : code, sql: sql))
        }
        handle = statement
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds the values to parameters 1...n after resetting the statement.
    public func bind(_ values: [(any DatabaseValueConvertible)?]) throws {
        guard !isReading else { throw database.fail(.statementInUse(sql: sql)) }
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard values.count == expected else {
            throw database.fail(.sqlite(
                code: .range, message: "statement expects \(expected) values, got \(values.count)", sql: sql))
        }
        for (offset, value) in values.enumerated() {
            try bind(value?.databaseValue ?? .null, at: Int32(offset + 1))
        }
    }

    private func bind(_ value: DatabaseValue, at index: Int32) throws {
        let code: Int32
        switch value {
        case .null:
            code = sqlite3_bind_null(handle, index)
        case .integer(let number):
            code = sqlite3_bind_int64(handle, index, number)
        case .real(let number):
            code = sqlite3_bind_double(handle, index, number)
        case .text(let text):
            // Bound by byte count, not as a C string, so text with NUL bytes is kept whole.
            var text = text
            code = text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    sqlite3_bind_text64(
                        handle, index, chars.baseAddress ?? emptyCString, sqlite3_uint64(chars.count),
                        csqlite_transient(), UInt8(SQLITE_UTF8))
                }
            }
        case .blob(let data):
            code = data.withUnsafeBytes { bytes in
                // A zero-length blob needs a non-NULL pointer, or SQLite stores NULL instead.
                sqlite3_bind_blob64(
                    handle, index, bytes.baseAddress ?? UnsafeRawPointer(emptyCString), sqlite3_uint64(bytes.count),
                    csqlite_transient())
            }
        }
        if code != SQLITE_OK {
            throw database.fail(database.error(code: code, sql: sql))
        }
    }

    /// Runs the statement to completion, ignoring any rows.
    public func execute(_ values: [(any DatabaseValueConvertible)?] = []) throws {
        try bind(values)
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    /// Runs an INSERT, UPDATE or DELETE that must change exactly one row, and confirms it did. A write
    /// that SQLite reports done but that changed nothing (a trigger casetool did not create can make
    /// SQLite ignore it with RAISE(IGNORE)) throws instead of passing for success.
    public func executeChangingOneRow(_ values: [(any DatabaseValueConvertible)?] = []) throws {
        try execute(values)
        let changed = database.changes
        guard changed == 1 else {
            throw database.fail(.changeNotStored(sql: sql, found: "\(changed) rows changed"))
        }
    }

    /// Runs the statement and maps every row.
    public func query<T>(
        _ values: [(any DatabaseValueConvertible)?] = [], _ read: (Row) throws -> T
    ) throws -> [T] {
        try bind(values)
        isReading = true
        defer { isReading = false; sqlite3_reset(handle) }
        var results: [T] = []
        while try step() {
            results.append(try read(Row(statement: handle, database: database)))
        }
        return results
    }

    /// Runs the statement and calls `body` for each row without collecting them, for large results.
    public func forEachRow(_ values: [(any DatabaseValueConvertible)?] = [], _ body: (Row) throws -> Void) throws {
        try bind(values)
        isReading = true
        defer { isReading = false; sqlite3_reset(handle) }
        while try step() {
            try body(Row(statement: handle, database: database))
        }
    }

    /// Runs the statement and maps its first row, if any.
    public func queryFirst<T>(
        _ values: [(any DatabaseValueConvertible)?] = [], _ read: (Row) throws -> T
    ) throws -> T? {
        try bind(values)
        isReading = true
        defer { isReading = false; sqlite3_reset(handle) }
        return try step() ? read(Row(statement: handle, database: database)) : nil
    }

    private func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw database.fail(database.error(code: code, sql: sql))
        }
    }
}

/// A valid pointer to bind for empty text and blobs (SQLite reads zero bytes from it).
// Never written after initialisation, so sharing it across threads is safe.
nonisolated(unsafe) private let emptyCString: UnsafePointer<CChar> = {
    let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
    pointer.initialize(to: 0)
    return UnsafePointer(pointer)
}()
