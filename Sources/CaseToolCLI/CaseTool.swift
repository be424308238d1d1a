import ArgumentParser
import CaseAPI
import CaseClient
import CaseStore
import Foundation

public struct CaseTool: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "casetool",
        abstract: "A case tracker for content-moderation enforcement actions.",
        discussion: """
            Log enforcement actions, move them through the review workflow, audit their history and \
            report on them per policy. Data lives in one SQLite file (--db, $\(DatabaseOptions.environmentVariable), \
            or ./\(DatabaseOptions.defaultPath)).

            Times are ISO 8601 dates or date-times (2024-02-08, 2024-02-08T14:30:00Z); a time without an \
            offset is UTC.

            \(ExitCodes.helpText)
            """,
        version: "0.1.0",
        subcommands: [
            InitCommand.self, SeedCommand.self, NewCommand.self, ShowCommand.self, ListCommand.self,
            StatusCommand.self, NoteCommand.self, EvidenceCommand.self, HistoryCommand.self, AccountCommand.self,
            ReportCommand.self, NoticeCommand.self, PoliciesCommand.self, WorkflowCommand.self, AuditCommand.self, CheckCommand.self,
            BackupCommand.self, GenerateCommand.self, ImportCommand.self, ExportCommand.self, ServeCommand.self, LoginCommand.self, LogoutCommand.self, QueueCommand.self, ClaimCommand.self, ReleaseCommand.self, AssignCommand.self, UsersCommand.self, TokensCommand.self, TemplatesCommand.self,
        ]
    )

    public init() {}

    /// Parses and runs the command, turning store errors into one line on stderr and a documented exit code.
    public static func main() {
        do {
            try RawArguments.requireUTF8()
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CaseStoreError {
            Console.error(ErrorWording.text(for: error))
            Foundation.exit(ExitCodes.code(for: error))
        } catch let error as CaseClientError {
            Console.error(error.description)
            Foundation.exit(ExitCodes.code(for: error))
        } catch let error as APIError {
            // An answer from the server casetool could not read (another version?).
            Console.error(error.message)
            Foundation.exit(ExitCodes.code(for: .refused(error)))
        } catch {
            let code = exitCode(for: error)
            // Help and --version print themselves; an ExitCode follows a message the command already gave.
            guard code != .success, !(error is ExitCode) else { exit(withError: error) }
            Console.error(usageMessage(for: error))
            Foundation.exit(code.rawValue)
        }
    }

    /// An argument error in casetool's one voice: the parser's message, a "did you mean" for a
    /// mistyped command, and where the help is, on one line.
    static func usageMessage(for error: Error) -> String {
        let text = message(for: error).trimmingCharacters(in: .whitespacesAndNewlines)
        if let mistyped = mistypedCommand(in: Array(CommandLine.arguments.dropFirst()), message: text) {
            return mistyped
        }
        // The parser's full message ends "See 'casetool list --help' for more information."
        let help = fullMessage(for: error).split(separator: "\n").last { $0.contains("--help' for more information") }
            .flatMap { line in line.split(separator: "'").dropFirst().first.map(String.init) }
        return text.split(separator: "\n").joined(separator: "; ") + " (see '\(help ?? "casetool --help")')"
    }

    /// "'lsit' is not a casetool command; did you mean 'list'?", at any depth (`policies lst`,
    /// `help lsit`): the first word that names no subcommand where one was expected.
    static func mistypedCommand(in arguments: [String], message: String) -> String? {
        var subcommands = configuration.subcommands
        var path = "casetool"
        for argument in arguments where !argument.hasPrefix("-") {
            guard !subcommands.isEmpty else { return nil }
            let atRoot = path == "casetool"
            let names = subcommands.compactMap { $0.configuration.commandName } + (atRoot ? ["help"] : [])
            if argument == "help", atRoot { continue }
            if let next = subcommands.first(where: { $0.configuration.commandName == argument }) {
                subcommands = next.configuration.subcommands
                path += " " + argument
                continue
            }
            guard message.contains("'\(argument)'") || arguments.first == "help" else { return nil }
            let close = Suggestions.closest(to: argument, among: names.map { ($0, $0) }, limit: 2)
            return "'\(argument)' is not a \(path) command"
                + (close.isEmpty ? "" : "; did you mean \(close.map { "'\($0)'" }.joined(separator: " or "))?")
                + " ('\(path) --help' lists them)"
        }
        return nil
    }
}

/// Where output goes: results to stdout, messages to stderr.
enum Console {
    /// Results on stdout. A stdout that cannot be written (a full disk, a closed pipe or descriptor)
    /// is one line and the storage exit code, never a crash.
    static func output(_ text: String) {
        if let problem = tryOutput(text) {
            Console.error("cannot write the output: \(problem)")
            Foundation.exit(ExitCodes.storage)
        }
    }

    /// Writes results on stdout; returns what went wrong instead of exiting, for output whose loss
    /// must be undone (a token nobody saw).
    static func tryOutput(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes in writeAll(UnsafeRawBufferPointer(bytes), to: STDOUT_FILENO) }
    }

    /// Text on stderr as it is (a prompt, a progress line). A stderr that cannot be written has
    /// nowhere to say so: the text is dropped, and the command goes on.
    static func raw(_ text: String) {
        var text = text
        _ = text.withUTF8 { bytes in writeAll(UnsafeRawBufferPointer(bytes), to: STDERR_FILENO) }
    }

    /// Writes every byte to a descriptor, or says why it could not (Foundation's `FileHandle.write`
    /// traps on a closed pipe or a full disk instead).
    static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> String? {
        guard let start = bytes.baseAddress else { return nil }
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, start + offset, bytes.count - offset)
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return String(cString: strerror(errno)).lowercased()
            }
        }
        return nil
    }

    /// One line on stderr. It may quote what a user or a file gave (a path, a value), so it is made
    /// terminal-safe like every other output for people.
    static func message(_ text: String) {
        raw(TerminalText.sanitized(text) + "\n")
    }

    static func error(_ text: String) {
        message("casetool: error: " + text)
    }
}

/// The arguments (and the environment variables standing in for options) as the process received them. Swift decodes them with U+FFFD for bytes that are not
/// UTF-8, which would store a different value than the one typed; import refuses such bytes, so the
/// command line does too, naming the option.
enum RawArguments {
    static func requireUTF8() throws {
        var previous: String?
        for index in CommandLine.arguments.indices.dropFirst() {
            guard let pointer = CommandLine.unsafeArgv[index] else { continue }
            guard let argument = String(validatingCString: pointer) else {
                let bytes = UnsafeBufferPointer(start: pointer, count: strlen(pointer)).map { UInt8(bitPattern: $0) }
                let prefix = String(decoding: bytes.prefix { $0 != UInt8(ascii: "=") }, as: UTF8.self)
                let name = prefix.hasPrefix("--") && bytes.contains(UInt8(ascii: "=")) ? prefix
                    : previous.flatMap { $0.hasPrefix("-") && !$0.contains("=") ? $0 : nil } ?? "argument \(index)"
                throw CaseStoreError.invalidValue(field: name, problem: "is not valid UTF-8 text")
            }
            previous = argument
        }
        // The variables that stand in for options are held to the same rule.
        for variable in [DatabaseOptions.environmentVariable, ActorOptions.environmentVariable] {
            if let pointer = getenv(variable), String(validatingCString: pointer) == nil {
                throw CaseStoreError.invalidValue(field: "$" + variable, problem: "is not valid UTF-8 text")
            }
        }
    }
}
