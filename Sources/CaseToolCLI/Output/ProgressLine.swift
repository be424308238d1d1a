import CaseStore
import Foundation

/// One progress line on stderr, redrawn in place, and only when stderr is a terminal (a log or a
/// pipe gets the summary alone): how many done, the rate, and, when the share done is known, the
/// percentage and the time left.
final class ProgressLine {
    private let unit: String
    private let start = Date()
    private let isTerminal: Bool
    /// Whether a line was drawn, which `finish` then ends (nothing drawn, no blank line).
    private var drawn = false

    init(unit: String, isTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.unit = unit
        self.isTerminal = isTerminal
    }

    /// `fraction` is the share done (0…1) when known; `detail` ends the line ("part 3").
    func update(done: Int, fraction: Double?, detail: String? = nil) {
        guard isTerminal else { return }
        drawn = true
        Console.raw(("\r" + line(done: done, fraction: fraction, detail: detail) + "   "))
    }

    /// For `audit verify` and `check`: the pass, the checks done (two per event), the share done.
    func audit(_ step: AuditStep, events: Int, fraction: Double) {
        update(done: events, fraction: fraction, detail: step == .chain ? "hash chain" : "replaying cases")
    }

    func finish() {
        if drawn { Console.raw("\n") }
    }

    func line(done: Int, fraction: Double?, detail: String?, elapsed: TimeInterval? = nil) -> String {
        let seconds = max(elapsed ?? Date().timeIntervalSince(start), 0.001)
        var line = "\(done) \(unit), \(Int((Double(done) / seconds).rounded())) \(unit)/s"
        if let fraction, fraction >= 0 {
            line += String(format: ", %.0f%%", min(fraction, 1) * 100)
            if fraction > 0.01, fraction < 1 {
                line += ", ETA " + Formatting.duration(seconds: Int64(seconds / fraction - seconds))
            }
        }
        if let detail { line += ", " + detail }
        return line
    }
}
