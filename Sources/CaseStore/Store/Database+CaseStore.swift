import SQLiteDatabase

extension Database {
    /// Opens a connection for CaseStore: every failure, opening included, reaches CaseStore's callers
    /// as a `CaseStoreError` with the SQLite layer's error as its cause.
    static func forStore(path: String, mode: OpenMode = .readWriteCreate) throws -> Database {
        let database: Database
        do {
            database = try Database(path: path, mode: mode)
        } catch let error as DatabaseError {
            throw CaseStoreError(error)
        }
        database.errorMapper = { CaseStoreError($0) }
        return database
    }
}
