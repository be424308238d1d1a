extension CaseStore {
    /// Enforcement figures grouped by `dimension`, over the cases the filter selects
    /// (typically `since`/`until` on the opening time). Definitions are on `ReportRow`.
    public func report(by dimension: ReportDimension, filter: CaseFilter = CaseFilter()) throws -> Report {
        try read {
            let conditions = try conditions(for: filter)
            // Everything but a handle filter is in the covering index cases_report. Without statistics the
            // planner may pick a narrower index and then read every case row: name it.
            let from = filter.handle == nil
                ? "FROM cases c INDEXED BY cases_report" : "FROM cases c JOIN accounts a ON a.id = c.account_id"
            let where_ = conditions.whereClause
            let key = Self.keyExpression(dimension)
            let label = try dimension == .policy ? Dictionary(uniqueKeysWithValues: policies().map { ($0.id, $0) }) : [:]

            // One pass over the covering index, aggregated here: grouping in SQL would sort a million
            // rows once per figure (reach and medians need per-account and per-value grouping).
            var groupsByID: [Int64: ReportAccumulator] = [:]  // policies: no string per row
            var groupsByText: [String: ReportAccumulator] = [:]
            try database.cachedStatement("""
                SELECT \(key), c.account_id, coalesce(c.follower_count, 0), c.actioned_at IS NOT NULL,
                       c.status = 'dismissed', c.appeal_count > 0, c.status = 'reversed',
                       unixepoch(c.actioned_at) - unixepoch(c.opened_at)
                \(from)\(where_)
                """).forEachRow(conditions.values) { row in
                let caseFigures = ReportAccumulator.Case(
                    account: try row.int64(1), followers: try row.int64(2), actioned: try row.int64(3) != 0,
                    dismissed: try row.int64(4) != 0, appealed: try row.int64(5) != 0, reversed: try row.int64(6) != 0,
                    secondsToAction: row.optionalInt64(7))
                switch row.value(0) {
                case .integer(let id): groupsByID[id, default: ReportAccumulator()].add(caseFigures)
                case .text(let text): groupsByText[text, default: ReportAccumulator()].add(caseFigures)
                default: groupsByText["", default: ReportAccumulator()].add(caseFigures)
                }
            }
            var reach = ReachCounter()
            var rows = groupsByID.map { id, figures in
                figures.row(key: label[id]?.code ?? String(id), label: label[id]?.name, reach: &reach)
            } + groupsByText.map { key, figures in figures.row(key: key, label: nil, reach: &reach) }
            rows.sort { dimension == .month ? $0.key < $1.key : ($0.cases, $1.key) > ($1.cases, $0.key) }
            let total = ReportAccumulator.merged(Array(groupsByID.values) + Array(groupsByText.values))
            return Report(dimension: dimension, rows: rows, total: total.row(key: "total", label: nil, reach: &reach))
        }
    }

    private static func keyExpression(_ dimension: ReportDimension) -> String {
        switch dimension {
        case .policy: "c.policy_id"
        case .platform: "c.platform"
        case .action: "c.action"
        case .source: "c.source"
        case .month: "substr(c.opened_at, 1, 7)"
        }
    }
}


/// The figures of one report group, gathered case by case.
struct ReportAccumulator {
    struct Case {
        let account: Int64
        let followers: Int64
        let actioned: Bool
        let dismissed: Bool
        let appealed: Bool
        let reversed: Bool
        let secondsToAction: Int64?
    }

    private(set) var cases = 0
    private(set) var actioned = 0
    private(set) var dismissed = 0
    private(set) var appealed = 0
    private(set) var reversed = 0
    /// Accounts and follower counts of actioned cases; reach counts each account once, at its largest.
    private(set) var actionedAccounts: [(account: Int64, followers: Int64)] = []
    private(set) var secondsToAction: [Int64] = []

    mutating func add(_ figures: Case) {
        cases += 1
        if figures.dismissed { dismissed += 1 }
        if figures.appealed { appealed += 1 }
        if figures.reversed { reversed += 1 }
        guard figures.actioned else { return }
        actioned += 1
        if let seconds = figures.secondsToAction { secondsToAction.append(seconds) }
        actionedAccounts.append((figures.account, figures.followers))
    }

    /// All groups together: the total row.
    static func merged(_ groups: [ReportAccumulator]) -> ReportAccumulator {
        var total = ReportAccumulator()
        for group in groups {
            total.cases += group.cases
            total.actioned += group.actioned
            total.dismissed += group.dismissed
            total.appealed += group.appealed
            total.reversed += group.reversed
            total.actionedAccounts += group.actionedAccounts
            total.secondsToAction += group.secondsToAction
        }
        return total
    }

    func row(key: String, label: String?, reach: inout ReachCounter) -> ReportRow {
        var seconds = secondsToAction
        return ReportRow(
            key: key, label: label, cases: cases, actioned: actioned, dismissed: dismissed, appealed: appealed,
            reversed: reversed, actionedFollowers: reach.followers(of: actionedAccounts),
            medianSecondsToAction: Median.of(&seconds))
    }
}

/// Sums followers over distinct accounts with a scratch array indexed by account id (ids are dense
/// rowids): linear, where a dictionary or a sort per group dominated the report over a million cases.
struct ReachCounter {
    private var largest: [Int64] = []

    mutating func followers(of accounts: [(account: Int64, followers: Int64)]) -> Int64 {
        var touched: [Int] = []
        var sum: Int64 = 0
        for (account, followers) in accounts {
            let index = Int(account)
            guard index >= 0, index < 1 << 31 else { continue }
            if index >= largest.count { largest += Array(repeating: -1, count: max(index + 1 - largest.count, largest.count)) }
            if largest[index] < 0 { touched.append(index) }
            if followers > largest[index] {
                sum += followers - max(largest[index], 0)
                largest[index] = followers
            }
        }
        for index in touched { largest[index] = -1 }
        return sum
    }
}

enum Median {
    /// The middle value, or the mean of the two middle values (rounded down); reorders `values`.
    /// Selection, not a sort: linear on average.
    static func of(_ values: inout [Int64]) -> Int64? {
        guard !values.isEmpty else { return nil }
        let middle = values.count / 2
        let upper = select(&values, rank: middle)
        guard values.count % 2 == 0 else { return upper }
        // After selection everything below `middle` is ≤ the upper middle: the lower middle is their maximum.
        let lower = values[..<middle].max() ?? upper
        return (lower + upper) / 2
    }

    /// Hoare's quickselect with a median-of-three pivot: the value of rank `rank` in sorted order.
    private static func select(_ values: inout [Int64], rank: Int) -> Int64 {
        var low = 0
        var high = values.count - 1
        while low < high {
            let mid = low + (high - low) / 2
            let pivot = Swift.max(Swift.min(values[low], values[mid]), Swift.min(Swift.max(values[low], values[mid]), values[high]))
            var i = low
            var j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if rank <= j {
                high = j
            } else if rank >= i {
                low = i
            } else {
                return values[rank]
            }
        }
        return values[rank]
    }
}
