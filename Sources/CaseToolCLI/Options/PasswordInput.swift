import CaseStore
import Foundation

/// The terminal's settings while a password is typed, so that an interrupt can put echo back.
nonisolated(unsafe) private var settingsBeforePrompt: termios?

/// Reads a password: from a terminal without echo (asked twice), or one line from stdin for scripts.
enum PasswordInput {
    /// `alternative` names what else the command takes when there is no terminal to ask on.
    static func read(fromStdin: Bool, for person: String, confirm: Bool = true, alternative: String) throws -> String {
        if fromStdin {
            guard let line = Swift.readLine(strippingNewline: true), !line.isEmpty else {
                throw CaseStoreError.invalidValue(field: "--password-stdin", problem: "stdin gave no password (one line is read)")
            }
            return line
        }
        guard isatty(STDIN_FILENO) == 1 else {
            throw CaseStoreError.invalidValue(
                field: "password", problem: "no terminal to ask for it: pipe it in with --password-stdin (or \(alternative))")
        }
        let first = try prompt("Password for \(person): ")
        if confirm, try prompt("Again: ") != first {
            throw CaseStoreError.invalidValue(field: "password", problem: "the two entries differ; nothing was changed")
        }
        return first
    }

    /// One line from the terminal with echo turned off, and turned on again whatever happens,
    /// Ctrl-C included.
    private static func prompt(_ text: String) throws -> String {
        Console.raw(text)
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        settingsBeforePrompt = saved
        signal(SIGINT) { _ in
            if var settings = settingsBeforePrompt { tcsetattr(STDIN_FILENO, TCSANOW, &settings) }
            _exit(130)
        }
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            signal(SIGINT, SIG_DFL)
            settingsBeforePrompt = nil
            Console.raw("\n")
        }
        guard let line = Swift.readLine(strippingNewline: true) else {
            throw CaseStoreError.invalidValue(field: "password", problem: "none given")
        }
        return line
    }
}
