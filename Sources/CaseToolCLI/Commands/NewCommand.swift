import ArgumentParser
import CaseStore

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Log an enforcement case. Prints the new case's id.",
        usage: """
            casetool new --platform <platform> --handle <handle> --policy <code>
                   --decision <kind> --source <src> --rationale <text> [<options>]
            """,
        discussion: """
            The case starts as 'open'; move it on with 'casetool status'. The account is created on first use \
            (handles compare case-insensitively; a leading @ is ignored) and its details are refreshed by later cases.

            A decision is KIND[ until TIME][ in CC,CC...], as DSA statements of reasons \
            give them; --decision is repeatable, one per kind. Kinds, most severe first:
              account:    account_terminated, account_suspended
              service:    service_total_termination, service_partial_termination,
                          service_total_suspension, service_partial_suspension
              monetary:   monetary_termination, monetary_suspension, monetary_other
              visibility: content_removed, content_disabled, content_demoted,
                          content_age_restricted, content_interaction_restricted,
                          visibility_other, content_labelled
            Removal and terminations are permanent; other kinds may end ('until'). \
            'in DE,AT' limits a decision to those countries (a geoblock).

            Examples:
              casetool new --platform Instagram --handle khamenei_ir \\
                --followers 5000000 --policy dangerous-organizations \\
                --decision account_terminated --item-type account \\
                --source user_report \\
                --rationale "Repeated praise of a designated terrorist group"
              casetool new --platform X --handle spam_bot_17 --policy spam \\
                --decision "account_suspended until 2030-07-01" \\
                --decision "content_removed" --item-type text \\
                --item-id https://x.com/spam_bot_17/status/1 \\
                --source automated --automated-decision fully \\
                --rationale "Bulk posting"
            """)

    @OptionGroup var target: TargetOptions

    @Option(help: "Platform, e.g. Instagram.") var platform: String
    @Option(help: "Account handle.") var handle: String
    @Option(help: "Account's display name.") var displayName: String?
    @Option(help: "Kind of account.") var accountType: AccountType?
    // Unconditional, so that "--followers -5" reaches the validator and gets a clear message.
    @Option(parsing: .unconditional, help: ArgumentHelp("Account's follower count (0 or more).", valueName: "count"))
    var followers: String?
    @Option(help: "Policy code (see 'casetool policies').", completion: Completions.policyCode) var policy: String
    @OptionGroup var decided: DecisionOptions
    @Option(help: "How the violation was detected.") var source: DetectionSource
    @Option(help: "Whether automation decided the action: fully, partially or not_automated (a person decided).")
    var automatedDecision: AutomatedDecision = .notAutomated
    @Option(help: "Why the policy applies: the facts relied on.") var rationale: String
    @Option(help: ArgumentHelp("When the violating content or behaviour happened.", valueName: "time")) var occurredAt: String?
    @Option(help: ArgumentHelp("When the case was opened, if not now (for back-filling).", valueName: "time")) var openedAt: String?
    @Option(help: "The platform's own id for the case or content (unique per platform).") var externalId: String?
    @Option(help: ArgumentHelp(
        "What was acted on: account, or the content's types (text, image, video, audio, synthetic_media, product, app, other; comma-separated).",
        valueName: "type"))
    var itemType: String?
    @Option(help: ArgumentHelp("The item's id on the platform, or its URL.", valueName: "id")) var itemId: String?
    @Option(help: ArgumentHelp("When the item was posted.", valueName: "time")) var itemPostedAt: String?
    @Option(help: ArgumentHelp("A URL or reference supporting the case (repeatable).", valueName: "reference")) var evidence: [String] = []

    func run() throws {
        guard let decisions = try decided.decisions() else {
            throw CaseStoreError.invalidValue(field: "--decision", problem: "is required: give at least one, e.g. --decision content_removed")
        }
        var content = CaseContent(
            source: source, rationale: rationale, automatedDecision: automatedDecision, externalID: externalId,
            followerCount: try followers.map { try InputParsing.followerCount($0, field: "--followers") },
            occurredAt: try OptionValues.time(occurredAt, option: "--occurred-at"), itemID: itemId,
            itemPostedAt: try OptionValues.time(itemPostedAt, option: "--item-posted-at"))
        try OptionValues.named("--item-type") { try CaseFields.assign("item_type", itemType, to: &content) }
        let newCase = NewCase(
            platform: platform, handle: handle, displayName: displayName, accountType: accountType, policyCode: policy,
            decisions: decisions, content: content, openedAt: try OptionValues.time(openedAt, option: "--opened-at"),
            evidence: evidence)
        let logged = try OptionValues.named([
            "decisions": "--decision", "item_type": "--item-type", "item_id": "--item-id", "item_posted_at": "--item-posted-at",
            "occurred_at": "--occurred-at", "external_id": "--external-id",
        ]) { try target.open().logCase(newCase) }
        Console.output("\(logged.id)\n")
        if let notice = logged.notice, let line = StrikeWording.notice(notice) { Console.message(line) }
    }
}
