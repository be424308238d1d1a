import ArgumentParser
import CaseStore

struct NoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: "Add a note to a case's history.",
        usage: "casetool note <id> <text> [--at <time>] [<options>]",
        discussion: """
            Examples:
              casetool note 12 "User notified with the statement of reasons"
              casetool note 12 "Called the trusted flagger" --at 2024-03-02
            """)

    @OptionGroup var target: TargetOptions

    @Argument(help: "The case id.") var id: String
    @Argument(help: "The note.") var text: String
    @Option(help: ArgumentHelp("When, if not now.", valueName: "time")) var at: String?

    func run() throws {
        let caseID = try OptionValues.caseID(id)
        try target.open().addNote(caseID: caseID, text: text, at: try OptionValues.time(at, option: "--at"))
        Console.message("case \(caseID): note added")
    }
}
