@testable import CaseStore
import Foundation
import Testing

/// Six cases with known outcomes; the expected figures are worked out by hand in the comments.
func knownDataset(_ store: CaseStore) throws {
    func log(_ handle: String, _ platform: String, _ policy: String, _ followers: Int64?, _ opened: String) throws -> Int64 {
        try store.logCase(sampleCase(handle: handle, platform: platform, policy: policy, followers: followers,
                                     openedAt: try time(opened)), actor: "alice")
    }
    func move(_ id: Int64, _ to: CaseStatus, _ at: String) throws {
        try store.transition(Transition(caseID: id, to: to, reason: "r", at: try time(at)), actor: "bob")
    }
    // hate-speech: 1 actioned after 2h.
    let one = try log("a", "Instagram", "hate-speech", 1_000, "2024-01-10T00:00:00Z")
    try move(one, .actioned, "2024-01-10T02:00:00Z")
    // hate-speech: actioned after 4h, appealed, reversed.
    let two = try log("b", "Instagram", "hate-speech", 500, "2024-01-11T00:00:00Z")
    try move(two, .actioned, "2024-01-11T04:00:00Z")
    try move(two, .appealed, "2024-01-12T00:00:00Z")
    try move(two, .reversed, "2024-01-13T00:00:00Z")
    // hate-speech: same account as case 1 with more followers; actioned after 6h, appealed, upheld.
    let three = try log("a", "Instagram", "hate-speech", 1_200, "2024-02-01T00:00:00Z")
    try move(three, .actioned, "2024-02-01T06:00:00Z")
    try move(three, .appealed, "2024-02-02T00:00:00Z")
    try move(three, .upheld, "2024-02-03T00:00:00Z")
    // hate-speech: dismissed.
    let four = try log("c", "Facebook", "hate-speech", nil, "2024-02-02T00:00:00Z")
    try move(four, .dismissed, "2024-02-02T01:00:00Z")
    // spam: escalated, actioned a day after opening.
    let five = try log("d", "Facebook", "spam", 10, "2024-02-03T00:00:00Z")
    try move(five, .escalated, "2024-02-03T01:00:00Z")
    try move(five, .actioned, "2024-02-04T00:00:00Z")
    // spam: still open.
    _ = try log("d", "Facebook", "spam", 10, "2024-02-04T00:00:00Z")
}

@Suite("Reports")
struct ReportTests {
    func row(_ key: String, _ label: String?, cases: Int, actioned: Int, dismissed: Int, appealed: Int, reversed: Int,
             followers: Int64, median: Int64?) -> ReportRow {
        ReportRow(key: key, label: label, cases: cases, actioned: actioned, dismissed: dismissed, appealed: appealed,
                  reversed: reversed, actionedFollowers: followers, medianSecondsToAction: median)
    }

    @Test("per-policy figures on a known dataset")
    func byPolicy() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        try knownDataset(store)
        let report = try store.report(by: .policy)
        #expect(report.rows == [
            // Reach: account a once at its largest count (1,200) + b (500). Median of 2h, 4h, 6h.
            row("hate-speech", "Hate Speech", cases: 4, actioned: 3, dismissed: 1, appealed: 2, reversed: 1,
                followers: 1_700, median: 4 * 3600),
            row("spam", "Spam", cases: 2, actioned: 1, dismissed: 0, appealed: 0, reversed: 0, followers: 10, median: 86_400),
        ])
        // Median of 2h, 4h, 6h, 24h is the mean of 4h and 6h.
        #expect(report.total == row("total", nil, cases: 6, actioned: 4, dismissed: 1, appealed: 2, reversed: 1,
                                    followers: 1_710, median: 5 * 3600))
        #expect(report.rows[0].reversalRate == 1.0 / 3.0)
        #expect(report.rows[1].reversalRate == 0)
    }

    @Test("per-month figures, and a period filter")
    func byMonth() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        try knownDataset(store)
        #expect(try store.report(by: .month).rows == [
            row("2024-01", nil, cases: 2, actioned: 2, dismissed: 0, appealed: 1, reversed: 1, followers: 1_500, median: 3 * 3600),
            row("2024-02", nil, cases: 4, actioned: 2, dismissed: 1, appealed: 1, reversed: 0, followers: 1_210, median: 15 * 3600),
        ])
        let february = CaseFilter(since: try time("2024-02-01"), until: try Timestamp.rangeEnd(parsing: "2024-02-29", field: "until"))
        let report = try store.report(by: .policy, filter: february)
        #expect(report.rows.map(\.key) == ["hate-speech", "spam"])
        #expect(report.rows.map(\.cases) == [2, 2])
        #expect(report.total.cases == 4 && report.total.followers == 1_210)
    }

    @Test("platform and action groupings; an empty period gives an empty report with a zero total")
    func otherDimensions() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        try knownDataset(store)
        let platforms = try store.report(by: .platform).rows
        #expect(platforms.map(\.key) == ["Facebook", "Instagram"])
        #expect(platforms.map(\.cases) == [3, 3])
        #expect(try store.report(by: .action).rows.map(\.key) == ["remove_content"])
        let empty = try store.report(by: .policy, filter: CaseFilter(since: try time("2030-01-01")))
        #expect(empty.rows.isEmpty)
        #expect(empty.total.cases == 0 && empty.total.medianSecondsToAction == nil && empty.total.reversalRate == nil)
    }
}

extension ReportRow {
    var followers: Int64 { actionedFollowers }
}

@Suite("Report arithmetic")
struct ReportArithmeticTests {
    @Test("the selection median equals the sorted median, for odd and even counts and repeated values")
    func medianMatchesSorting() {
        var generator = SystemRandomNumberGenerator()
        for count in [1, 2, 3, 4, 5, 10, 101, 1_000] {
            for spread in [3, 1_000_000] {
                var values = (0..<count).map { _ in Int64.random(in: 0...Int64(spread), using: &generator) }
                let sorted = values.sorted()
                let middle = sorted.count / 2
                let expected = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
                #expect(Median.of(&values) == expected, "count \(count), spread \(spread)")
            }
        }
        var none: [Int64] = []
        #expect(Median.of(&none) == nil)
    }

    @Test("reach counts each account once, at its largest follower count, and forgets between groups")
    func reach() {
        var counter = ReachCounter()
        #expect(counter.followers(of: [(1, 10), (2, 5), (1, 30), (7, 0), (2, 4)]) == 35)
        #expect(counter.followers(of: [(1, 1)]) == 1)
        #expect(counter.followers(of: []) == 0)
        #expect(counter.followers(of: [(100_000, 3), (100_000, 2)]) == 3)
    }
}
