import ArgumentParser
import CaseStore
import Foundation

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the database, safe while other processes write.",
        usage: "casetool backup <destination> [--force] [--db <path>]",
        discussion: """
            Examples:
              casetool backup /backups/cases-2024-03.db
              casetool backup cases-copy.db --force
            """)

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Where to write the copy (must not exist, unless --force).") var destination: String
    @Flag(help: "Replace an existing file at the destination (never the database itself).") var force = false

    func run() throws {
        try database.openStore().backup(to: destination, replacing: force)
        Console.message("backup written to \(destination)")
    }
}
