@testable import CaseStore
import Foundation
import Testing

/// Nine cases with known outcomes in 2024 (January to April); the expected figures are worked out by
/// hand in the tests. The catalog's third policy, dangerous-organizations, has no cases.
func knownDataset(_ store: CaseStore) throws {
    func log(
        _ handle: String, _ platform: String, _ policy: String, _ followers: Int64?, _ opened: String,
        source: DetectionSource = .userReport, decision: AutomatedDecision = .notAutomated, unnamed: Bool = false
    ) throws -> Int64 {
        try store.logCase(sampleCase(
            handle: handle, platform: platform, policy: policy, followers: followers, openedAt: try time(opened),
            source: source, automatedDecision: decision, unnamed: unnamed), actor: "alice")
    }
    func move(_ id: Int64, _ to: CaseStatus, _ at: String) throws {
        // Appeals are decided by someone other than bob, who actions cases.
        let actor = try store.caseDetail(id: id).record.status == .appealed ? "carol" : "bob"
        try store.transition(Transition(caseID: id, to: to, reason: "r", at: try time(at)), actor: actor)
    }
    // 1. hate-speech, account a: actioned after 2h.
    let one = try log("a", "Instagram", "hate-speech", 1_000, "2024-01-10T00:00:00Z")
    try move(one, .actioned, "2024-01-10T02:00:00Z")
    // 2. hate-speech, b: actioned after 4h, appealed, reversed a day later.
    let two = try log("b", "Instagram", "hate-speech", 500, "2024-01-11T00:00:00Z")
    try move(two, .actioned, "2024-01-11T04:00:00Z")
    try move(two, .appealed, "2024-01-12T00:00:00Z")
    try move(two, .reversed, "2024-01-13T00:00:00Z")
    // 3. hate-speech, a again with more followers: actioned after 6h, appealed, upheld a day later.
    let three = try log("a", "Instagram", "hate-speech", 1_200, "2024-02-01T00:00:00Z")
    try move(three, .actioned, "2024-02-01T06:00:00Z")
    try move(three, .appealed, "2024-02-02T00:00:00Z")
    try move(three, .upheld, "2024-02-03T00:00:00Z")
    // 4. hate-speech, c: dismissed.
    let four = try log("c", "Facebook", "hate-speech", nil, "2024-02-02T00:00:00Z")
    try move(four, .dismissed, "2024-02-02T01:00:00Z")
    // 5. spam, d: detected and decided by automation, escalated, actioned a day after opening.
    let five = try log("d", "Facebook", "spam", 10, "2024-02-03T00:00:00Z", source: .automated, decision: .fully)
    try move(five, .escalated, "2024-02-03T01:00:00Z")
    try move(five, .actioned, "2024-02-04T00:00:00Z")
    // 6. spam, d: still open.
    _ = try log("d", "Facebook", "spam", 10, "2024-02-04T00:00:00Z")
    // 7. spam, e: found by a reviewer, actioned after 1h, restored by the platform without an appeal.
    let seven = try log("e", "Facebook", "spam", 50, "2024-02-05T00:00:00Z", source: .proactiveHuman)
    try move(seven, .actioned, "2024-02-05T01:00:00Z")
    try move(seven, .reversed, "2024-02-06T00:00:00Z")
    // 8. spam, d with 20 followers: automated, partly automated decision, actioned after 30m, appeal
    //    upheld a day later, appealed again (pending).
    let eight = try log("d", "Facebook", "spam", 20, "2024-03-01T00:00:00Z", source: .automated, decision: .partially)
    try move(eight, .actioned, "2024-03-01T00:30:00Z")
    try move(eight, .appealed, "2024-03-02T00:00:00Z")
    try move(eight, .upheld, "2024-03-03T00:00:00Z")
    try move(eight, .appealed, "2024-03-10T00:00:00Z")
    // 9. spam, an unnamed account (as DSA statements give): actioned at once.
    let nine = try log("dsa-sor:private", "TikTok", "spam", nil, "2024-04-01T00:00:00Z", unnamed: true)
    try move(nine, .actioned, "2024-04-01T00:00:00Z")
}

@Suite("Reports")
struct ReportTests {
    static func report(
        _ dimensions: Set<ReportDimension>, period: ReportPeriod = .month, filter: CaseFilter = CaseFilter(),
        omitEmpty: Bool = false
    ) throws -> Report {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        try knownDataset(store)
        return try store.report(ReportRequest(dimensions: dimensions, period: period, filter: filter, omitEmpty: omitEmpty))
    }

    @Test("per-policy figures: every metric, exact, including a policy with no cases")
    func byPolicy() throws {
        let report = try Self.report([.policy])
        #expect(report.rows.map { $0.group.policy?.code } == ["dangerous-organizations", "hate-speech", "spam"])
        let empty = report.rows[0].figures
        #expect(empty.cases == 0 && empty.actioned == 0 && empty.reach == 0 && empty.repeatOffenders == 0)
        #expect([empty.proactiveRate, empty.appealSuccessRate] == [nil, nil])
        #expect(empty.secondsToAction.isEmpty)

        let hate = report.rows[1].figures
        #expect([hate.cases, hate.actioned, hate.actionedAccounts, hate.dismissed] == [4, 3, 2, 1] as [Int])
        #expect([hate.actionedByDecision[.contentRemoved], hate.actionedByDecision[.contentLabelled]] == [3, 0])
        #expect([hate.casesBySource[.userReport], hate.casesBySource[.automated]] == [4, 0])
        #expect([hate.proactiveRate, hate.automatedDetectionRate, hate.automatedDecisionRate] == [0.0, 0.0, 0.0])
        #expect([hate.appealed, hate.upheld, hate.reversedAfterAppeal, hate.restoredWithoutAppeal] == [2, 1, 1, 0] as [Int])
        #expect(hate.appealSuccessRate == 0.5)
        // 2h, 4h, 6h: nearest rank 2 of 3 is 4h; rank 3 of 3 is 6h.
        #expect(hate.secondsToAction == [.p50: 14_400, .p90: 21_600])
        #expect(hate.appealToDecisionSeconds == [.p50: 86_400, .p90: 86_400])
        // a once at its largest count (1,200) and b (500); a has two actioned cases.
        #expect(hate.reach == 1_700 && hate.repeatOffenders == 1)

        let spam = report.rows[2].figures
        // Case 9's account is unnamed: its case counts, the account does not.
        #expect([spam.cases, spam.actioned, spam.actionedAccounts, spam.dismissed] == [5, 4, 2, 0] as [Int])
        #expect([spam.casesBySource[.automated], spam.casesBySource[.proactiveHuman], spam.casesBySource[.userReport]] == [2, 1, 2])
        #expect([spam.proactiveRate, spam.automatedDetectionRate, spam.automatedDecisionRate] == [0.75, 0.5, 0.5])
        // Case 8's first appeal was upheld and its second is pending: upheld. Case 7 was never appealed.
        #expect([spam.appealed, spam.upheld, spam.reversedAfterAppeal, spam.restoredWithoutAppeal] == [1, 1, 0, 1] as [Int])
        #expect(spam.appealSuccessRate == 0)
        // 0, 30m, 1h, 24h: rank 2 of 4 is 30m; rank 4 of 4 is 24h.
        #expect(spam.secondsToAction == [.p50: 1_800, .p90: 86_400])
        #expect(spam.appealToDecisionSeconds == [.p50: 86_400, .p90: 86_400])
        // d at 20 (its largest on actioned cases) and e at 50; d has two actioned cases.
        #expect(spam.reach == 70 && spam.repeatOffenders == 1)

        let total = report.total
        #expect([total.cases, total.actioned, total.actionedAccounts, total.appealed, total.upheld] == [9, 7, 4, 3, 2] as [Int])
        #expect([total.proactiveRate, total.appealSuccessRate] == [3.0 / 7.0, 1.0 / 3.0])
        // 0, 30m, 1h, 2h, 4h, 6h, 24h: rank 4 of 7 is 2h; rank 7 of 7 is 24h.
        #expect(total.secondsToAction == [.p50: 7_200, .p90: 86_400])
        #expect(total.reach == 1_770 && total.repeatOffenders == 2)
    }

    @Test("per-month figures count cases in the month they were opened; repeat offenders are per row")
    func byMonth() throws {
        let report = try Self.report([.period])
        #expect(report.rows.map(\.group.period) == ["2024-01", "2024-02", "2024-03", "2024-04"])
        #expect(report.rows.map(\.figures.cases) == [2, 5, 1, 1])
        #expect(report.rows.map(\.figures.actioned) == [2, 3, 1, 1])
        #expect(report.rows.map(\.figures.actionedAccounts) == [2, 3, 1, 0])
        #expect(report.rows.map(\.figures.reach) == [1_500, 1_260, 20, 0])
        // a's two actioned cases fall in different months.
        #expect(report.rows.map(\.figures.repeatOffenders) == [0, 0, 0, 0])
        #expect(report.rows.map { $0.figures.secondsToAction[.p50] } == [7_200, 21_600, 1_800, 0])
        #expect(report.rows.map { $0.figures.secondsToAction[.p90] } == [14_400, 86_400, 1_800, 0])
        #expect(report.rows.map(\.figures.restoredWithoutAppeal) == [0, 1, 0, 0])

        let quarters = try Self.report([.period], period: .quarter)
        #expect(quarters.rows.map(\.group.period) == ["2024-Q1", "2024-Q2"])
        #expect(quarters.rows.map(\.figures.cases) == [8, 1])
        #expect(quarters.rows.map(\.figures.repeatOffenders) == [2, 0])
    }

    @Test("empty periods inside and around the data are listed with zeros; --omit-empty drops them")
    func emptyPeriods() throws {
        let weeks = try Self.report([.period], period: .week)
        // 2024-01-10 is in ISO week 2, 2024-04-01 in week 14: 13 weeks, 8 of them without cases.
        #expect(weeks.rows.count == 13)
        #expect(weeks.rows.first?.group.period == "2024-W02" && weeks.rows.last?.group.period == "2024-W14")
        #expect(weeks.rows.map(\.figures.cases) == [2, 0, 0, 4, 1, 0, 0, 1, 0, 0, 0, 0, 1])
        #expect(weeks.rows[1].figures.secondsToAction.isEmpty)
        #expect(weeks.rows[1].figures.proactiveRate == nil)

        let range = CaseFilter(since: try time("2023-12-01"), until: try Timestamp.rangeEnd(parsing: "2024-05-31", field: "until"))
        let months = try Self.report([.period], filter: range)
        #expect(months.rows.map(\.group.period) == ["2023-12", "2024-01", "2024-02", "2024-03", "2024-04", "2024-05"])
        #expect(months.rows.map(\.figures.cases) == [0, 2, 5, 1, 1, 0])

        let nonEmpty = try Self.report([.period], period: .week, omitEmpty: true)
        #expect(nonEmpty.rows.map(\.group.period) == ["2024-W02", "2024-W05", "2024-W06", "2024-W09", "2024-W14"])

        let nothing = try Self.report([.policy], filter: CaseFilter(since: try time("2030-01-01")))
        #expect(nothing.rows.map(\.figures.cases) == [0, 0, 0])
        #expect(nothing.total.cases == 0 && nothing.total.secondsToAction.isEmpty)
        #expect(nothing.total.appealSuccessRate == nil)
        // Without --until, periods run to the last selected case: here there is none.
        #expect(try Self.report([.period], filter: CaseFilter(since: try time("2030-01-01"))).rows.isEmpty)
    }

    @Test("dimensions combine in canonical order; filters narrow every dimension's list")
    func combinations() throws {
        let report = try Self.report([.policy, .platform], omitEmpty: true)
        #expect(report.dimensions == [.platform, .policy])
        #expect(report.rows.map { [$0.group.platform ?? "", $0.group.policy?.code ?? ""] } == [
            ["Facebook", "hate-speech"], ["Facebook", "spam"], ["Instagram", "hate-speech"], ["TikTok", "spam"],
        ])
        #expect(report.rows.map(\.figures.cases) == [1, 4, 3, 1])

        let full = try Self.report([.platform, .decision])
        #expect(full.rows.count == 3 * DecisionKind.allCases.count)
        #expect(full.rows.filter { $0.group.decision == .contentRemoved }.map(\.figures.cases) == [5, 3, 1])

        let sources = try Self.report([.source], filter: CaseFilter(policyCode: "spam"))
        #expect(sources.rows.map(\.group.source) == DetectionSource.allCases)
        #expect(sources.rows.map(\.figures.cases) == [2, 0, 1, 2, 0, 0])

        let none = try Self.report([])
        #expect(none.rows.count == 1 && none.rows[0].figures == none.total && none.dimensions.isEmpty)

        let onePolicy = try Self.report([.policy, .period], period: .year, filter: CaseFilter(policyCode: "SPAM"))
        #expect(onePolicy.rows.map { $0.group.policy?.code } == ["spam"])
        #expect(onePolicy.rows.map(\.figures.cases) == [5])
    }

    @Test("a report too large to list is refused with what to do instead")
    func tooLarge() throws {
        let filter = CaseFilter(since: try time("1990-01-01"), until: try time("2024-12-31"))
        #expect {
            _ = try Self.report([.period, .policy, .decision, .source], period: .day, filter: filter)
        } throws: { error in
            if case CaseStoreError.reportTooLarge(_, ReportRequest.maxRows) = error { true } else { false }
        }
        let trimmed = try Self.report([.period, .policy, .decision, .source], period: .day, filter: filter, omitEmpty: true)
        #expect(trimmed.rows.reduce(0) { $0 + $1.figures.cases } == 9)
    }
}

@Suite("Report arithmetic")
struct ReportArithmeticTests {
    @Test("nearest-rank percentiles by selection equal those of a sorted copy")
    func percentilesMatchSorting() {
        var generator = SystemRandomNumberGenerator()
        for count in [1, 2, 3, 4, 5, 10, 101, 1_000] {
            for spread in [3, 1_000_000] {
                var values = (0..<count).map { _ in Int64.random(in: 0...Int64(spread), using: &generator) }
                let sorted = values.sorted()
                let expected = [ReportMetric.Percentile.p50: sorted[(count * 50 + 99) / 100 - 1],
                                .p90: sorted[(count * 90 + 99) / 100 - 1]]
                #expect(Percentiles.of(&values) == expected, "count \(count), spread \(spread)")
            }
        }
        var four: [Int64] = [4, 1, 3, 2]
        #expect(Percentiles.of(&four) == [.p50: 2, .p90: 4])
        var none: [Int64] = []
        #expect(Percentiles.of(&none).isEmpty)
    }

    @Test("accounts are counted once, at their largest follower count; repeat offenders have two or more cases")
    func accountTally() {
        var tally = AccountTally()
        let first = tally.count([(1, 10), (2, 5), (1, 30), (7, 0), (2, 4), (2, 9)])
        #expect(first.distinct == 3 && first.followers == 39 && first.repeatOffenders == 2)
        let second = tally.count([(1, 1)])
        #expect(second.distinct == 1 && second.followers == 1 && second.repeatOffenders == 0)
        #expect(tally.count([]).distinct == 0)
        #expect(tally.count([(100_000, 3), (100_000, 2)]).followers == 3)
    }

    @Test("period labels: ISO weeks across year ends, quarters, days")
    func periodLabels() throws {
        func label(_ period: ReportPeriod, _ date: String) throws -> String {
            period.label(ofIndex: period.index(of: try time(date)))
        }
        #expect(try label(.week, "2020-12-31") == "2020-W53")
        #expect(try label(.week, "2021-01-03") == "2020-W53")
        #expect(try label(.week, "2021-01-04") == "2021-W01")
        #expect(try label(.week, "2024-12-30") == "2025-W01")
        #expect(try label(.week, "1970-01-01") == "1970-W01")
        #expect(try label(.quarter, "2024-03-31T23:59:59Z") == "2024-Q1")
        #expect(try label(.quarter, "2024-04-01") == "2024-Q2")
        #expect(try label(.month, "2024-12-31") == "2024-12")
        #expect(try label(.day, "2024-02-29T12:00:00Z") == "2024-02-29")
        #expect(try label(.year, "1999-12-31") == "1999")
        // Consecutive indexes are consecutive periods.
        let index = ReportPeriod.week.index(of: try time("2024-12-23"))
        #expect(ReportPeriod.week.label(ofIndex: index + 1) == "2025-W01")
    }
}
