import Foundation

/// Durations as people type them: a whole number and a unit (`90d`, `12h`, `30m`, `2w`).
enum DurationText {
    static let units: [Character: Int64] = ["m": 60, "h": 3_600, "d": 86_400, "w": 7 * 86_400]

    /// The seconds `text` gives, if it is a duration in `allowed`; otherwise nil.
    static func seconds(parsing text: String, allowed: ClosedRange<Int64>) -> Int64? {
        let text = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = text.last.flatMap({ units[$0] }), let count = Int64(text.dropLast()), count > 0,
              case let (seconds, overflow) = count.multipliedReportingOverflow(by: unit), !overflow,
              allowed.contains(seconds)
        else { return nil }
        return seconds
    }
}
