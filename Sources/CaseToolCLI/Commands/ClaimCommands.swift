import ArgumentParser
import CaseStore

/// `casetool claim`: take a case from the queue, so that nobody else works on it meanwhile.
struct ClaimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claim",
        abstract: "Claim a case from the queue (or the next one) to work on it.",
        usage: "casetool claim (<id> | --next [<filters>]) [--for <time>]",
        discussion: """
            A claim holds the case for you until it expires (an hour unless --for, at
            most 24h) or you move or release it; meanwhile nobody else can claim it, and
            on a team server only you or a lead can move it. Claiming a case you hold
            renews the claim. --next takes the case that has waited longest that nobody
            holds (never an appeal of your own decision) and prints its id; when there
            is none it says so and exits 66.

            Examples:
              casetool claim 12
              casetool claim --next --policy spam --for 30m
              id=$(casetool claim --next) && casetool show "$id"
            """)

    @OptionGroup var target: TargetOptions
    @Argument(help: "The case to claim.") var id: String?
    @Flag(help: "Claim the case that has waited longest and that nobody holds.") var next = false
    @OptionGroup(title: "With --next: which cases") var filters: CaseFilterOptions
    @Option(name: .customLong("for"), help: ArgumentHelp("How long the claim holds (30m, 2h; default 1h).", valueName: "time"))
    var lifetime: String?

    func validate() throws {
        if (id == nil) == !next { throw ValidationError("give either a case id or --next") }
        if id != nil && filters.anyGiven { throw ValidationError("filters choose a case with --next only; a case id names one already") }
    }

    func run() throws {
        let lifetime = try lifetime.map { try ClaimLifetime(parsing: $0, field: "--for") } ?? .standard
        let cases = try target.open()
        let claim: Claim
        if let id {
            claim = try cases.claim(caseID: try OptionValues.caseID(id), lifetime: lifetime)
        } else {
            let filter = try OptionValues.named(["status": "--status"]) { try filters.filter(limit: nil) }
            let found = try OptionValues.named(["status": "--status"]) {
                try cases.claimNext(matching: filter, lifetime: lifetime)
            }
            guard let next = found else {
                Console.message("nothing in the queue that \(cases.personName ?? "you") can claim")
                throw ExitCode(ExitCodes.notFound)
            }
            claim = next
        }
        Console.output("\(claim.caseID)\n")
        Console.message("case \(claim.caseID): claimed by \(claim.holder) until \(claim.expiresAt)")
    }
}

/// `casetool release`: give a claimed case back to the queue.
struct ReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Give a claimed case back to the queue.",
        discussion: """
            Ends the claim on the case. Your own, or on a team server, a lead may end
            anyone's. Moving a case ends its claim by itself.

            Examples:
              casetool release 12
            """)

    @OptionGroup var target: TargetOptions
    @Argument(help: "The claimed case.") var id: String

    func run() throws {
        let caseID = try OptionValues.caseID(id)
        try target.open().release(caseID: caseID)
        Console.message("case \(caseID): released")
    }
}

/// `casetool assign`: a lead gives a case to someone.
struct AssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Give a case to a person: a claim in their name.",
        usage: "casetool assign <id> --to <name> [--for <time>]",
        discussion: """
            The person must be one of 'casetool users' who can work cases (moderator or
            above). Any claim on the case is replaced; the assignment is an event of
            the case, with who assigned it.

            Examples:
              casetool assign 12 --to alice
              casetool assign 12 --to alice --for 4h
            """)

    @OptionGroup var target: TargetOptions
    @Argument(help: "The case to assign.") var id: String
    @Option(help: ArgumentHelp("Who is to work on it.", valueName: "name")) var to: String
    @Option(name: .customLong("for"), help: ArgumentHelp("How long the claim holds (30m, 2h; default 1h).", valueName: "time"))
    var lifetime: String?

    func run() throws {
        let caseID = try OptionValues.caseID(id)
        let lifetime = try lifetime.map { try ClaimLifetime(parsing: $0, field: "--for") } ?? .standard
        let claim = try target.open().assign(caseID: caseID, to: to, lifetime: lifetime)
        Console.message("case \(caseID): assigned to \(claim.holder) until \(claim.expiresAt)")
    }
}
