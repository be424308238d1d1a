import SQLiteDatabase
extension CaseStore {
    /// Page cache for bulk writes (imports, generated data): big enough that a large transaction's
    /// randomly-placed index pages stay in memory instead of spilling to the WAL and back, small
    /// enough to keep a bulk import well under 64 MB of memory.
    public static let bulkCacheKibibytes = 24 * 1024

    /// Sizes the page cache for bulk writing on this connection, and, for writes with a savepoint per
    /// row, keeps savepoint sub-journals in memory: SQLite copies every page a savepoint first touches
    /// into its sub-journal, a temporary file by default, and per row those copies are small. Without
    /// savepoints temporary files stay files: building an index after a large load sorts through them,
    /// and in memory that sort would grow with the file.
    public func prepareForBulkWrites(savepointPerRow: Bool = true) throws {
        try database.execute("PRAGMA cache_size = -\(Self.bulkCacheKibibytes); PRAGMA temp_store = \(savepointPerRow ? "MEMORY" : "DEFAULT")")
    }

    /// Runs several writes as one transaction: all of them land, or none do (also when the
    /// process is killed part-way). Store methods called inside join the batch.
    public func batch<T>(_ body: () throws -> T) throws -> T {
        try write(body)
    }
}
