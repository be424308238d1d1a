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
    /// (`VACUUM INTO` reads one snapshot). The copy is private to its owner. Refuses to overwrite.
    public func backup(to path: String) throws {
        let files = FileManager.default
        if files.fileExists(atPath: path) {
            throw CaseStoreError.invalidValue(field: "backup path", problem: "\(path) already exists; choose a new file")
        }
        try Database.createPrivateFile(at: path)
        do {
            try database.prepare("VACUUM INTO ?").execute([path])
        } catch {
            try? files.removeItem(atPath: path)
            throw error
        }
    }
}
