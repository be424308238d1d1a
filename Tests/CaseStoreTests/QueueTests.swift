import CaseStore
import Foundation
import Testing

@Suite("The review queue")
struct QueueTests {
    @Test("open, escalated and appealed cases, longest waiting first by their last move; filters narrow it")
    func order() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        func log(_ opened: String, policy: String = "spam") throws -> Int64 {
            try store.logCase(sampleCase(policy: policy, openedAt: try time(opened)), actor: "mod")
        }
        let fresh = try log("2024-03-01")
        let old = try log("2024-01-01", policy: "hate-speech")
        let appealed = try log("2023-06-01")
        try store.transition(Transition(caseID: appealed, to: .actioned, reason: "r", at: try time("2023-06-02")), actor: "mod")
        try store.transition(Transition(caseID: appealed, to: .appealed, at: try time("2024-02-01")), actor: "holder")
        let escalated = try log("2023-01-01")
        try store.transition(Transition(caseID: escalated, to: .escalated, at: try time("2024-01-15")), actor: "mod")
        let closed = try log("2022-01-01")
        try store.transition(Transition(caseID: closed, to: .dismissed, reason: "r", at: try time("2022-01-02")), actor: "mod")

        let queue = try store.queue(matching: CaseFilter())
        #expect(queue.map(\.record.id) == [old, escalated, appealed, fresh])
        #expect(queue.map(\.waitingSince) == [try time("2024-01-01"), try time("2024-01-15"), try time("2024-02-01"), try time("2024-03-01")])
        #expect(try store.queueCount(matching: CaseFilter()) == 4)
        #expect(try store.queue(matching: CaseFilter(policyCode: "spam", limit: 2)).map(\.record.id) == [escalated, appealed])
        #expect(try store.queue(matching: CaseFilter(status: .appealed)).map(\.record.id) == [appealed])
        #expect(throws: CaseStoreError.self) { try store.queue(matching: CaseFilter(status: .dismissed)) }
    }
}
