import ArgumentParser
import CaseStore

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Log an enforcement case. Prints the new case's id.",
        usage: """
            casetool new --platform <platform> --handle <handle> --policy <code>
                   --action <action> --source <src> --rationale <text> [<options>]
            """,
        discussion: """
            The case starts as 'open'; move it on with 'casetool status'. The account is created on first use \
            (handles compare case-insensitively; a leading @ is ignored) and its details are refreshed by later cases.

            Examples:
              casetool new --platform Instagram --handle khamenei_ir \\
                --followers 5000000 --policy dangerous-organizations \\
                --action disable_account --source user_report \\
                --rationale "Repeated praise of a designated terrorist group"
              casetool new --platform X --handle spam_bot_17 --policy spam \\
                --action suspend --ends-at 2025-07-01 --source automated \\
                --automated-decision fully --rationale "Bulk posting"
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actor: ActorOptions

    @Option(help: "Platform, e.g. Instagram.") var platform: String
    @Option(help: "Account handle.") var handle: String
    @Option(help: "Account's display name.") var displayName: String?
    @Option(help: "Kind of account.") var accountType: AccountType?
    // Unconditional, so that "--followers -5" reaches the validator and gets a clear message.
    @Option(parsing: .unconditional, help: ArgumentHelp("Account's follower count (0 or more).", valueName: "count"))
    var followers: String?
    @Option(help: "Policy code (see 'casetool policies').", completion: Completions.policyCode) var policy: String
    @Option(help: "Enforcement action.") var action: EnforcementAction
    @Option(help: ArgumentHelp("End of a suspension (required with --action suspend).", valueName: "time")) var endsAt: String?
    @Option(help: "How the violation was detected.") var source: DetectionSource
    @Option(help: "Whether automation decided the action: fully, partially or not_automated (a person decided).")
    var automatedDecision: AutomatedDecision = .notAutomated
    @Option(help: "Why the policy applies: the facts relied on.") var rationale: String
    @Option(help: ArgumentHelp("When the violating content or behaviour happened.", valueName: "time")) var occurredAt: String?
    @Option(help: ArgumentHelp("When the case was opened, if not now (for back-filling).", valueName: "time")) var openedAt: String?
    @Option(help: "The platform's own id for the case or content (unique per platform).") var externalId: String?
    @Option(help: ArgumentHelp("A URL or reference supporting the case (repeatable).", valueName: "reference")) var evidence: [String] = []

    func run() throws {
        let newCase = NewCase(
            platform: platform, handle: handle, displayName: displayName, accountType: accountType,
            followerCount: try followers.map { try InputParsing.followerCount($0, field: "--followers") },
            policyCode: policy, action: action, actionEndsAt: try OptionValues.time(endsAt, option: "--ends-at"),
            source: source, rationale: rationale, occurredAt: try OptionValues.time(occurredAt, option: "--occurred-at"),
            openedAt: try OptionValues.time(openedAt, option: "--opened-at"), externalID: externalId, evidence: evidence,
            automatedDecision: automatedDecision)
        let id = try database.openStore().logCase(newCase, actor: actor.name)
        Console.output("\(id)\n")
    }
}
