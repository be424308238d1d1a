import ArgumentParser
import Foundation

/// `--wide`, and the width tables are fitted to without it.
struct WidthOptions: ParsableArguments {
    @Flag(help: "Tables at full width: every column, nothing wrapped or cut to fit the terminal.")
    var wide = false

    /// The width to fit tables to, or nil for no limit: `$COLUMNS` when set (so a script can ask for a
    /// width), else the terminal's width when stdout is one; unlimited when piped, or with `--wide`.
    var tableWidth: Int? {
        wide ? nil : TerminalWidth.current()
    }
}

enum TerminalWidth {
    /// Narrower than this, a table of cases cannot keep its id, platform, handle, policy and status
    /// side by side; a narrower terminal is laid out for this width (and wraps the lines itself).
    static let minimum = 60

    static func current() -> Int? {
        if let text = ProcessInfo.processInfo.environment["COLUMNS"], let columns = Int(text), columns > 0 {
            return max(minimum, columns)
        }
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return max(minimum, Int(size.ws_col))
    }
}
