import ArgumentParser
import CaseStore

/// `casetool tokens`: API tokens for the team server.
struct TokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Create, list and revoke API tokens.",
        subcommands: [List.self, Create.self, Revoke.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List tokens, newest first (never their secrets).",
            usage: "casetool tokens [list] [--user <name>] [--format <format>]",
            discussion: """
                Examples:
                  casetool tokens
                  casetool tokens list --user lee --format json
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOptions
        @Option(help: ArgumentHelp("Only this person's tokens.", valueName: "name")) var user: String?

        func run() throws {
            let store = try database.openStore()
            let now = Timestamp.now()
            var table = Tabular(columns: [
                .init(key: "id", title: "ID", style: .identifier),
                .init(key: "user", title: "USER", fit: .wrap),
                .init(key: "label", title: "LABEL", fit: .truncate, dropRank: 1),
                .init(key: "state", title: "STATE"),
                .init(key: "expires_at", title: "EXPIRES"),
                .init(key: "last_used_at", title: "LAST USED", dropRank: 0),
            ])
            for token in try store.tokens(user: user) {
                let state = token.revokedAt != nil ? "revoked" : !token.isValid(at: now) ? "expired"
                    : token.userDisabled ? "user disabled" : "valid"
                table.append([
                    .integer(token.id), .text(token.user), token.label.map { .text($0) } ?? .null, .text(state),
                    .text(token.expiresAt.iso8601), token.lastUsedAt.map { .text($0.iso8601) } ?? .null,
                ])
            }
            output.output(table, whenEmpty: "no tokens" + (user.map { " for \($0)" } ?? " yet"))
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create a token; prints it once.",
            usage: "casetool tokens create --user <name> [--expires <time>] [--label <text>]",
            discussion: """
                The token is printed on stdout this once: only its SHA-256 is kept.
                Lifetimes run from 1h to 366d (h, d or w).

                Examples:
                  casetool tokens create --user lee --expires 90d
                  casetool tokens create --user ci-bot --expires 2w --label nightly
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Option(help: ArgumentHelp("Whose token it is.", valueName: "name")) var user: String
        @Option(help: ArgumentHelp("How long it lasts, 1h to 366d.", valueName: "time")) var expires = "90d"
        @Option(help: ArgumentHelp("What it is for, to recognise it in 'tokens list'.", valueName: "text")) var label: String?

        func run() throws {
            let lifetime = try OptionValues.named("--expires") { try TokenLifetime(parsing: expires) }
            let store = try database.openStore()
            let token = try store.createToken(user: user, lifetime: lifetime, label: label, actor: actor.name)
            if let problem = Console.tryOutput(token.secret + "\n") {
                // Nobody saw it: a valid token nobody holds is only a risk.
                try store.revokeToken(id: token.id, actor: actor.name)
                Console.error("cannot write the output: \(problem); token \(token.id) was revoked again")
                throw ExitCode(ExitCodes.storage)
            }
            Console.message("token \(token.id) for \(try store.user(named: user).name), expires \(token.expiresAt.iso8601); it is shown only now")
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke", abstract: "Revoke a token at once.",
            discussion: """
                Examples:
                  casetool tokens revoke 3
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The token's id, from 'casetool tokens'.") var id: Int64

        func run() throws {
            let changed = try database.openStore().revokeToken(id: id, actor: actor.name)
            Console.message("token \(id) \(changed ? "revoked" : "was already revoked")")
        }
    }
}
