import Foundation
import SQLiteDatabase

extension CaseStore {
    /// Enforcement figures for the cases the request selects, grouped by its dimensions. Cases count
    /// in the period in which they were opened; every figure of a row is about that row's cases.
    public func report(_ request: ReportRequest) throws -> Report {
        try reports(groupings: [request.dimensions], period: request.period, filter: request.filter, omitEmpty: request.omitEmpty)[0]
    }

    /// Several groupings of the same cases from one read of them (a page of charts needs a few).
    public func reports(
        groupings: [Set<ReportDimension>], period: ReportPeriod, filter: CaseFilter, omitEmpty: Bool
    ) throws -> [Report] {
        try read {
            let cube = ReportScan(period: period, dimensions: groupings.reduce([], { $0.union($1) }))
            try cube.run(in: self, filter: filter)
            let catalog = try policies()
            return try groupings.map { dimensions in
                try cube.report(
                    dimensions: dimensions, filter: filter, omitEmpty: omitEmpty, policies: catalog)
            }
        }
    }
}

/// Which group a case falls in: the dimensions not grouped by stay 0.
struct ReportKey: Hashable {
    var period: Int64 = 0
    var platform: Int32 = 0
    var policy: Int64 = 0
    /// The most severe decision's position in `DecisionKind.allCases`.
    var decision: Int8 = 0
    var source: Int8 = 0

    func keeping(_ mask: DimensionMask) -> ReportKey {
        ReportKey(
            period: mask.period ? period : 0, platform: mask.platform ? platform : 0, policy: mask.policy ? policy : 0,
            decision: mask.decision ? decision : 0, source: mask.source ? source : 0)
    }
}

/// Which dimensions a grouping keeps, as plain flags: checked for every case, where a set lookup costs a hash.
struct DimensionMask {
    let period, platform, policy, decision, source: Bool

    init(_ dimensions: Set<ReportDimension>) {
        period = dimensions.contains(.period)
        platform = dimensions.contains(.platform)
        policy = dimensions.contains(.policy)
        decision = dimensions.contains(.decision)
        source = dimensions.contains(.source)
    }
}

/// One pass over the covering index `cases_report`, gathering figures per group of the finest
/// grouping asked for; coarser groupings and the total merge those groups.
final class ReportScan {
    let period: ReportPeriod
    let dimensions: Set<ReportDimension>
    private(set) var groups = GroupTable()
    private(set) var platforms = PlatformNames()
    /// Periods of the first and last case seen.
    private(set) var periodRange: ClosedRange<Int64>?

    init(period: ReportPeriod, dimensions: Set<ReportDimension>) {
        self.period = period
        self.dimensions = dimensions
    }

    func run(in store: CaseStore, filter: CaseFilter) throws {
        let database = store.database
        let appeals = try AppealDecisions.load(database)
        // Few accounts are unnamed: a bitmap by account id answers "is this one?" without hashing.
        var unnamed: [Bool] = []
        let unnamedIDs: [Int64] = try database.cachedStatement("SELECT id FROM accounts WHERE unnamed = 1").query { try $0.int64(0) }
        for id in unnamedIDs {
            guard id >= 0, id < 1 << 31 else { continue }
            if Int(id) >= unnamed.count { unnamed += Array(repeating: false, count: Int(id) + 1 - unnamed.count) }
            unnamed[Int(id)] = true
        }
        let conditions = try store.conditions(for: filter)
        // Everything but a handle filter is in the covering index. Without statistics the planner may
        // pick a narrower index and then read every case row: name it.
        let from = filter.handle == nil
            ? "FROM cases c INDEXED BY cases_report" : "FROM cases c JOIN accounts a ON a.id = c.account_id"
        let mask = DimensionMask(dimensions)
        let groupByPlatform = mask.platform
        let statement = try database.cachedStatement("""
            SELECT c.id, c.opened_at, c.actioned_at, c.policy_id, c.most_severe, c.source, c.status, c.appeal_count,
                   c.account_id, coalesce(c.follower_count, 0), c.automated_detection, c.automated_decision = 'not_automated',
                   c.decision_mask\(groupByPlatform ? ", c.platform" : "")
            \(from)\(conditions.whereClause)
            """)
        var minimum = Int64.max
        var maximum = Int64.min
        try statement.forEachRow(conditions.values) { row in
            let caseID = row.notNullInt64(0)
            let opened = try Self.seconds(row, 1) ?? { throw Self.corrupt(caseID, "opened_at") }()
            let actioned = try Self.seconds(row, 2)
            let mostSevere = try row.withUTF8(4) { EnumBytes.decisionKinds.index(of: $0) } ?? { throw Self.corrupt(caseID, "most_severe") }()
            let source = try row.withUTF8(5) { EnumBytes.sources.index(of: $0) } ?? { throw Self.corrupt(caseID, "source") }()
            let status = try row.withUTF8(6) { EnumBytes.statuses.index(of: $0) } ?? { throw Self.corrupt(caseID, "status") }()
            let account = row.notNullInt64(8)
            let appealCount = row.notNullInt64(7)
            let isUnnamed = account >= 0 && account < unnamed.count && unnamed[Int(account)]
            let facts = ReportCase(
                account: isUnnamed ? nil : account, followers: max(0, row.notNullInt64(9)), decisionMask: row.notNullInt64(12),
                source: source, status: CaseStatus.allCases[status], actioned: actioned != nil,
                secondsToAction: actioned.map { $0.saturatingSubtracting(opened) }, appealCount: appealCount,
                automatedDetection: row.notNullInt64(10) != 0, automatedDecision: row.notNullInt64(11) == 0,
                appealDecisionSeconds: appealCount > 0 ? appeals.seconds(caseID: caseID) : [])
            var key = ReportKey()
            if mask.period {
                key.period = period.index(of: Timestamp(secondsSinceEpoch: opened))
                minimum = min(minimum, key.period)
                maximum = max(maximum, key.period)
            }
            if mask.policy { key.policy = row.notNullInt64(3) }
            if mask.decision { key.decision = Int8(mostSevere) }
            if mask.source { key.source = Int8(source) }
            if groupByPlatform {
                key.platform = row.withUTF8(13) { bytes in platforms.index(of: bytes ?? UnsafeBufferPointer(start: nil, count: 0)) }
            }
            groups.withGroup(key) { $0.add(facts) }
        }
        periodRange = minimum <= maximum ? minimum...maximum : nil
    }

    /// The report for `dimensions` (a subset of the scan's), rows in canonical order.
    func report(
        dimensions wanted: Set<ReportDimension>, filter: CaseFilter, omitEmpty: Bool, policies catalog: [Policy]
    ) throws -> Report {
        var merged: [ReportKey: ReportAccumulator] = [:]
        if wanted == dimensions {
            // The scan's own grouping needs no merging: its groups are used as they are.
            merged = Dictionary(uniqueKeysWithValues: zip(groups.keys, groups.groups))
        } else {
            let mask = DimensionMask(wanted)
            for (key, group) in zip(groups.keys, groups.groups) {
                merged[key.keeping(mask), default: ReportAccumulator()].merge(group)
            }
        }

        let keys = try omitEmpty
            ? merged.keys.sorted(by: ordering(catalog))
            : allKeys(for: wanted, filter: filter, catalog: catalog)
        var tally = AccountTally()
        let policiesByID = Dictionary(uniqueKeysWithValues: catalog.map { ($0.id, $0) })
        let rows = keys.map { key in
            ReportRow(
                group: group(of: key, dimensions: wanted, policies: policiesByID),
                figures: (merged[key] ?? ReportAccumulator()).figures(accounts: &tally))
        }
        return Report(dimensions: wanted.sorted(), period: period, rows: rows, total: total)
    }

    /// The figures over every scanned case: the same for every grouping, so worked out once.
    private lazy var total: ReportFigures = {
        var all = ReportAccumulator()
        for group in groups.groups { all.merge(group) }
        var tally = AccountTally()
        return all.figures(accounts: &tally)
    }()

    /// Every combination of the dimensions' values, in canonical order.
    private func allKeys(for wanted: Set<ReportDimension>, filter: CaseFilter, catalog: [Policy]) throws -> [ReportKey] {
        var periods: [Int64] = [0]
        if wanted.contains(.period) {
            let first = filter.since.map { period.index(of: $0) } ?? periodRange?.lowerBound
            let last = filter.until.map { period.index(of: $0) } ?? periodRange?.upperBound
            if let first, let last, first <= last {
                guard last - first < Int64(ReportRequest.maxRows) else { throw Self.tooManyRows(last - first + 1) }
                periods = Array(first...last)
            } else {
                periods = []
            }
        }
        let platformIndexes: [Int32] = wanted.contains(.platform)
            ? platforms.indexesSortedByName(adding: filter.platform) : [0]
        let policyIDs: [Int64] = wanted.contains(.policy)
            ? catalog.filter { filter.policyCode == nil || $0.code.caseInsensitiveCompare(filter.policyCode ?? "") == .orderedSame }
                .sorted { $0.code < $1.code }.map(\.id)
            : [0]
        // A case filtered by a kind may have a more severe one: every most-severe kind can appear.
        let decisions: [Int8] = wanted.contains(.decision)
            ? DecisionKind.allCases.enumerated().filter { filter.decision == nil || $0.element.severityRank <= (filter.decision?.severityRank ?? 0) }
                .map { Int8($0.offset) }
            : [0]
        let sources: [Int8] = wanted.contains(.source)
            ? DetectionSource.allCases.enumerated().filter { filter.source == nil || $0.element == filter.source }.map { Int8($0.offset) }
            : [0]
        let count = periods.count * platformIndexes.count * policyIDs.count * decisions.count * sources.count
        guard count <= ReportRequest.maxRows else { throw Self.tooManyRows(Int64(count)) }
        var keys: [ReportKey] = []
        keys.reserveCapacity(count)
        for periodIndex in periods {
            for platform in platformIndexes {
                for policy in policyIDs {
                    for decision in decisions {
                        for source in sources {
                            keys.append(ReportKey(period: periodIndex, platform: platform, policy: policy, decision: decision, source: source))
                        }
                    }
                }
            }
        }
        return keys
    }

    private func ordering(_ catalog: [Policy]) -> (ReportKey, ReportKey) -> Bool {
        let codes = Dictionary(uniqueKeysWithValues: catalog.map { ($0.id, $0.code) })
        let platformRank = Dictionary(uniqueKeysWithValues: platforms.indexesSortedByName(adding: nil).enumerated().map { ($1, $0) })
        return { a, b in
            if a.period != b.period { return a.period < b.period }
            if a.platform != b.platform { return platformRank[a.platform] ?? 0 < platformRank[b.platform] ?? 0 }
            if a.policy != b.policy { return codes[a.policy] ?? "" < codes[b.policy] ?? "" }
            if a.decision != b.decision { return a.decision < b.decision }
            return a.source < b.source
        }
    }

    private func group(of key: ReportKey, dimensions: Set<ReportDimension>, policies: [Int64: Policy]) -> ReportGroup {
        ReportGroup(
            period: dimensions.contains(.period) ? period.label(ofIndex: key.period) : nil,
            platform: dimensions.contains(.platform) ? platforms.name(key.platform) : nil,
            policy: dimensions.contains(.policy) ? policies[key.policy] : nil,
            decision: dimensions.contains(.decision) ? DecisionKind.allCases[Int(key.decision)] : nil,
            source: dimensions.contains(.source) ? DetectionSource.allCases[Int(key.source)] : nil)
    }

    private static func seconds(_ row: Row, _ index: Int) throws -> Int64? {
        try row.withUTF8(index) { bytes in
            guard let bytes else { return nil }
            guard let seconds = Timestamp.storedSeconds(bytes) else {
                throw CaseStoreError.corruptRow(table: "cases", problem: "\(row.columnName(index)) holds a value that is not a stored time")
            }
            return seconds
        }
    }

    private static func corrupt(_ caseID: Int64, _ column: String) -> CaseStoreError {
        .corruptRow(table: "cases", problem: "case \(caseID): \(column) holds a value casetool never writes")
    }

    private static func tooManyRows(_ count: Int64) -> CaseStoreError {
        .reportTooLarge(rows: count, limit: ReportRequest.maxRows)
    }
}

/// Platforms seen in a scan, each given a small number; names compare without regard to ASCII case,
/// as the schema's NOCASE collation does, and keep the first spelling seen. A database holds a handful
/// of platforms, so a linear search by length and bytes beats hashing every case's platform.
struct PlatformNames {
    private var names: [String] = [""]
    private var folded: [[UInt8]] = [[]]

    mutating func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        for index in 1..<folded.count where folded[index].count == bytes.count {
            if folded[index].withUnsafeBufferPointer({ known in
                zip(known, bytes).allSatisfy { $0 == $1.nocaseFolded }
            }) {
                return Int32(index)
            }
        }
        names.append(String(decoding: bytes, as: UTF8.self))
        folded.append(bytes.map(\.nocaseFolded))
        return Int32(names.count - 1)
    }

    func name(_ index: Int32) -> String {
        names.indices.contains(Int(index)) ? names[Int(index)] : ""
    }

    /// Every platform seen, plus `extra` (a filter's platform, listed even when no case matched), by name.
    mutating func indexesSortedByName(adding extra: String?) -> [Int32] {
        if let extra { _ = Array(extra.utf8).withUnsafeBufferPointer { index(of: $0) } }
        return (1..<Int32(names.count)).sorted {
            names[Int($0)].lowercased() < names[Int($1)].lowercased()
        }
    }

}

/// Stored enumeration values, matched by their bytes.
struct EnumBytes {
    static let decisionKinds = EnumBytes(DecisionKind.allCases.map(\.rawValue))
    static let sources = EnumBytes(DetectionSource.allCases.map(\.rawValue))
    static let statuses = EnumBytes(CaseStatus.allCases.map(\.rawValue))

    private let values: [[UInt8]]

    init(_ values: [String]) {
        self.values = values.map { Array($0.utf8) }
    }

    func index(of bytes: UnsafeBufferPointer<UInt8>?) -> Int? {
        guard let bytes, let start = bytes.baseAddress else { return nil }
        for (index, value) in values.enumerated() where value.count == bytes.count {
            if value.withUnsafeBufferPointer({ $0.baseAddress.map { memcmp($0, start, bytes.count) == 0 } ?? false }) { return index }
        }
        return nil
    }
}

/// The time from each appeal to its decision, per case, from the appeal-event index.
struct AppealDecisions {
    private var ranges: [Int64: Range<Int>] = [:]
    private var seconds: [Int64] = []

    static func load(_ database: Database) throws -> AppealDecisions {
        var decisions = AppealDecisions()
        var currentCase: Int64 = -1
        var start = 0
        var appealedAt: Int64?
        func close() {
            if decisions.seconds.count > start { decisions.ranges[currentCase] = start..<decisions.seconds.count }
        }
        try database.cachedStatement("""
            SELECT case_id, to_status = 'appealed', occurred_at FROM case_events INDEXED BY case_events_appeals
            WHERE kind = 'transition' AND (to_status = 'appealed' OR from_status = 'appealed')
            ORDER BY case_id, seq
            """).forEachRow { row in
            let caseID = try row.int64(0)
            if caseID != currentCase {
                close()
                currentCase = caseID
                start = decisions.seconds.count
                appealedAt = nil
            }
            let time = try row.withUTF8(2) { $0.flatMap(Timestamp.storedSeconds) }
                ?? { throw CaseStoreError.corruptRow(table: "case_events", problem: "case \(caseID): occurred_at is not a stored time") }()
            if try row.int64(1) != 0 {
                appealedAt = time
            } else if let appealed = appealedAt {
                decisions.seconds.append(time.saturatingSubtracting(appealed))
                appealedAt = nil
            }
        }
        close()
        return decisions
    }

    func seconds(caseID: Int64) -> ArraySlice<Int64> {
        ranges[caseID].map { seconds[$0] } ?? []
    }
}
