import ArgumentParser
import CaseStore

struct WorkflowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow",
        abstract: "Print the case statuses and the moves allowed between them.",
        usage: "casetool workflow [--format <format>] [--wide]",
        discussion: """
            Examples:
              casetool workflow
              casetool workflow --format json
            """)

    @OptionGroup var output: FormatOptions

    func run() throws {
        var table = Tabular(columns: [
            .init(key: "status", title: "STATUS"),
            .init(key: "allowed_next", title: "ALLOWED NEXT"),
            .init(key: "reason_required", title: "REASON REQUIRED TO ENTER"),
            .init(key: "meaning", title: "MEANING"),
        ])
        for status in CaseStatus.allCases {
            let next = Workflow.allowedNext(from: status).map(\.rawValue).joined(separator: " ")
            table.append([
                .text(status.rawValue), .text(next), .text(Workflow.reasonRequired.contains(status) ? "yes" : "no"),
                .text(status.summary),
            ])
        }
        Console.output(output.render(table))
    }
}
