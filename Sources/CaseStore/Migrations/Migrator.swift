import Foundation
import SQLiteDatabase

/// A migration as recorded in a database.
public struct AppliedMigration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let checksum: String
    public let appliedAt: String
}

/// Brings a database's schema up to date with this build's migrations, each in its own
/// transaction together with its record, and refuses databases it cannot safely use.
public struct Migrator: Sendable {
    public let migrations: [Migration]
    static let trackingTable = "casetool_migrations"

    public init(migrations: [Migration]) {
        self.migrations = migrations
    }

    public static func embedded() throws -> Migrator {
        Migrator(migrations: try Migration.embedded())
    }

    /// Migrations applied to the database, oldest first; empty for a new database.
    public func appliedMigrations(in database: Database) throws -> [AppliedMigration] {
        try Self.inStoreTerms { try recordedMigrations(in: database) }
    }

    private func recordedMigrations(in database: Database) throws -> [AppliedMigration] {
        guard try hasTrackingTable(database) else { return [] }
        return try database.prepare(
            "SELECT version, name, checksum, applied_at FROM \(Self.trackingTable) ORDER BY version"
        ).query { row in
            AppliedMigration(
                version: Int(try row.int64(0)), name: try row.string(1),
                checksum: try row.string(2), appliedAt: try row.string(3))
        }
    }

    /// This build's migrations not yet applied. Throws if the database is newer than this build,
    /// was changed by an edited migration, or is some other program's SQLite file.
    public func pendingMigrations(in database: Database) throws -> [Migration] {
        try Self.inStoreTerms { try unappliedMigrations(in: database) }
    }

    /// The Migrator is public and takes any connection: one opened without CaseStore's error mapping
    /// still gets CaseStore's errors from it.
    static func inStoreTerms<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw CaseStoreError(error)
        }
    }

    private func unappliedMigrations(in database: Database) throws -> [Migration] {
        let applied = try recordedMigrations(in: database)
        if applied.isEmpty, try hasAnyTable(database) {
            // casetool's own tables without their record: the record was emptied, not another program's file.
            if try Self.schemaObjects(in: database).contains(where: { $0.type == "table" && $0.name == "case_events" }) {
                throw CaseStoreError.migrationRecordMissing(path: database.path, migration: migrations.first?.fileName ?? "0001")
            }
            throw CaseStoreError.notADatabase(path: database.path)
        }
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        // A version no casetool has below this build's latest is an edited record, not a newer casetool.
        let latestKnown = migrations.last?.version ?? 0
        if let edited = applied.first(where: { known[$0.version] == nil && $0.version <= latestKnown }) {
            throw CaseStoreError.migrationChanged(version: edited.version, name: edited.name)
        }
        let unknown = applied.filter { known[$0.version] == nil }
        if !unknown.isEmpty {
            throw CaseStoreError.newerDatabase(
                path: database.path, unknownMigrations: unknown.map { Migration.fileName(version: $0.version, name: $0.name) })
        }
        for record in applied {
            if let migration = known[record.version], migration.checksum != record.checksum || migration.name != record.name {
                throw CaseStoreError.migrationChanged(version: record.version, name: record.name)
            }
        }
        let appliedVersions = Set(applied.map(\.version))
        let pending = migrations.filter { !appliedVersions.contains($0.version) }
        // Migrations apply in order: a record missing below the latest one cannot be made good by
        // running that migration again on a schema that already went past it.
        if let latest = applied.last?.version, let gap = pending.first(where: { $0.version < latest }) {
            throw CaseStoreError.migrationRecordMissing(path: database.path, migration: gap.fileName)
        }
        return pending
    }

    /// Refuses to migrate a database whose schema is not what its recorded migrations create: a
    /// dropped record would otherwise re-run its migration over objects it already made.
    func requireRecordedSchema(_ database: Database) throws {
        // An index or view of the user's own, which no migration creates, says nothing about the record.
        let everyMigrationsObjects = Set(try expectedSchema(afterFirst: migrations.count).map(\.label))
        let telling = try schemaDifferences(in: database).filter { difference in
            !(difference.kind == .unknown && ["index", "view"].contains(difference.type)
                && !everyMigrationsObjects.contains("\(difference.type) \(difference.name)"))
        }
        guard let difference = telling.first else { return }
        let next = (try appliedMigrations(in: database).count) + 1
        throw CaseStoreError.migrationRecordMissing(
            path: database.path,
            migration: migrations.first { $0.version == next }?.fileName ?? "\(next)",
            evidence: difference.description)
    }

    /// Applies every pending migration and returns those this call applied.
    @discardableResult
    public func migrate(_ database: Database, now: Timestamp = .now()) throws -> [Migration] {
        try Self.inStoreTerms {
            let pending = try unappliedMigrations(in: database)
            guard !pending.isEmpty else { return [] }
            return try Self.allowingTableRebuilds(database) { try apply(pending, to: database, now: now) }
        }
    }

    /// Runs `body` as SQLite's table-rebuild procedure needs (the only way to change a CHECK list or a
    /// column's type): foreign keys off, which only works outside a transaction (each migration checks
    /// them with `foreign_key_check` before it commits), and `legacy_alter_table` on, so that renaming
    /// the rebuilt copy into place leaves the views and triggers that name the table pointing at it
    /// rather than failing on them. The migration recreates the table's own indexes and triggers; the
    /// schema check then holds the result to what the migrations declare. Both settings are restored.
    static func allowingTableRebuilds<T>(_ database: Database, _ body: () throws -> T) throws -> T {
        // Inside a transaction PRAGMA foreign_keys does nothing, silently: refuse rather than rebuild with them on.
        guard !database.isInTransaction else {
            throw CaseStoreError.invalidMigration(file: "migrations", problem: "cannot run inside another transaction")
        }
        func foreignKeysOn() throws -> Bool {
            try database.prepare("PRAGMA foreign_keys").queryFirst { try $0.int64(0) } == 1
        }
        let wasOn = try foreignKeysOn()
        try database.execute("PRAGMA foreign_keys = OFF; PRAGMA legacy_alter_table = ON")
        let result: Result<T, any Error> = Result { try body() }
        let restored = Result { () throws -> Void in
            try database.execute("PRAGMA legacy_alter_table = OFF" + (wasOn ? "; PRAGMA foreign_keys = ON" : ""))
            guard try foreignKeysOn() == wasOn else {
                throw CaseStoreError.invalidMigration(file: "migrations", problem: "foreign keys could not be turned back on")
            }
        }
        // The migration's own error first: it is what the user must act on.
        let value = try result.get()
        try restored.get()
        return value
    }

    private func apply(_ pending: [Migration], to database: Database, now: Timestamp) throws -> [Migration] {
        var appliedNow: [Migration] = []
        for migration in pending {
            let didApply = try database.inTransaction(.immediate) { () throws -> Bool in
                // Another process may have applied it since we looked: check again under the write lock.
                guard try !pendingMigrations(in: database).filter({ $0.version == migration.version }).isEmpty else {
                    return false
                }
                // Under the write lock, so no other process's migration lands between the two reads.
                if try !appliedMigrations(in: database).isEmpty {
                    try requireRecordedSchema(database)
                }
                try database.execute(Self.trackingTableSQL)
                do {
                    try database.execute(migration.sql)
                } catch CaseStoreError.database(.sqlite(let code, let message, _)) where ResultCode.constraint ~= code {
                    // A row the new schema cannot hold: the transaction rolls back, so say that too.
                    throw CaseStoreError.invalidMigration(
                        file: migration.fileName,
                        problem: "a stored row cannot be carried over (\(message)), so nothing was changed; "
                            + "'casetool audit verify' with the casetool that wrote this file finds the damaged row")
                }
                try database.prepare(
                    "INSERT INTO \(Self.trackingTable) (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)"
                ).executeChangingOneRow([migration.version, migration.name, migration.checksum, now.iso8601])
                let violations = try database.prepare("PRAGMA foreign_key_check").query { try $0.string(0) }
                if let table = violations.first {
                    throw CaseStoreError.invalidMigration(
                        file: migration.fileName, problem: "leaves rows in \(table) that break a foreign key")
                }
                return true
            }
            if didApply { appliedNow.append(migration) }
        }
        return appliedNow
    }

    static let trackingTableSQL = """
        CREATE TABLE IF NOT EXISTS \(trackingTable) (
            version    INTEGER PRIMARY KEY,
            name       TEXT NOT NULL,
            checksum   TEXT NOT NULL,
            applied_at TEXT NOT NULL
        ) STRICT
        """

    private func hasTrackingTable(_ database: Database) throws -> Bool {
        try database.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?")
            .queryFirst([Self.trackingTable]) { _ in true } ?? false
    }

    private func hasAnyTable(_ database: Database) throws -> Bool {
        try database.prepare("SELECT 1 FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' LIMIT 1")
            .queryFirst { _ in true } ?? false
    }
}
