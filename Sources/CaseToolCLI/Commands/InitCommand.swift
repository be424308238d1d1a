import ArgumentParser
import CaseStore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a database, or bring an existing one up to this casetool's schema.",
        usage: "casetool init [--db <path>]",
        discussion: """
            Safe to run at any time: it applies only the migrations the database lacks.

            Examples:
              casetool init
              casetool init --db /srv/trust-safety/cases.db
            """)

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let store = try database.openStore(access: .createIfMissing)
        let applied = store.migrationsApplied
        let version = try store.appliedMigrations().last?.version ?? 0
        if applied.isEmpty {
            Console.message("\(database.path): up to date (schema version \(version))")
        } else {
            let names = applied.map(\.fileName).joined(separator: ", ")
            Console.message("\(database.path): schema version \(version) (applied \(names))")
        }
    }
}
