import CSQLite

extension Database {
    public enum TransactionKind: String, Sendable {
        case deferred = "DEFERRED"
        /// Takes the write lock at once, so a transaction that reads then writes cannot fail
        /// half-way with SQLITE_BUSY; the busy timeout makes it wait for other writers instead.
        case immediate = "IMMEDIATE"
        case exclusive = "EXCLUSIVE"
    }

    /// Runs `body` in a transaction: commits if it returns, rolls back and rethrows if it throws.
    /// Called inside another transaction, it uses a savepoint, so the inner body is still all or nothing.
    public func inTransaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        if isInTransaction {
            return nestedSavepointsEnabled ? try inSavepoint(body) : try body()
        }
        try execute("BEGIN \(kind.rawValue) TRANSACTION")
        do {
            let result = try body()
            try execute("COMMIT TRANSACTION")
            return result
        } catch {
            // SQLite may already have rolled back on its own (e.g. after SQLITE_FULL).
            if isInTransaction {
                try? execute("ROLLBACK TRANSACTION")
            }
            throw error
        }
    }

    /// Runs `body` with nested transactions joining the enclosing one instead of opening savepoints.
    /// For bulk writes whose enclosing savepoint (or transaction) already makes each unit atomic:
    /// every savepoint makes SQLite copy the pages it touches into a sub-journal.
    public func withoutNestedSavepoints<T>(_ body: () throws -> T) rethrows -> T {
        let previous = nestedSavepointsEnabled
        nestedSavepointsEnabled = false
        defer { nestedSavepointsEnabled = previous }
        return try body()
    }

    // Savepoints run once per row in bulk writes: prepared once, not re-parsed each time.
    private func inSavepoint<T>(_ body: () throws -> T) throws -> T {
        try cachedStatement("SAVEPOINT casestore_nested").execute()
        do {
            let result = try body()
            try cachedStatement("RELEASE SAVEPOINT casestore_nested").execute()
            return result
        } catch {
            if isInTransaction {
                try? cachedStatement("ROLLBACK TRANSACTION TO SAVEPOINT casestore_nested").execute()
                try? cachedStatement("RELEASE SAVEPOINT casestore_nested").execute()
            }
            throw error
        }
    }
}
