import CaseStore
import Testing

/// Strikes: exact standings over time, from the cases' history, with expiry, reversal and `asOf`.
@Suite("Account standing")
struct StrikeTests {
    /// hate-speech: strikes active 90 days; a suspension counts 2, a label nothing; 2 active recommend
    /// a 7-day suspension, 3 the account's termination.
    static func rule() throws -> StrikeRule {
        try StrikeRule(
            activeDays: 90, weights: [.accountSuspended: 2, .contentLabelled: 0],
            thresholds: [StrikeThreshold(parsing: "3 account_terminated"), StrikeThreshold(parsing: "2 account_suspended for 7d")])
    }

    private func log(_ store: CaseStore, opened: String, decision: DecisionKind, handle: String = "repeat") throws -> Int64 {
        var input = sampleCase(handle: handle, openedAt: try time(opened))
        input.decisions = [Decision(decision)]
        return try store.logCase(input, actor: "alice")
    }

    private func move(_ store: CaseStore, _ id: Int64, _ status: CaseStatus, at: String, by actor: String = "alice") throws {
        try store.transition(Transition(caseID: id, to: status, reason: "r", at: try time(at)), actor: actor)
    }

    private func active(_ store: CaseStore, asOf: String? = nil) throws -> Int {
        let standing = try store.accountStanding(platform: "Instagram", handle: "repeat", asOf: try asOf.map(time))
        return standing.policies.first { $0.policy.code == "hate-speech" }?.activeStrikes ?? 0
    }

    @Test("strikes start when a case is actioned, end when they expire or the case is reversed; an upheld appeal keeps one")
    func standingOverTime() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)  // its clock: 2025-01-01
        try store.setStrikeRule(try Self.rule(), policy: "hate-speech")

        let first = try log(store, opened: "2024-06-01T00:00:00Z", decision: .contentRemoved)
        try move(store, first, .actioned, at: "2024-06-02T00:00:00Z")  // active to 2024-08-31
        let second = try log(store, opened: "2024-10-01T00:00:00Z", decision: .contentRemoved)
        try move(store, second, .actioned, at: "2024-10-02T00:00:00Z")  // active to 2024-12-31
        let labelled = try log(store, opened: "2024-10-10T00:00:00Z", decision: .contentLabelled)
        try move(store, labelled, .actioned, at: "2024-10-11T00:00:00Z")  // counts 0: no strike
        let suspended = try log(store, opened: "2024-11-01T00:00:00Z", decision: .accountSuspended)
        try move(store, suspended, .actioned, at: "2024-11-02T00:00:00Z")  // counts 2
        try move(store, suspended, .appealed, at: "2024-11-05T00:00:00Z")
        try move(store, suspended, .reversed, at: "2024-11-20T00:00:00Z", by: "bob")
        let upheld = try log(store, opened: "2024-12-01T00:00:00Z", decision: .contentRemoved)
        try move(store, upheld, .actioned, at: "2024-12-02T00:00:00Z")
        try move(store, upheld, .appealed, at: "2024-12-03T00:00:00Z")
        try move(store, upheld, .upheld, at: "2024-12-10T00:00:00Z", by: "bob")

        #expect(try active(store, asOf: "2024-06-01T12:00:00Z") == 0, "opened, not yet actioned")
        #expect(try active(store, asOf: "2024-07-01T00:00:00Z") == 1)
        #expect(try active(store, asOf: "2024-08-30T23:59:59Z") == 1)
        #expect(try active(store, asOf: "2024-08-31T00:00:00Z") == 0, "90 days on, the first strike expired")
        #expect(try active(store, asOf: "2024-11-10T00:00:00Z") == 3, "1 + the suspension's 2, under appeal")
        #expect(try active(store, asOf: "2024-11-25T00:00:00Z") == 1, "the reversal took the suspension's strikes away")
        #expect(try active(store, asOf: "2024-12-15T00:00:00Z") == 2, "the upheld case's strike stays")
        #expect(try active(store) == 1, "now, 2025-01-01: the second strike expired on 2024-12-31")

        let then = try store.accountStanding(platform: "Instagram", handle: "repeat", asOf: try time("2024-11-10T00:00:00Z"))
        let standing = try #require(then.policies.first)
        #expect(standing.strikes.map(\.caseID) == [suspended, second, first], "every strike given by then, newest first")
        #expect(standing.strikes.map { $0.state(at: then.asOf) } == [.active, .active, .expired])
        #expect(standing.reached?.recommends == .accountTerminated && standing.next == nil)
        let now = try #require(try store.accountStanding(platform: "Instagram", handle: "repeat").policies.first)
        #expect(now.strikes.first { $0.caseID == suspended }?.state(at: now.asOf) == .reversed)
        #expect(now.active.map(\.caseID) == [upheld])
        #expect(now.active.first?.expiresAt == (try time("2025-03-02T00:00:00Z")))
        #expect(now.next == (try StrikeThreshold(parsing: "2 account_suspended for 7d")))
    }

    @Test("logging a case says what actioning it would do; actioning it says what it did")
    func notices() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        try store.setStrikeRule(try Self.rule(), policy: "hate-speech")
        let first = try log(store, opened: "2024-12-20T00:00:00Z", decision: .contentRemoved)
        let before = try #require(try store.strikeNotice(caseID: first))
        #expect(!before.given && before.before == 0 && before.after == 1 && before.crossed.isEmpty)
        try move(store, first, .actioned, at: "2024-12-21T00:00:00Z")
        let given = try #require(try store.strikeNotice(caseID: first))
        #expect(given.given && given.before == 0 && given.after == 1 && given.next?.activeStrikes == 2)

        let second = try log(store, opened: "2024-12-22T00:00:00Z", decision: .accountSuspended)
        let crossing = try #require(try store.strikeNotice(caseID: second))
        #expect(crossing.before == 1 && crossing.after == 3)
        #expect(crossing.crossed.map(\.text) == ["2 account_suspended for 7d", "3 account_terminated"])

        let labelled = try log(store, opened: "2024-12-22T00:00:00Z", decision: .contentLabelled)
        #expect(try store.strikeNotice(caseID: labelled) == nil, "a label counts no strike")
        let spam = try store.logCase(sampleCase(handle: "repeat", policy: "spam"), actor: "alice")
        #expect(try store.strikeNotice(caseID: spam) == nil, "spam has no rule in this catalog")
        try move(store, second, .dismissed, at: "2024-12-23T00:00:00Z")
        #expect(try store.strikeNotice(caseID: second) == nil, "a dismissed case gives no strike")
    }

    @Test("rules are stored as given, replaced whole, and removed; bad ones name what is wrong")
    func rules() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        #expect(try store.strikeRule(policy: "spam") == nil)
        try store.setStrikeRule(try Self.rule(), policy: "spam")
        let stored = try #require(try store.strikeRule(policy: "spam"))
        #expect(stored == (try Self.rule()))
        #expect(stored.thresholds.map(\.activeStrikes) == [2, 3], "kept in order whatever order they came in")
        let permanent = try StrikeRule(activeDays: nil)
        try store.setStrikeRule(permanent, policy: "spam")
        #expect(try store.strikeRule(policy: "spam") == permanent)
        #expect(try store.strikeRules().keys.sorted() == ["spam"])
        try store.setStrikeRule(nil, policy: "spam")
        #expect(try store.strikeRule(policy: "spam") == nil)

        func problem(_ body: () throws -> Void) -> String {
            do { try body() } catch { return "\(error)" }
            return "accepted"
        }
        #expect(problem { _ = try StrikeRule(activeDays: 0) }.contains("active_days: 0 is not a number of days"))
        #expect(problem { _ = try StrikeRule.activeDays(parsing: "a year") }.contains("'a year' is not a number of days"))
        #expect(problem { _ = try StrikeThreshold(parsing: "three account_terminated") }.contains("is not a threshold"))
        #expect(problem { _ = try StrikeThreshold(parsing: "3 account_banned") }.contains("'account_banned' is not one of"))
        #expect(problem { _ = try StrikeThreshold(parsing: "3 account_suspended for a week") }.contains("'week' is not a number of days")
            || problem { _ = try StrikeThreshold(parsing: "3 account_suspended for a week") }.contains("is not a threshold"))
        #expect(problem { _ = try StrikeRule.weight(parsing: "content_removed=101") }.contains("is not KIND=N"))
        let twice = [try StrikeThreshold(parsing: "2 account_terminated"), try StrikeThreshold(parsing: "2 account_suspended")]
        #expect(problem { _ = try StrikeRule(activeDays: 30, thresholds: twice) }.contains("two thresholds at 2 active strikes"))
        #expect(problem { _ = try StrikeThreshold(parsing: "3 account_terminated for 7d") }.contains("is permanent"))
        #expect(problem { try store.setStrikeRule(permanent, policy: "nope") }.contains("nope"))
    }

    @Test("the seed catalog gives each of its policies a rule; seeding again keeps a rule its team changed")
    func seeded() throws {
        let folder = try TemporaryFolder()
        let store = try CaseStore.open(path: folder.path("cases.db"), access: .createIfMissing, clock: fixedClock)
        let summary = try store.loadSeeds(.embedded, actor: "seed")
        let rules = try store.strikeRules()
        #expect(summary.strikeRulesAdded == summary.policiesAdded && rules.count == summary.policiesAdded)
        #expect(rules["dangerous-organizations"]?.activeDays == nil, "permanent")
        #expect(rules["hate-speech"]?.activeText == "365d")
        let changed = try StrikeRule(activeDays: 30)
        try store.setStrikeRule(changed, policy: "hate-speech")
        try store.setStrikeRule(nil, policy: "spam")
        #expect(try store.loadSeeds(.embedded, actor: "seed").strikeRulesAdded == 0)
        #expect(try store.strikeRule(policy: "hate-speech") == changed)
        #expect(try store.strikeRule(policy: "spam") == nil, "a team's choice of no strikes is kept too")
        // The seeded accounts: Khamenei's, disabled under Dangerous Organizations, each carry its strike.
        let standing = try store.accountStanding(platform: "Instagram", handle: "khamenei_ir")
        #expect(standing.policies.map(\.policy.code) == ["dangerous-organizations"])
        #expect(standing.activeStrikes >= 1)
    }
}
