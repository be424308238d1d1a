import SQLiteDatabase
extension CaseStore {
    /// Page cache for bulk writes (imports, generated data): big enough that a large transaction's
    /// randomly-placed index pages stay in memory instead of spilling to the WAL and back, small
    /// enough to keep a bulk import well under 64 MB of memory.
    public static let bulkCacheKibibytes = 24 * 1024

    /// Sizes the page cache for bulk writing on this connection, and keeps savepoint sub-journals in
    /// memory: each row of a batch is a savepoint, and SQLite copies every page a savepoint first touches
    /// into its sub-journal, a temporary file by default. Per row, those copies are small.
    public func prepareForBulkWrites() throws {
        try database.execute("PRAGMA cache_size = -\(Self.bulkCacheKibibytes); PRAGMA temp_store = MEMORY")
    }

    /// Runs several writes as one transaction: all of them land, or none do (also when the
    /// process is killed part-way). Store methods called inside join the batch.
    public func batch<T>(_ body: () throws -> T) throws -> T {
        try write(body)
    }
}
