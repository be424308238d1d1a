import ArgumentParser
import CaseStore

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Move a case to a new status, as the workflow allows.",
        usage: "casetool status <id> <status> [--reason <text>|--reason-template <name>]",
        discussion: """
            See 'casetool workflow' for the allowed moves. Moving to actioned, dismissed or reversed needs \
            --reason. A refused move changes nothing. Several ids (12,13,14; at most \
            1,000) move together, all or none, one event each.

            Examples:
              casetool status 12 escalated
              casetool status 12 actioned --reason "Praise of a designated group"
              casetool status 12 actioned --reason "Spam" \\
                --decision "account_suspended until 2030-07-01"
              casetool status 12 actioned --reason-template bulk-links
              casetool status 12 appealed --at 2024-03-02T10:00:00Z
              casetool status 31,32,40 dismissed --reason "False positive wave"
            """)

    @OptionGroup var target: TargetOptions

    @Argument(help: "The case id, or several separated by commas.") var id: String
    @Argument(help: "The new status.") var newStatus: CaseStatus

    @Option(help: "Why (required for actioned, dismissed and reversed).") var reason: String?
    @Option(help: ArgumentHelp(
        "A saved reason ('casetool templates'); with --reason too, the template's text comes first.", valueName: "name"))
    var reasonTemplate: String?
    @Option(help: ArgumentHelp("When it happened, if not now.", valueName: "time")) var at: String?
    @OptionGroup(title: "With 'actioned': the decisions finally taken, if they differ from those logged")
    var decided: DecisionOptions

    func run() throws {
        let caseIDs = try id.split(separator: ",", omittingEmptySubsequences: false).map { try OptionValues.caseID(String($0)) }
        let at = try OptionValues.time(at, option: "--at")
        let decisions = try decided.decisions()
        // Only decisions given here are the option's fault; the logged ones may no longer fit (too long from now).
        let blame = decisions == nil ? [:] : ["decisions": "--decision"]
        let cases = try target.open()
        let notices = try OptionValues.named(blame) {
            try cases.transition(
                caseIDs: caseIDs, to: newStatus, reason: reason, reasonTemplate: reasonTemplate, at: at, decisions: decisions)
        }
        let named = caseIDs.count == 1 ? "case \(caseIDs[0])" : "cases " + caseIDs.map(String.init).joined(separator: ", ")
        Console.message("\(named): now \(newStatus.rawValue)")
        // What actioning did to each account's standing; other moves keep a strike as it was.
        if newStatus == .actioned {
            for notice in notices { StrikeWording.notice(notice).map(Console.message) }
        }
    }
}
