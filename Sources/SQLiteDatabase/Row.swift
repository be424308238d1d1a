import CSQLite
import Foundation

/// The current row of a statement. Valid only inside the closure it is passed to.
public struct Row {
    let statement: OpaquePointer
    unowned let database: Database

    public var columnCount: Int { Int(sqlite3_column_count(statement)) }

    public func columnName(_ index: Int) -> String {
        sqlite3_column_name(statement, Int32(index)).map { String(cString: $0) } ?? ""
    }

    public func isNull(_ index: Int) -> Bool {
        sqlite3_column_type(statement, Int32(index)) == SQLITE_NULL
    }

    public func value(_ index: Int) -> DatabaseValue {
        let column = Int32(index)
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
        case SQLITE_TEXT: return .text(text(column))
        case SQLITE_BLOB: return .blob(blob(column))
        default: return .null
        }
    }

    public func optionalInt64(_ index: Int) -> Int64? {
        isNull(index) ? nil : sqlite3_column_int64(statement, Int32(index))
    }

    public func optionalDouble(_ index: Int) -> Double? {
        isNull(index) ? nil : sqlite3_column_double(statement, Int32(index))
    }

    public func optionalString(_ index: Int) -> String? {
        isNull(index) ? nil : text(Int32(index))
    }

    public func optionalData(_ index: Int) -> Data? {
        isNull(index) ? nil : blob(Int32(index))
    }

    /// Reads a value that must not be NULL; a NULL means the row is not what the query promised.
    public func int64(_ index: Int) throws -> Int64 {
        guard let value = optionalInt64(index) else { throw unexpectedNull(index) }
        return value
    }

    public func double(_ index: Int) throws -> Double {
        guard let value = optionalDouble(index) else { throw unexpectedNull(index) }
        return value
    }

    public func string(_ index: Int) throws -> String {
        guard let value = optionalString(index) else { throw unexpectedNull(index) }
        return value
    }

    public func data(_ index: Int) throws -> Data {
        guard let value = optionalData(index) else { throw unexpectedNull(index) }
        return value
    }

    /// Reads a text column into a string-backed enumeration, refusing values casetool never writes.
    public func decode<T: RawRepresentable>(_ type: T.Type, _ index: Int) throws -> T where T.RawValue == String {
        let raw = try string(index)
        guard let value = T(rawValue: raw) else {
            throw database.fail(.unexpectedValue(
                table: tableName(index), column: columnName(index), problem: "holds unknown value '\(raw)'"))
        }
        return value
    }

    public func decodeIfPresent<T: RawRepresentable>(_ type: T.Type, _ index: Int) throws -> T?
    where T.RawValue == String {
        isNull(index) ? nil : try decode(type, index)
    }

    private func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(statement, column) else { return "" }
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    private func blob(_ column: Int32) -> Data {
        guard let bytes = sqlite3_column_blob(statement, column) else { return Data() }
        return Data(bytes: bytes, count: Int(sqlite3_column_bytes(statement, column)))
    }

    private func tableName(_ index: Int) -> String {
        sqlite3_column_table_name(statement, Int32(index)).map { String(cString: $0) } ?? "query result"
    }

    private func unexpectedNull(_ index: Int) -> any Error {
        database.fail(.unexpectedValue(table: tableName(index), column: columnName(index), problem: "is NULL"))
    }
}

extension Row {
    /// The column's text as UTF-8 bytes, without copying; nil for NULL. Valid only inside `body`.
    public func withUTF8<T>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws -> T) rethrows -> T {
        let column = Int32(index)
        // sqlite3_column_text gives NULL for a NULL value: no separate type check needed.
        guard let bytes = sqlite3_column_text(statement, column) else { return try body(nil) }
        return try body(UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column))))
    }

    /// The column's bytes as stored (a blob's, or a text's UTF-8), without copying; nil for NULL.
    /// Valid only inside `body`.
    public func withBytes<T>(_ index: Int, _ body: (UnsafeRawBufferPointer?) throws -> T) rethrows -> T {
        let column = Int32(index)
        guard sqlite3_column_type(statement, column) != SQLITE_NULL else { return try body(nil) }
        // The pointer first, then its length (SQLite's order); NULL for an empty value means empty.
        let start = sqlite3_column_blob(statement, column)
        let count = Int(sqlite3_column_bytes(statement, column))
        return try body(UnsafeRawBufferPointer(start: start, count: start == nil ? 0 : count))
    }

    /// An integer column the schema declares NOT NULL, read without checking for NULL (which would
    /// read as 0): for scans over millions of rows, where the check doubles the calls into SQLite.
    public func notNullInt64(_ index: Int) -> Int64 {
        sqlite3_column_int64(statement, Int32(index))
    }
}

extension Row {
    /// The position of the column called `name` in this row (as the statement's SQL names it).
    public func index(of name: String) throws -> Int {
        for index in 0..<columnCount where columnName(index) == name { return index }
        throw database.fail(.unexpectedValue(table: "query result", column: name, problem: "is not a column of this query"))
    }

    public func int64(_ name: String) throws -> Int64 { try int64(index(of: name)) }
    public func string(_ name: String) throws -> String { try string(index(of: name)) }
    public func optionalInt64(_ name: String) throws -> Int64? { optionalInt64(try index(of: name)) }
    public func optionalString(_ name: String) throws -> String? { optionalString(try index(of: name)) }
}
