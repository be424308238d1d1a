import SQLiteDatabase

/// Secondary indexes taken off `cases` and `case_events` while a large import loads, and built again
/// from their own stored definitions before the same transaction commits. Inserting a row updates
/// every index at a random place; building an index at the end sorts once. All or nothing still
/// holds: the drop, the rows and the rebuild commit together, and a failure or a kill rolls all
/// three back, leaving the indexes as they were.
struct DeferredIndexes {
    /// Indexes the import itself reads while it loads (de-duplication by external id), which stay.
    static let kept: Set<String> = ["cases_external_id"]
    /// An import defers once it has added at least this many rows, and as many as the cases already
    /// stored: below that, updating the indexes in place costs less than building them again.
    static let minimumRows = 5_000

    private let definitions: [(name: String, sql: String)]

    /// Drops the secondary indexes, remembering their definitions. Call inside the write transaction.
    init(dropping database: Database) throws {
        definitions = try database.prepare("""
            SELECT name, sql FROM sqlite_schema
            WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('cases', 'case_events') ORDER BY name
            """).query { (try $0.string(0), try $0.string(1)) }
            .filter { !Self.kept.contains($0.name) }
        for index in definitions {
            try database.execute("DROP INDEX \(index.name.quotedSQLIdentifier)")
        }
    }

    /// SQLite sorts an index being built in up to the page cache's size of memory, beside the cache
    /// itself: a smaller cache while building keeps the two within an import's memory budget.
    static let buildCacheKibibytes = 8 * 1024

    /// Builds every dropped index again, exactly as it was defined.
    func restore(in database: Database) throws {
        let cacheSize = try database.prepare("PRAGMA cache_size").queryFirst { try $0.int64(0) } ?? -2_000
        try database.execute("PRAGMA cache_size = -\(Self.buildCacheKibibytes)")
        defer { try? database.execute("PRAGMA cache_size = \(cacheSize)") }
        for index in definitions {
            try database.execute(index.sql)
        }
    }

    /// Whether an import that has added `rows` rows to `existingCases` should defer from now on.
    static func worthDeferring(rows: Int, existingCases: Int, minimumRows: Int = minimumRows) -> Bool {
        rows >= minimumRows && rows >= existingCases
    }
}
