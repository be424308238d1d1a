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
            Signs in with your name and password (asked without echo), and the code
            of your authenticator app if you have turned one-time codes on (with
            --password-stdin, the line after the password). Keeps the token the server
            gives in ~/.config/casetool/tokens.json ($XDG_CONFIG_HOME if set), readable
            by you only; logging in again revokes the token it replaces. Commands given
            --server URL (or run with $CASETOOL_SERVER set) then run as you on that
            server. --token-stdin keeps a token made by 'casetool tokens create'
            instead. Plain http:// is only for this machine; a server elsewhere is
            https://, through its TLS proxy.

            Examples:
              casetool login https://cases.example.org --name ada
              export CASETOOL_SERVER=https://cases.example.org
              casetool claim --next && casetool status 12 actioned --reason "Spam"
              casetool tokens create --user ci |
                casetool login http://127.0.0.1:8080 --token-stdin
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
        // Before the server issues anything: a token issued and then not kept would be lost.
        var saved = try SavedTokens.load()
        try saved.checkWritable()
        let replaced = saved.entry(for: address)
        let entry: SavedTokens.Entry
        let said: String
        if tokenStdin {
            guard let token = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces), !token.isEmpty else {
                throw CaseStoreError.invalidValue(field: "--token-stdin", problem: "stdin gave no token (one line is read)")
            }
            guard SavedTokens.isWellFormed(token: token) else {
                throw CaseStoreError.invalidValue(
                    field: "--token-stdin", problem: "that is not a token (tokens are one word of printable ASCII, casetool_…)")
            }
            let server = RemoteCases(client: ServerClient(server: address, token: token, patienceSeconds: Self.patience))
            let person = try Blocking.wait { try await server.me() }
            entry = SavedTokens.Entry(token: token, name: person.name, expiresAt: nil)
            said = "casetool: signed in to \(address.shown) as \(person.name) (\(person.role.rawValue)) with the token given"
        } else {
            let name = try name ?? Self.askName()
            let password = try PasswordInput.read(
                fromStdin: passwordStdin, for: name, confirm: false, alternative: "--token-stdin with a token from 'casetool tokens create'")
            let server = RemoteCases(client: ServerClient(server: address, token: nil, patienceSeconds: Self.patience))
            let signedIn: SignedIn
            do {
                signedIn = try Blocking.wait { try await server.signIn(name: name, password: password) }
            } catch CaseClientError.refused(let error) where error.message == CaseStoreError.oneTimeCodeRequired.description {
                // The password was right and the person has a second factor: ask for the code and sign in with both.
                let code = try Self.askOneTimeCode(fromStdin: passwordStdin)
                signedIn = try Blocking.wait { try await server.signIn(name: name, password: password, oneTimeCode: code) }
            }
            entry = SavedTokens.Entry(token: signedIn.token, name: signedIn.name, expiresAt: signedIn.expiresAt.iso8601)
            said = "casetool: signed in to \(address.shown) as \(signedIn.name) (\(signedIn.role.rawValue)) until \(signedIn.expiresAt.iso8601)"
        }
        try saved.set(entry, for: address)
        Console.message(said)
        // The token this one replaces would otherwise stay valid, kept nowhere: end it. It may have
        // expired or been revoked already, which is as good.
        if let replaced, replaced.token != entry.token {
            let old = RemoteCases(client: ServerClient(server: address, token: replaced.token, patienceSeconds: LoginCommand.patience))
            _ = try? Blocking.wait { try await old.signOut() }
        }
    }

    /// The code of the person's authenticator app: the line after the password on stdin, or asked.
    private static func askOneTimeCode(fromStdin: Bool) throws -> String {
        if !fromStdin {
            guard isatty(STDIN_FILENO) == 1 else {
                throw CaseStoreError.invalidValue(field: "one-time code", problem: "no terminal to ask for it: give it on the line after the password with --password-stdin")
            }
            Console.raw("One-time code: ")
        }
        guard let line = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces), !line.isEmpty else {
            throw CaseStoreError.invalidValue(
                field: "one-time code", problem: fromStdin ? "stdin gave none (the line after the password)" : "none given")
        }
        return line
    }

    /// Signing in or out answers at once (bcrypt is a quarter of a second): 30 s of silence is a
    /// server that will not answer.
    static let patience: Int64 = 30

    private static func askName() throws -> String {
        guard isatty(STDIN_FILENO) == 1 else {
            throw CaseStoreError.invalidValue(field: "--name", problem: "no terminal to ask for it: give --name")
        }
        Console.raw("Name: ")
        guard let line = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces), !line.isEmpty else {
            throw CaseStoreError.invalidValue(field: "--name", problem: "none given")
        }
        return line
    }
}

/// `casetool logout`: end the session on the server and forget its token.
struct LogoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Sign out of a team server: revoke the kept token and forget it.",
        usage: "casetool logout [<url>] [--local]",
        discussion: """
            Revokes the token kept for the server (it is refused from then on, wherever
            it was copied) and removes it from ~/.config/casetool/tokens.json. When the
            server cannot be reached the token is kept, so that logout can revoke it
            later; --local forgets it at once, and it lasts until it expires unless an
            admin revokes it ('casetool tokens revoke ID' on the server's machine).

            Examples:
              casetool logout https://cases.example.org
              casetool logout --local
            """)

    @Argument(help: ArgumentHelp("The server (default: $CASETOOL_SERVER).", valueName: "url")) var url: String?
    @Flag(help: "Forget the token here without revoking it on the server.") var local = false

    func run() throws {
        guard let text = url ?? ProcessInfo.processInfo.environment[ReadTargetOptions.serverVariable].flatMap({ $0.isEmpty ? nil : $0 })
        else { throw ValidationError("give the server to log out of (or set $\(ReadTargetOptions.serverVariable))") }
        let address = try ServerAddress(parsing: text)
        var saved = try SavedTokens.load()
        guard let entry = saved.entry(for: address) else {
            Console.message("casetool: no token kept for \(address.shown)")
            throw ExitCode(ExitCodes.notFound)
        }
        if !local {
            let server = RemoteCases(client: ServerClient(server: address, token: entry.token, patienceSeconds: LoginCommand.patience))
            do {
                try Blocking.wait { try await server.signOut() }
            } catch CaseClientError.refused(let error) where error.code == .unauthenticated {
                // Expired or revoked already: nothing is left to end.
            } catch CaseClientError.unreachable(let server, let problem) {
                throw CaseClientError.unreachable(
                    server: server, problem: problem + "; the token is still kept (logout --local forgets it without revoking)")
            }
        }
        try saved.set(nil, for: address)
        Console.message(local ? "casetool: forgot the token for \(address.shown) (it was not revoked)"
                              : "casetool: signed out of \(address.shown)")
    }
}
