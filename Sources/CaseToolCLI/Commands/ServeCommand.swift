import ArgumentParser
import CaseServer
import CaseStore
import Foundation
import Logging

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the team server: the JSON API under /api/v1, for signed-in people.",
        usage: "casetool serve [--listen <host:port>] [--readers <n>] [--db <path>]",
        discussion: """
            Every request needs a bearer token (POST /api/v1/sessions with a name and password, or \
            'casetool tokens create'); each event it writes is that person's. The API is described at \
            /api/v1/openapi.json; Prometheus metrics are at /metrics. One line per request goes to \
            stderr. SIGTERM or Ctrl-C stops taking requests and finishes those in flight.

            Serve on loopback and put a TLS reverse proxy in front (see the README): tokens and \
            passwords must not cross a network in clear text.

            Examples:
              casetool users add alice --role admin
              casetool serve
              casetool serve --listen 127.0.0.1:0 --db /srv/cases.db
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("Address and port to listen on; port 0 picks a free one.", valueName: "host:port"))
    var listen = "127.0.0.1:8080"
    @Option(help: ArgumentHelp("Database connections for reads, 1 to 64.", valueName: "n")) var readers = 4

    func validate() throws {
        _ = try ListenAddress(listen)
        if !(1...64).contains(readers) { throw ValidationError("--readers must be from 1 to 64") }
    }

    func run() throws {
        let address = try ListenAddress(listen)
        // Opened (and migrated) here first, so that a missing or incompatible file is the usual one
        // line and exit code, before any port is bound.
        _ = try database.openStore()
        let configuration = CaseServer.Configuration(
            databasePath: database.path, host: address.host, port: address.port, readers: readers)
        let logger = Logger(label: "casetool.server") { StreamLogHandler.standardError(label: $0) }
        let path = database.path
        let outcome = ServerOutcome()
        let finished = DispatchSemaphore(value: 0)
        Task {
            do {
                try await CaseServer.run(configuration, logger: logger) { host, port in
                    let shown = host.contains(":") ? "[\(host)]" : host
                    Console.message("casetool: serving \(path) on http://\(shown):\(port)/api/v1 (Ctrl-C stops)")
                }
            } catch {
                outcome.error = error
            }
            finished.signal()
        }
        finished.wait()
        switch outcome.error {
        case nil:
            break
        case let error as CaseServerError:
            Console.error("--listen: \(error)")
            if case .unknownHost = error { throw ExitCode(ExitCodes.usage) }
            throw ExitCode(ExitCodes.storage)
        case let error?:
            if error is CaseStoreError { throw error }
            Console.error("the server stopped: \(error)")
            throw ExitCode(ExitCodes.storage)
        }
        Console.message("casetool: server stopped")
    }
}

/// `--listen`: `host:port`, `[v6]:port`, or `:port` for loopback.
struct ListenAddress {
    let host: String
    let port: Int

    init(_ text: String) throws {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
            throw ValidationError("--listen: '\(text)' is not host:port (127.0.0.1:8080, [::1]:8080, or port 0 for any free one)")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host.isEmpty ? "127.0.0.1" : host
        self.port = port
    }
}

/// How the server task ended, read once it has signalled.
private final class ServerOutcome: @unchecked Sendable {
    // @unchecked: written by the task before it signals, read after the wait.
    var error: (any Error)?
}
