/// Finds the known names closest to a mistyped one, for "did you mean" hints.
public enum Suggestions {
    /// Candidates within a small edit distance, or whose words' initials or text contain the input.
    public static func closest(to input: String, among candidates: [(key: String, label: String)], limit: Int = 3) -> [String] {
        let needle = input.lowercased()
        guard !needle.isEmpty else { return [] }
        var scored: [(score: Int, key: String)] = []
        for candidate in candidates {
            let key = candidate.key.lowercased()
            let label = candidate.label.lowercased()
            let initials = String(label.split(whereSeparator: { !$0.isLetter }).compactMap(\.first))
            let distance = editDistance(needle, key)
            if needle == initials || key.hasPrefix(needle) || label.contains(needle) {
                scored.append((0, candidate.key))
            } else if distance <= max(2, key.count / 3) {
                scored.append((distance, candidate.key))
            }
        }
        return scored.sorted { ($0.score, $0.key) < ($1.score, $1.key) }.prefix(limit).map(\.key)
    }

    /// Edit distance over characters, counting two swapped neighbours as one edit (optimal string
    /// alignment): `lsit` is one edit from `list`, the commonest typing slip.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
