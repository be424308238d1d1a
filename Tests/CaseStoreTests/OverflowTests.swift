@testable import CaseStore
import Foundation
import Testing

/// No value the store accepts, nor any a database written before a limit existed may hold, can make
/// a report trap on arithmetic.
@Suite("Arithmetic on stored values")
struct OverflowTests {
    @Test("a follower count above the ceiling is refused on every write path")
    func followerCeiling() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let before = try snapshot(store.database)
        for followers in [FieldRules.maxFollowerCount + 1, Int64.max] {
            #expect(throws: CaseStoreError.invalidValue(
                field: "followers", problem: "\(followers) is more than any account has (the limit is \(FieldRules.maxFollowerCount))"
            )) { try store.logCase(sampleCase(followers: followers), actor: "alice") }
        }
        #expect(throws: CaseStoreError.self) { try InputParsing.followerCount("9223372036854775807") }
        #expect(throws: CaseStoreError.self) { try InputParsing.followerCount("99999999999999999999") }
        #expect(try InputParsing.followerCount("10,000,000,000") == FieldRules.maxFollowerCount)
        #expect(try snapshot(store.database) == before)
        try store.logCase(sampleCase(followers: FieldRules.maxFollowerCount), actor: "alice")
    }

    @Test("reach saturates instead of trapping when stored counts sum past Int64")
    func reachSaturates() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        for handle in ["a", "b", "c"] {
            let id = try store.logCase(sampleCase(handle: handle, openedAt: try time("2024-01-01")), actor: "alice")
            try store.transition(Transition(caseID: id, to: .actioned, reason: "r", at: try time("2024-01-02")), actor: "bob")
        }
        // As a database written before the ceiling existed could hold.
        try store.database.execute("UPDATE cases SET follower_count = 9223372036854775000")
        let report = try store.report(ReportRequest(dimensions: [.policy]))
        #expect(report.total.reach == Int64.max)
        #expect(report.total.actionedAccounts == 3)
        #expect(report.rows.first { $0.group.policy?.code == "hate-speech" }?.figures.reach == Int64.max)
    }

    @Test("durations between extreme stored times do not trap")
    func extremeDurations() throws {
        #expect(Int64.max.saturatingAdding(1) == Int64.max)
        #expect(Int64.min.saturatingAdding(-1) == Int64.min)
        #expect(Int64.min.saturatingSubtracting(1) == Int64.min)
        #expect(Int64.max.saturatingSubtracting(-1) == Int64.max)
        #expect(Timestamp(secondsSinceEpoch: .max).adding(seconds: 300).secondsSinceEpoch == .max)
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let id = try store.logCase(sampleCase(openedAt: try time("2024-01-01")), actor: "alice")
        try store.transition(Transition(caseID: id, to: .actioned, reason: "r", at: try time("2024-01-02")), actor: "bob")
        // The widest stored times the schema lets through: year 0000 and year 9999.
        try store.database.execute("UPDATE cases SET opened_at = '0000-01-01T00:00:00Z', actioned_at = '9999-12-31T23:59:59Z'")
        let report = try store.report(ReportRequest(dimensions: [], omitEmpty: true))
        #expect(report.total.secondsToAction[.p50] == 315_569_519_999)
    }
}
