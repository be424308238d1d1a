import SQLiteDatabase
/// The case tracker's storage: opens (and migrates) a database, and offers every read and write
/// the product needs. Every write runs in one `BEGIN IMMEDIATE` transaction: it lands whole or not at all.
public final class CaseStore {
    public let database: Database
    let clock: @Sendable () -> Timestamp
    /// The migrations `open` applied to bring this database up to date; empty if it already was.
    public private(set) var migrationsApplied: [Migration] = []
    /// Set once the schema has been found fit for casetool's writes (see `requireSchemaFitForWrites`).
    private var schemaFitForWrites = false
    /// The chain's last event as this transaction's appends left it, so that a bulk write reads the
    /// head once, not once per case; nil when not known (outside a write, after a rolled-back part).
    /// The head is read back and compared once before the transaction commits.
    var chainHead: ChainHead?
    /// bcrypt's work factor for passwords set from now on (each step doubles the time; 12 is about a
    /// quarter of a second here). Tests lower it.
    public var passwordCost: UInt8 = 12
    /// A hash no password matches, at `passwordCost`, made once (see `signIn`).
    var unmatchableHashCache: String?
    /// Whom events are written for while the store acts on a session's behalf (`onBehalf`); nil for
    /// the command line, whose events carry the actor they are given, through the local channel.
    var acting: Acting?

    struct Acting {
        let person: String
        let channel: Channel
    }

    public enum Access: Sendable {
        /// Open an existing database.
        case existing
        /// Create the database (and its folder) if missing.
        case createIfMissing
    }

    /// Opens the database at `path`, applying this build's pending migrations. Refuses files that are
    /// not casetool databases and databases written by a newer casetool.
    public static func open(
        path: String, access: Access = .existing, clock: @escaping @Sendable () -> Timestamp = { .now() }
    ) throws -> CaseStore {
        let database = try Database.forStore(path: path, mode: access == .createIfMissing ? .readWriteCreate : .readWrite)
        let migrator = try Migrator.embedded()
        let pending = try migrator.pendingMigrations(in: database)
        if !pending.isEmpty {
            if access == .existing, try migrator.appliedMigrations(in: database).isEmpty {
                // An empty file (e.g. left by another tool): not a casetool database yet.
                throw CaseStoreError.notInitialized(path: path)
            }
            if database.isReadOnly {
                throw CaseStoreError.readOnlyDatabase(path: path)
            }
            let store = CaseStore(database: database, clock: clock)
            store.migrationsApplied = try migrator.migrate(database, now: clock())
            return store
        }
        return CaseStore(database: database, clock: clock)
    }

    /// A store on an open connection; from now on the connection's failures are `CaseStoreError`s.
    public init(database: Database, clock: @escaping @Sendable () -> Timestamp = { .now() }) {
        database.errorMapper = { CaseStoreError($0) }
        self.database = database
        self.clock = clock
    }

    /// The schema migrations recorded in the database, oldest first.
    public func appliedMigrations() throws -> [AppliedMigration] {
        try Migrator.embedded().appliedMigrations(in: database)
    }

    /// Runs a write: refuses at once on a read-only file, otherwise one immediate transaction.
    func write<T>(_ body: () throws -> T) throws -> T {
        if database.isReadOnly {
            throw CaseStoreError.readOnlyDatabase(path: database.path)
        }
        if !schemaFitForWrites {
            try requireSchemaFitForWrites()
            schemaFitForWrites = true
        }
        guard !database.isInTransaction else {
            do {
                return try database.inTransaction(.immediate, body)
            } catch {
                chainHead = nil  // a savepoint may have rolled back appended events
                throw error
            }
        }
        return try database.inTransaction(.immediate) {
            chainHead = nil
            defer { chainHead = nil }
            let result = try body()
            try confirmChainHead()
            return result
        }
    }

    /// A trigger casetool did not create can undo or rewrite any write after it is made (an AFTER
    /// INSERT that deletes the row), and a table defined otherwise can drop one (`UNIQUE … ON CONFLICT
    /// REPLACE`): casetool writes nothing to a file holding either. A missing trigger only removes a
    /// protection, and indexes and views cannot change what is stored: `check` reports those.
    private func requireSchemaFitForWrites() throws {
        if let blocking = try Migrator.embedded().writeSchemaDifferences(in: database).first {
            throw CaseStoreError.schemaAltered(path: database.path, difference: blocking.description)
        }
    }

    /// Runs several reads against one consistent snapshot, even while other processes write.
    func read<T>(_ body: () throws -> T) throws -> T {
        try database.inTransaction(.deferred, body)
    }

    /// How far ahead of this machine's clock a given time may be: allows for clock skew between machines,
    /// but not for recording things that have not happened yet.
    static let clockSkewAllowance: Int64 = 300

    func refuseFuture(_ time: Timestamp?, field: String) throws {
        let limit = clock().adding(seconds: Self.clockSkewAllowance)
        if let time, time > limit {
            throw CaseStoreError.invalidValue(field: field, problem: "\(time) is in the future")
        }
    }

    static func validatedActor(_ actor: String) throws -> String {
        try FieldRules.identifier(actor, field: "actor")
    }
}
