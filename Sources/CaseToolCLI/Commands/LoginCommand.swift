import ArgumentParser
import CaseClient
import CaseStore
import Foundation

/// `casetool login`: sign in to a team server and keep the token, so that `--server` commands run
/// as you there.
struct LoginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Sign in to a team server and keep the token for --server commands.",
        usage: "casetool login <url> [--name <name>] [--password-stdin | --token-stdin]",
        discussion: """
            Signs in with your name and password (asked without echo) and keeps the
            token the server gives in ~/.config/casetool/tokens.json ($XDG_CONFIG_HOME
            if set), readable by you only. Commands given --server URL (or run with
            $CASETOOL_SERVER set) then run as you on that server. --token-stdin keeps
            a token made by 'casetool tokens create' instead. Plain http:// is only for
            this machine; a server elsewhere is https://, through its TLS proxy.

            Examples:
              casetool login https://cases.example.org --name ada
              export CASETOOL_SERVER=https://cases.example.org
              casetool claim --next && casetool status 12 actioned --reason "Spam"
              casetool tokens create --user ci | casetool login http://127.0.0.1:8080 --token-stdin
            """)

    @Argument(help: ArgumentHelp("The server: https://host[:port], or http://127.0.0.1:port.", valueName: "url"))
    var url: String
    @Option(help: ArgumentHelp("Your name on the server (asked when not given).", valueName: "name")) var name: String?
    @Flag(help: "Read the password from one line of stdin (for scripts).") var passwordStdin = false
    @Flag(help: "Read a token from one line of stdin instead of signing in.") var tokenStdin = false

    func validate() throws {
        if passwordStdin && tokenStdin { throw ValidationError("give --password-stdin or --token-stdin, not both") }
        if tokenStdin && name != nil { throw ValidationError("--name does not apply with --token-stdin: the token says who you are") }
    }

    func run() throws {
        let address = try ServerAddress(parsing: url)
        let entry: SavedTokens.Entry
        if tokenStdin {
            guard let token = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces), !token.isEmpty else {
                throw CaseStoreError.invalidValue(field: "--token-stdin", problem: "stdin gave no token (one line is read)")
            }
            let server = RemoteCases(client: ServerClient(server: address, token: token))
            let person = try Blocking.wait { try await server.me() }
            entry = SavedTokens.Entry(token: token, name: person.name, expiresAt: nil)
            Console.message("casetool: signed in to \(address.shown) as \(person.name) (\(person.role.rawValue)) with the token given")
        } else {
            let name = try name ?? Self.askName()
            let password = try PasswordInput.read(fromStdin: passwordStdin, for: name, confirm: false)
            let server = RemoteCases(client: ServerClient(server: address, token: nil))
            let signedIn = try Blocking.wait { try await server.signIn(name: name, password: password) }
            entry = SavedTokens.Entry(token: signedIn.token, name: signedIn.name, expiresAt: signedIn.expiresAt.iso8601)
            Console.message(
                "casetool: signed in to \(address.shown) as \(signedIn.name) (\(signedIn.role.rawValue)) until \(signedIn.expiresAt.iso8601)")
        }
        var saved = try SavedTokens.load()
        try saved.set(entry, for: address)
    }

    private static func askName() throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            throw CaseStoreError.invalidValue(field: "--name", problem: "no terminal to ask for it: give --name")
        }
        FileHandle.standardError.write(Data("Name: ".utf8))
        guard let line = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces), !line.isEmpty else {
            throw CaseStoreError.invalidValue(field: "--name", problem: "none given")
        }
        return line
    }
}

/// `casetool logout`: forget the token kept for a server.
struct LogoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Forget the token kept for a team server.",
        discussion: """
            Removes the server's token from ~/.config/casetool/tokens.json. The token
            itself lasts until it expires; to end it now, revoke it on the server's
            machine ('casetool tokens list', 'casetool tokens revoke ID').

            Examples:
              casetool logout https://cases.example.org
            """)

    @Argument(help: ArgumentHelp("The server (default: $CASETOOL_SERVER).", valueName: "url")) var url: String?

    func run() throws {
        guard let text = url ?? ProcessInfo.processInfo.environment[ReadTargetOptions.serverVariable].flatMap({ $0.isEmpty ? nil : $0 })
        else { throw ValidationError("give the server to log out of (or set $\(ReadTargetOptions.serverVariable))") }
        let address = try ServerAddress(parsing: text)
        var saved = try SavedTokens.load()
        guard saved.entry(for: address) != nil else {
            Console.message("casetool: no token kept for \(address.shown)")
            throw ExitCode(ExitCodes.notFound)
        }
        try saved.set(nil, for: address)
        Console.message("casetool: forgot the token for \(address.shown)")
    }
}
