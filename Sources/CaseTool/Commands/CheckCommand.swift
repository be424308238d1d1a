import ArgumentParser
import CaseStore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the database: SQLite integrity, foreign keys and the audit trail, in one summary.",
        discussion: "Exits 0 when everything holds, \(ExitCodes.auditFailed) otherwise.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: DocumentFormatOptions

    func run() throws {
        let health = try database.openStore().checkHealth()
        if output.isJSON {
            Console.output(JSONValue.object([
                ("healthy", .bool(health.isHealthy)),
                ("sqlite_version", .string(health.sqliteVersion)),
                ("schema_version", .integer(Int64(health.schemaVersion))),
                ("integrity_problems", .array(health.integrityProblems.map { .string($0) })),
                ("foreign_key_violations", .array(health.foreignKeyViolations.map { .string($0) })),
                ("audit", AuditPresenter.json(health.audit)),
            ]).serialized() + "\n")
        } else {
            func status(_ problems: [String]) -> String {
                problems.isEmpty ? "ok" : "FAILED: \(TerminalText.sanitized(problems[0]))"
                    + (problems.count > 1 ? " (+\(problems.count - 1) more)" : "")
            }
            let audit = health.audit
            Console.output("""
                sqlite        \(health.sqliteVersion)
                schema        version \(health.schemaVersion)
                integrity     \(status(health.integrityProblems))
                foreign keys  \(status(health.foreignKeyViolations))
                audit         \(audit.isIntact ? "ok: \(audit.eventCount) events, \(audit.caseCount) cases, head \(audit.headHash)" : status(audit.problems.map(\.description)))

                """)
        }
        try AuditPresenter.failIfNeeded(
            health.integrityProblems + health.foreignKeyViolations + health.audit.problems.map(\.description))
    }
}

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the database, safe while other processes write.")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Where to write the copy (must not exist, unless --force).") var destination: String
    @Flag(help: "Replace an existing file at the destination (never the database itself).") var force = false

    func run() throws {
        try database.openStore().backup(to: destination, replacing: force)
        Console.message("backup written to \(destination)")
    }
}
