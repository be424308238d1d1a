import Foundation
import Testing

@Suite("Shell completion")
struct CompletionTests {
    @Test("the bash script completes statuses, database files, and policy codes through casetool itself")
    func script() throws {
        let cli = try CLIRunner()
        let bash = try cli.succeed(["--generate-completion-script", "bash"])
        for command in ["list", "new", "report"] {
            #expect(bash.contains("---completion \(command) -- --policy"), "\(command) --policy")
        }
        #expect(bash.contains("---completion policies dsa-category -- positional@0"))
        #expect(bash.contains("'open'$'\\n''escalated'$'\\n''actioned'"))
        #expect(bash.contains("-fX '!*.@(db|sqlite|sqlite3)'"))
        #expect(try cli.succeed(["--generate-completion-script", "zsh"]).contains("#compdef casetool"))
        #expect(try cli.succeed(["--generate-completion-script", "fish"]).contains("complete -c 'casetool'"))
    }

    @Test("policy codes come from the database the line names, read without changing it")
    func policyCodes() throws {
        let cli = try JourneyTests.initialised()
        try cli.succeed(["init", "--db", "other.db"])
        try cli.succeed(["policies", "add", "harassment", "--name", "Harassment", "--db", "other.db"])
        let before = try cli.snapshot(cli.path("cases.db"))
        // The shell passes the words of the line, which word is being completed, and the cursor in it.
        func complete(_ words: [String]) throws -> [String] {
            let result = try cli.run(["---completion", "list", "--", "--policy", String(words.count - 1), "1", "casetool"] + words.dropFirst())
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout.split(separator: "\n").map(String.init)
        }
        #expect(try complete(["casetool", "list", "--policy", ""]) == ["hate-speech", "spam"])
        #expect(try complete(["casetool", "list", "--policy", "h"]) == ["hate-speech"])
        #expect(try complete(["casetool", "list", "--db", "other.db", "--policy", "h"]) == ["harassment"])
        #expect(try complete(["casetool", "list", "--db=missing.db", "--policy", ""]) == [])
        #expect(!FileManager.default.fileExists(atPath: cli.path("missing.db")), "completion creates no database")
        #expect(try cli.snapshot(cli.path("cases.db")) == before)
    }
}
