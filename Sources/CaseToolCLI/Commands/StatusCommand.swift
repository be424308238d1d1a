import ArgumentParser
import CaseStore

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Move a case to a new status, as the workflow allows.",
        usage: "casetool status <id> <status> [--reason <text>|--reason-template <name>]",
        discussion: """
            See 'casetool workflow' for the allowed moves. Moving to actioned, dismissed or reversed needs \
            --reason. A refused move changes nothing.

            Examples:
              casetool status 12 escalated
              casetool status 12 actioned --reason "Praise of a designated group"
              casetool status 12 actioned --reason "Spam" \\
                --decision "account_suspended until 2030-07-01"
              casetool status 12 actioned --reason-template bulk-links
              casetool status 12 appealed --at 2024-03-02T10:00:00Z
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actor: ActorOptions

    @Argument(help: "The case id.") var id: String
    @Argument(help: "The new status.") var newStatus: CaseStatus

    @Option(help: "Why (required for actioned, dismissed and reversed).") var reason: String?
    @Option(help: ArgumentHelp(
        "A saved reason ('casetool templates'); with --reason too, the template's text comes first.", valueName: "name"))
    var reasonTemplate: String?
    @Option(help: ArgumentHelp("When it happened, if not now.", valueName: "time")) var at: String?
    @OptionGroup(title: "With 'actioned': the decisions finally taken, if they differ from those logged")
    var decided: DecisionOptions

    func run() throws {
        let caseID = try OptionValues.caseID(id)
        let store = try database.openStore()
        let templateText = try reasonTemplate.map { try store.reasonTemplateText(name: $0, caseID: caseID) }
        let reasons = [templateText, reason].compactMap { $0 }
        let request = Transition(
            caseID: caseID, to: newStatus, reason: reasons.isEmpty ? nil : reasons.joined(separator: " "),
            at: try OptionValues.time(at, option: "--at"), decisions: try decided.decisions())
        // Only decisions given here are the option's fault; the logged ones may no longer fit (too long from now).
        let blame = request.decisions == nil ? [:] : ["decisions": "--decision"]
        try OptionValues.named(blame) { try store.transition(request, actor: actor.name) }
        Console.message("case \(caseID): now \(newStatus.rawValue)")
    }
}
