import ArgumentParser
import CaseStore

struct NoticeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notice",
        abstract: "Write the statement of reasons owed to the affected user (DSA Article 17, Santa Clara notice).",
        usage: "casetool notice <id> [--appeal-contact <text>] [--format <format>]",
        discussion: """
            The notice says what was done and for how long, the specific policy, the facts relied on, how the \
            matter was detected, whether automation decided, and how to appeal, in plain language. It \
            reflects the case as it stands (an appeal pending, upheld or won). Only cases with a decision \
            to act have one: an open, escalated or dismissed case is refused (exit 65).

            Examples:
              casetool notice 12
              casetool notice 12 --appeal-contact https://example.com/appeals
              casetool notice 12 --format markdown > notice-12.md
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The case id.") var id: String

    @Option(help: ArgumentHelp("Where the user can appeal: a URL, an address or a form's name.", valueName: "text"))
    var appealContact: String?

    @Option(help: "Output format: text or markdown.")
    var format: NoticeFormat = .text

    @OptionGroup var width: WidthOptions

    func run() throws {
        let notice = try database.openStore().notice(caseID: try OptionValues.caseID(id), appealContact: appealContact)
        var document = Document(title: notice.title, blocks: [.paragraph(notice.introduction)])
        for section in notice.sections {
            document.blocks.append(.heading(section.heading))
            document.blocks += section.paragraphs.map { section.isQuotation ? .quote($0) : .paragraph($0) }
        }
        Console.output(format == .markdown ? document.markdown() : document.text(width: width.tableWidth))
    }
}

enum NoticeFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown
}
