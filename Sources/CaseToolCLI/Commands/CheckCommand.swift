import CaseAPI
import ArgumentParser
import CaseStore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the database: SQLite integrity, foreign keys, schema and the audit trail, in one summary.",
        discussion: """
            Runs every check however damaged the file is, and changes nothing (no migration runs). The \
            schema is compared with what casetool's migrations create: tables, indexes, triggers or views \
            that another tool added, removed or altered are listed. Exits 0 when everything holds, \
            \(ExitCodes.auditFailed) otherwise.

            Examples:
              casetool check
              casetool check --db cases-copy.db --format json
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: DocumentFormatOptions

    func run() throws {
        let progress = ProgressLine(unit: "checks")
        let health = try CaseStore.checkHealth(path: database.path, progress: progress.audit)
        progress.finish()
        if output.isJSON {
            Console.output(JSONValue.object([
                ("healthy", .bool(health.isHealthy)),
                ("sqlite_version", .string(health.sqliteVersion)),
                ("schema_version", health.schemaVersion.map { .integer(Int64($0)) } ?? .null),
                ("integrity_problems", .array(health.integrityProblems.map { .string($0) })),
                ("foreign_key_violations", .array(health.foreignKeyViolations.map { .string($0) })),
                ("schema_problems", .array(health.schemaProblems.map { .string($0) })),
                ("audit", health.audit.map { CaseJSON.json($0) } ?? .null),
                ("audit_problems", .array(health.auditProblems.map { .string($0) })),
            ]).serialized() + "\n")
        } else {
            func status(_ problems: [String]) -> String {
                problems.isEmpty ? "ok" : "FAILED: \(TerminalText.sanitized(problems[0]))"
                    + (problems.count > 1 ? " (+\(problems.count - 1) more)" : "")
            }
            let audit = health.audit.map { "ok: \($0.eventCount) events, \($0.caseCount) cases, head \($0.headHash)" } ?? "ok"
            Console.output("""
                sqlite        \(health.sqliteVersion)
                schema        \(health.schemaVersion.map { "version \($0)" } ?? "unknown"), \(status(health.schemaProblems))
                integrity     \(status(health.integrityProblems))
                foreign keys  \(status(health.foreignKeyViolations))
                audit         \(health.auditProblems.isEmpty ? audit : status(health.auditProblems))

                """)
            // Every problem, not only the first of each part, so nothing found goes unsaid.
            let parts = [health.integrityProblems, health.foreignKeyViolations, health.schemaProblems, health.auditProblems]
            let all = parts.flatMap { $0 }
            if all.count > parts.filter({ !$0.isEmpty }).count {
                Console.output("problems:\n" + all.map { "  - " + TerminalText.sanitized($0) }.joined(separator: "\n") + "\n")
            }
        }
        try AuditPresenter.failIfNeeded(
            health.integrityProblems + health.foreignKeyViolations + health.schemaProblems + health.auditProblems, what: "check")
    }
}
