import Foundation
import SQLiteDatabase

/// The result of `CaseStore.checkHealth`. Every part is filled in however damaged the file is: a
/// part that could not be examined says why among its problems.
public struct HealthReport: Sendable, Equatable {
    public let sqliteVersion: String
    /// The latest migration recorded; nil when the record cannot be read.
    public let schemaVersion: Int?
    /// Lines from `PRAGMA integrity_check`; empty when the file is sound.
    public let integrityProblems: [String]
    /// Rows that point at missing parents; empty when every reference holds.
    public let foreignKeyViolations: [String]
    /// Tables, indexes, triggers and views that differ from what casetool's migrations create, and
    /// problems with the migration record.
    public let schemaProblems: [String]
    /// Nil when the history could not be read at all; `auditProblems` then says why.
    public let audit: AuditReport?
    /// The audit's problems, or why it could not run.
    public let auditProblems: [String]

    public var isHealthy: Bool {
        integrityProblems.isEmpty && foreignKeyViolations.isEmpty && schemaProblems.isEmpty && auditProblems.isEmpty
    }
}

extension CaseStore {
    /// Checks the file at `path` without changing it (no migration): opens what can be opened and
    /// runs every check that can run, so a damaged file gets a full account rather than a first error.
    /// Throws only when there is no file to check.
    public static func checkHealth(
        path: String, progress: (_ step: AuditStep, _ events: Int, _ fraction: Double) -> Void = { _, _, _ in }
    ) throws -> HealthReport {
        let database: Database
        do {
            database = try Database.forStore(path: path, mode: .readWrite)
        } catch let error as CaseStoreError {
            switch error {
            case .databaseNotFound, .cannotOpen: throw error
            default:
                let notRun = ["not run: the file cannot be opened"]
                return HealthReport(
                    sqliteVersion: Database.sqliteVersion, schemaVersion: nil, integrityProblems: [Self.checkFinding(error)],
                    foreignKeyViolations: notRun, schemaProblems: notRun, audit: nil, auditProblems: notRun)
            }
        }
        if let migrator = try? Migrator.embedded(), (try? migrator.appliedMigrations(in: database).isEmpty) == true,
           (try? Migrator.schemaObjects(in: database).isEmpty) == true {
            throw CaseStoreError.notInitialized(path: path)
        }
        return CaseStore(database: database).checkHealth(progress: progress)
    }

    /// SQLite's integrity check, the foreign-key check, the schema against the migrations and the audit
    /// verification, in one snapshot where the file allows one.
    public func checkHealth(
        progress: (_ step: AuditStep, _ events: Int, _ fraction: Double) -> Void = { _, _, _ in }
    ) -> HealthReport {
        func attempt<T>(_ fallback: T, _ body: () throws -> T) -> (T, String?) {
            do { return (try body(), nil) } catch { return (fallback, "could not be checked: " + Self.checkFinding(error)) }
        }
        // One snapshot for all the checks, when the file lets a transaction start at all.
        let inSnapshot = (try? database.execute("BEGIN DEFERRED TRANSACTION")) != nil
        defer { if inSnapshot, database.isInTransaction { try? database.execute("ROLLBACK") } }
        let (integrity, integrityFailure) = attempt([]) {
            // SQLite may put several findings in one row, a line each.
            try database.prepare("PRAGMA integrity_check").query { try $0.string(0) }
                .flatMap { $0.split(separator: "\n").map(String.init) }
                .filter { $0 != "ok" && !$0.hasPrefix("*** in database") }
        }
        let (foreignKeys, foreignKeyFailure) = attempt([]) {
            try database.prepare("PRAGMA foreign_key_check").query { row in
                "\(try row.string(0)) row \(row.optionalInt64(1).map(String.init) ?? "?") refers to a missing \(try row.string(2))"
            }
        }
        let migrator = try? Migrator.embedded()
        let (version, versionFailure) = attempt(nil as Int?) { try migrator?.appliedMigrations(in: database).last?.version ?? 0 }
        let (schema, schemaFailure) = attempt([]) { () throws -> [String] in
            guard let migrator else { return [] }
            var problems: [String] = []
            do {
                if try !migrator.pendingMigrations(in: database).isEmpty, try !migrator.appliedMigrations(in: database).isEmpty {
                    try migrator.requireRecordedSchema(database)
                }
            } catch let error as CaseStoreError {
                problems.append(error.description)
            }
            return problems + (try migrator.schemaDifferences(in: database).map(\.description))
        }
        let (audit, auditFailure) = attempt(nil as AuditReport?) { try verifyAudit(progress: progress) }
        return HealthReport(
            sqliteVersion: Database.sqliteVersion,
            schemaVersion: version,
            integrityProblems: integrity + [integrityFailure].compactMap { $0 },
            foreignKeyViolations: foreignKeys + [foreignKeyFailure].compactMap { $0 },
            schemaProblems: [versionFailure].compactMap { $0 }.map { "migration record " + $0 } + schema + [schemaFailure].compactMap { $0 },
            audit: audit,
            auditProblems: (audit?.problems.map(\.description) ?? []) + [auditFailure].compactMap { $0 })
    }

    /// What an error says as a finding of `check`: without the advice to run check.
    private static func checkFinding(_ error: Error) -> String {
        switch error {
        case CaseStoreError.damagedDatabase(_, let problem): "the file is damaged: \(problem)"
        case CaseStoreError.notADatabase: "not an SQLite database: its header is damaged, or it is another kind of file"
        default: "\(error)"
        }
    }

    /// Writes a consistent copy of the database to `path` while other processes keep writing
    /// (`VACUUM INTO` reads one snapshot). The copy is private to its owner and appears only when
    /// complete. Refuses to overwrite an existing file unless `replacing`, and never replaces the
    /// database itself.
    public func backup(to path: String, replacing: Bool = false) throws {
        let output = try OutputFile(path: path, protecting: [ProtectedFile(database.path, role: .database)], replacing: replacing)
        // SQLite would replay a write-ahead log or hot journal left beside the destination into the copy.
        for (suffix, what) in ProtectedFile.databaseCompanions where FileManager.default.fileExists(atPath: path + suffix) {
            throw CaseStoreError.outputRefused(
                path: path, problem: "\(path + suffix) exists beside it (\(what.replacingOccurrences(of: "the database's ", with: "a "))), "
                    + "which SQLite would apply to the copy; remove it or choose another path")
        }
        try database.prepare("VACUUM INTO ?").execute([output.temporaryPath])
        try output.commit()
    }
}
