import ArgumentParser
import CaseStore

/// `casetool users`: the people of a team, run by whoever owns the database file.
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Add people, list them, change their role, password, or disable them.",
        discussion: """
            Roles, each with everything the one before it has:
              viewer     reads cases, reports and the audit trail
              moderator  logs cases, adds notes and evidence, moves open cases on
              lead       any move on any case, appeals, assignment, bulk changes,
                         policies
              admin      people, tokens and server settings
            An appeal is decided by someone other than whoever actioned the case.

            Roles bind people signed in to the team server. On this machine the
            command line acts for the file's owner, under the name --actor gives:
            whoever can write the file can do anything with it.
            """,
        subcommands: [List.self, Add.self, SetRole.self, Disable.self, Enable.self, Password.self, OneTimeCodes.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List everyone.",
            usage: "casetool users [list] [--format <format>] [--wide]",
            discussion: """
                Examples:
                  casetool users
                  casetool users list --format json
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            var table = Tabular(columns: [
                .init(key: "name", title: "NAME", fit: .wrap),
                .init(key: "role", title: "ROLE"),
                .init(key: "password", title: "PASSWORD"),
                .init(key: "one_time_codes", title: "CODES", dropRank: 2),
                .init(key: "status", title: "STATUS"),
                .init(key: "created_by", title: "ADDED BY", fit: .truncate, dropRank: 1),
                .init(key: "created_at", title: "ADDED", dropRank: 0),
            ])
            for person in try database.openStore().users() {
                table.append([
                    .text(person.name), .text(person.role.rawValue), .text(person.hasPassword ? "set" : "none"),
                    .text(person.hasOneTimeCodes ? "on" : "off"),
                    .text(person.disabledAt.map { "disabled \($0.iso8601)" } ?? "active"),
                    .text(person.createdBy), .text(person.createdAt.iso8601),
                ])
            }
            output.output(table, whenEmpty: "no people yet: 'casetool users add NAME --role ROLE' adds one")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a person with a role.",
            usage: "casetool users add <name> --role <role> [--password-stdin|--no-password]",
            discussion: """
                Asks for the password twice without echo; scripts pipe it in with
                --password-stdin. A password is 12 to 72 bytes (bcrypt reads no more).

                Examples:
                  casetool users add dana --role admin
                  printf '%s\\n' "$PASS" |
                    casetool users add lee --role lead --password-stdin
                  casetool users add ci-bot --role viewer --no-password
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The person's name, as events will record it.") var name: String
        @Option(help: "What the person may do.") var role: Role
        @Flag(help: "Read the password from one line of stdin.") var passwordStdin = false
        @Flag(help: "No password: the person signs in with tokens only.") var noPassword = false

        func validate() throws {
            if passwordStdin && noPassword { throw ValidationError("--password-stdin and --no-password exclude each other") }
        }

        func run() throws {
            let store = try database.openStore()
            // Said before a password is asked for.
            if let existing = try? store.user(named: name) { throw CaseStoreError.userExists(name: existing.name) }
            let password = noPassword ? nil : try PasswordInput.read(
                fromStdin: passwordStdin, for: name, alternative: "--no-password for a person who signs in with tokens only")
            let person = try store.addUser(name: name, role: role, password: password, actor: actor.name)
            Console.message("added \(person.name) as \(person.role.rawValue)")
        }
    }

    struct SetRole: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "role", abstract: "Give a person another role.",
            discussion: """
                Examples:
                  casetool users role lee moderator
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The person.") var name: String
        @Argument(help: "What the person may do.") var role: Role

        func run() throws {
            let store = try database.openStore()
            let changed = try store.setRole(role, user: name, actor: actor.name)
            Console.message("\(try store.user(named: name).name) \(changed ? "is now" : "already is") \(role.rawValue)")
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable", abstract: "Stop a person's password and tokens working.",
            discussion: """
                People are never deleted: the history names them.

                Examples:
                  casetool users disable lee
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The person.") var name: String

        func run() throws {
            try UsersCommand.set(disabled: true, user: name, database: database, actor: actor)
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enable", abstract: "Let a disabled person sign in again.",
            discussion: """
                Examples:
                  casetool users enable lee
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The person.") var name: String

        func run() throws {
            try UsersCommand.set(disabled: false, user: name, database: database, actor: actor)
        }
    }

    /// `disable` and `enable`: one change, said as it landed ("already was" when nothing changed).
    static func set(disabled: Bool, user name: String, database: DatabaseOptions, actor: ActorOptions) throws {
        let store = try database.openStore()
        let changed = try store.setDisabled(disabled, user: name, actor: actor.name)
        Console.message("\(try store.user(named: name).name) \(changed ? "is now" : "already was") \(disabled ? "disabled" : "enabled")")
    }

    struct Password: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "password", abstract: "Set a person's password.",
            usage: "casetool users password <name> [--password-stdin]",
            discussion: """
                Examples:
                  casetool users password lee
                  printf '%s\\n' "$PASS" |
                    casetool users password lee --password-stdin
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The person.") var name: String
        @Flag(help: "Read the password from one line of stdin.") var passwordStdin = false

        func run() throws {
            let store = try database.openStore()
            let person = try store.user(named: name)  // an unknown name is said before a password is asked for
            let password = try PasswordInput.read(
                fromStdin: passwordStdin, for: person.name, alternative: "'casetool tokens create' for a token instead")
            try store.setPassword(password, user: name, actor: actor.name)
            Console.message("password of \(person.name) set")
        }
    }

    struct OneTimeCodes: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "totp", abstract: "Turn on (or off) one-time codes as a second factor for signing in.",
            usage: "casetool users totp <name> [--off]",
            discussion: """
                Gives the person a new TOTP secret (RFC 6238: six digits, 30 seconds) and
                prints its otpauth:// URL on stdout, for an authenticator app (as a QR code:
                qrencode -t ansiutf8 "$url") or typed in as the secret shown on stderr.
                From then on, signing in to the server needs the password and the code;
                each code works once. Tokens are not affected. --off turns codes off.

                Examples:
                  casetool users totp ada
                  casetool users totp ada | qrencode -t ansiutf8
                  casetool users totp ada --off
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The person.") var name: String
        @Flag(help: "Turn one-time codes off: the password alone signs in again.") var off = false

        func run() throws {
            let store = try database.openStore()
            let person = try store.user(named: name)
            if off {
                let changed = try store.disableOneTimeCodes(user: name, actor: actor.name)
                Console.message("one-time codes \(changed ? "are now" : "already were") off for \(person.name)")
                return
            }
            let enrollment = try store.enableOneTimeCodes(user: name, actor: actor.name)
            Console.output(enrollment.authenticatorURL + "\n")
            Console.message("one-time codes on for \(person.name): add the URL above (as a QR code) or the secret "
                + "\(enrollment.secret) to an authenticator app; signing in to the server now needs its code")
        }
    }
}
