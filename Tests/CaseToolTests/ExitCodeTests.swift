import CaseStore
import SQLiteDatabase
@testable import CaseToolCLI
import Foundation
import Testing

@Suite("Exit codes: one table")
struct ExitCodeTests {
    @Test("the README's exit-code table is the table casetool declares, and --help prints it whole at 80 columns")
    func readmeMatches() throws {
        let readme = try String(contentsOf: packageRoot.appending(path: "README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "### Exit codes\n").dropFirst().first)
        let rows = section.split(separator: "\n").prefix { $0.hasPrefix("|") }.dropFirst(2)
        let documented = rows.map { row -> (Int32, String) in
            let cells = row.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            return (Int32(cells[1]) ?? -1, cells[2])
        }
        #expect(documented.map(\.0) == ExitCodes.table.map(\.code))
        #expect(documented.map(\.1) == ExitCodes.table.map(\.meaning))
        let help = try CLIRunner().succeed(["--help"])
        for entry in ExitCodes.table {
            #expect(help.contains("  \(entry.code) "), "help lists \(entry.code)")
        }
        #expect(help.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    @Test("every kind of store error maps to a documented code")
    func everyCategoryDocumented() {
        let documented = Set(ExitCodes.table.map(\.code))
        let errors: [CaseStoreError] = [
            .invalidValue(field: "x", problem: "y"), .caseNotFound(id: 1), .reasonRequired(caseID: 1, to: .actioned),
            .notADatabase(path: "x"), .readOnlyDatabase(path: "x"), .damagedDatabase(path: "x", problem: "y"),
            .cannotWrite(path: "x", problem: "y"), .database(.sqlite(code: .busy, message: "busy", sql: nil)),
            .notSignedIn, .notPermitted(person: "p", role: .viewer, permission: .logCases), .sameReviewer(caseID: 1, person: "p", to: .upheld),
            .userNotFound(name: "p"), .tokenNotFound(id: 1), .userExists(name: "p"),
            .caseClaimed(caseID: 1, holder: "p", until: Timestamp(secondsSinceEpoch: 0)), .notClaimable(caseID: 1, status: .actioned),
            .claimNotHeld(caseID: 1, person: "p"),
        ]
        for error in errors {
            #expect(documented.contains(ExitCodes.code(for: error)), "\(error)")
        }
    }
}

@Suite("Error wording: the library names no command, the command line adds the remedy")
struct ErrorWordingTests {
    @Test("remedies that name casetool commands or flags come from the CLI, not the store", arguments: [
        CaseStoreError.databaseNotFound(path: "x.db"), .notInitialized(path: "x.db"), .unknownPolicy(code: "nope", suggestions: []),
        .reasonRequired(caseID: 1, to: .dismissed), .writeNotStored(statement: "INSERT", found: "0 rows changed"),
        .schemaAltered(path: "x.db", difference: "a trigger"), .damagedDatabase(path: "x.db", problem: "malformed"),
        .outputExists(path: "out.csv"), .unknownColumn(file: "a.csv", line: 1, column: "colour", known: ["platform"]),
        .reportTooLarge(rows: 2_000_000, limit: 100_000), .unknownMetric(field: "metrics", key: "reversal", suggestions: []),
        .claimNotHeld(caseID: 3, person: "mo"),
    ])
    func remedies(error: CaseStoreError) {
        // Commands are quoted ('casetool check'); the product's name alone is not a remedy.
        #expect(!error.description.contains("'casetool ") && !error.description.contains("--"), "\(error.description)")
        let worded = ErrorWording.text(for: error)
        #expect(worded.hasPrefix(error.description) && worded.count > error.description.count)
        #expect(worded.contains("'casetool ") || worded.contains("--"), "\(worded)")
    }
}
