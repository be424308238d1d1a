import Foundation

/// The result of `CaseStore.checkHealth`.
public struct HealthReport: Sendable, Equatable {
    public let sqliteVersion: String
    public let schemaVersion: Int
    /// Lines from `PRAGMA integrity_check`; empty when the file is sound.
    public let integrityProblems: [String]
    /// Rows that point at missing parents; empty when every reference holds.
    public let foreignKeyViolations: [String]
    public let audit: AuditReport

    public var isHealthy: Bool { integrityProblems.isEmpty && foreignKeyViolations.isEmpty && audit.isIntact }
}

extension CaseStore {
    /// SQLite's integrity check, the foreign-key check and the audit verification, in one snapshot.
    public func checkHealth() throws -> HealthReport {
        try read {
            let integrity = try database.prepare("PRAGMA integrity_check").query { try $0.string(0) }
            let foreignKeys = try database.prepare("PRAGMA foreign_key_check").query { row in
                "\(try row.string(0)) row \(row.optionalInt64(1).map(String.init) ?? "?") refers to a missing \(try row.string(2))"
            }
            return HealthReport(
                sqliteVersion: Database.sqliteVersion,
                schemaVersion: try appliedMigrations().last?.version ?? 0,
                integrityProblems: integrity == ["ok"] ? [] : integrity,
                foreignKeyViolations: foreignKeys,
                audit: try verifyAudit())
        }
    }

    /// Writes a consistent copy of the database to `path` while other processes keep writing
    /// (`VACUUM INTO` reads one snapshot). The copy is private to its owner and appears only when
    /// complete. Refuses to overwrite an existing file unless `replacing`, and never replaces the
    /// database itself.
    public func backup(to path: String, replacing: Bool = false) throws {
        let output = try OutputFile(path: path, protecting: [ProtectedFile(database.path, role: .database)], replacing: replacing)
        try database.prepare("VACUUM INTO ?").execute([output.temporaryPath])
        try output.commit()
    }
}
