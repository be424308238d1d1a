import CaseAPI
import Foundation

/// How numbers and durations read in human-facing output.
enum Formatting {
    static func thousands(_ number: Int64) -> String {
        let digits = String(number.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (number < 0 ? "-" : "") + grouped
    }

    /// "1 case", "2 cases", "1,000 rows": a count with its noun, in the number the count needs.
    static func counted(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(thousands(Int64(count))) \(count == 1 ? noun : plural ?? noun + "s")"
    }

    /// "a, b, c and 4 more": a list that stays one line however long it is.
    static func abbreviatedList(_ items: [String], limit: Int) -> String {
        let shown = items.prefix(limit).joined(separator: ", ")
        return items.count > limit ? "\(shown) and \(items.count - limit) more" : shown
    }

    static func percent(_ ratio: Double) -> String {
        String(format: "%.1f%%", ratio * 100)
    }

    /// Up to four decimal places, without trailing zeros: stable for machine output.
    static func decimal(_ number: Double) -> String { JSONValue.decimal(number) }

    /// `45s`, `12m`, `3h 20m`, `2d 4h`: the two largest units.
    static func duration(seconds: Int64) -> String {
        let units: [(String, Int64)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]
        var remaining = seconds
        var parts: [String] = []
        for (name, size) in units where remaining >= size || (parts.isEmpty && size == 1) {
            parts.append("\(remaining / size)\(name)")
            remaining %= size
            if parts.count == 2 { break }
        }
        return parts.joined(separator: " ")
    }
}
