import CaseStore
import Foundation
import Testing

@Suite("Workflow")
struct WorkflowTests {
    /// A path from `open` to every status, through allowed moves only.
    static let pathTo: [CaseStatus: [CaseStatus]] = [
        .open: [],
        .escalated: [.escalated],
        .actioned: [.actioned],
        .dismissed: [.dismissed],
        .appealed: [.actioned, .appealed],
        .upheld: [.actioned, .appealed, .upheld],
        .reversed: [.actioned, .reversed],
    ]

    static let allPairs = CaseStatus.allCases.flatMap { from in CaseStatus.allCases.map { (from, $0) } }

    func caseIn(_ status: CaseStatus, store: CaseStore) throws -> Int64 {
        let id = try store.logCase(sampleCase(), actor: "setup")
        for step in Self.pathTo[status] ?? [] {
            // An appeal is decided by someone other than whoever actioned the case.
            try store.transition(Transition(caseID: id, to: step, reason: "step"), actor: step == .upheld ? "reviewer" : "setup")
        }
        return id
    }

    @Test("the workflow table is the one in the spec")
    func table() {
        #expect(Workflow.allowedNext(from: .open) == [.escalated, .actioned, .dismissed])
        #expect(Workflow.allowedNext(from: .escalated) == [.actioned, .dismissed])
        #expect(Workflow.allowedNext(from: .actioned) == [.appealed, .reversed])
        #expect(Workflow.allowedNext(from: .appealed) == [.upheld, .reversed])
        #expect(Workflow.allowedNext(from: .upheld) == [.appealed])
        #expect(Workflow.allowedNext(from: .dismissed) == [.open])
        #expect(Workflow.allowedNext(from: .reversed).isEmpty)
        #expect(Workflow.reasonRequired == [.actioned, .dismissed, .reversed])
    }

    @Test("every allowed move succeeds and records an attributed event", arguments: allPairs.filter { Workflow.allows(from: $0.0, to: $0.1) })
    func allowedMove(from: CaseStatus, to: CaseStatus) throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let id = try caseIn(from, store: store)
        try store.transition(Transition(caseID: id, to: to, reason: "because"), actor: "bob")
        let detail = try store.caseDetail(id: id)
        #expect(detail.record.status == to)
        let last = try #require(detail.events.last)
        #expect(last.kind == .transition && last.fromStatus == from && last.toStatus == to)
        #expect(last.actor == "bob" && last.reason == "because")
        #expect(detail.events.map(\.sequence) == Array(1...detail.events.count))
    }

    @Test("every other move is refused, naming the allowed ones, and writes nothing",
          arguments: allPairs.filter { !Workflow.allows(from: $0.0, to: $0.1) })
    func refusedMove(from: CaseStatus, to: CaseStatus) throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let id = try caseIn(from, store: store)
        let before = try snapshot(store.database)
        #expect(throws: CaseStoreError.illegalTransition(caseID: id, from: from, to: to, allowed: Workflow.allowedNext(from: from))) {
            try store.transition(Transition(caseID: id, to: to, reason: "because"), actor: "bob")
        }
        #expect(try snapshot(store.database) == before)
    }

    @Test("actioned, dismissed and reversed need a reason; nothing is written without one",
          arguments: [(CaseStatus.open, CaseStatus.actioned), (.open, .dismissed), (.actioned, .reversed), (.appealed, .reversed)])
    func reasonRequired(from: CaseStatus, to: CaseStatus) throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let id = try caseIn(from, store: store)
        let before = try snapshot(store.database)
        for reason in [nil, "", "   "] as [String?] {
            #expect(throws: CaseStoreError.self) {
                try store.transition(Transition(caseID: id, to: to, reason: reason), actor: "bob")
            }
        }
        #expect(try snapshot(store.database) == before)
    }

    @Test("first action time and appeal count follow the transitions; reopened cases keep their history")
    func derivedFields() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let id = try store.logCase(sampleCase(openedAt: try time("2024-03-01T10:00:00Z")), actor: "a")
        try store.transition(Transition(caseID: id, to: .actioned, reason: "r", at: try time("2024-03-01T12:00:00Z")), actor: "a")
        try store.transition(Transition(caseID: id, to: .appealed, at: try time("2024-03-02")), actor: "user")
        try store.transition(Transition(caseID: id, to: .upheld, at: try time("2024-03-03")), actor: "b")
        try store.transition(Transition(caseID: id, to: .appealed, at: try time("2024-03-04")), actor: "user")
        let record = try store.caseDetail(id: id).record
        #expect(try record.actionedAt == time("2024-03-01T12:00:00Z"))
        #expect(record.appealCount == 2)
        #expect(record.status == .appealed)

        let other = try store.logCase(sampleCase(), actor: "a")
        try store.transition(Transition(caseID: other, to: .dismissed, reason: "not violating"), actor: "a")
        try store.transition(Transition(caseID: other, to: .open, reason: "new evidence"), actor: "a")
        let reopened = try store.caseDetail(id: other)
        #expect(reopened.record.status == .open)
        #expect(reopened.events.map(\.toStatus) == [.open, .dismissed, .open])
    }

    @Test("a transition may change the action only when the case becomes actioned")
    func actionChange() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let id = try store.logCase(sampleCase(), actor: "a")
        try store.transition(Transition(caseID: id, to: .escalated), actor: "a")
        #expect(throws: CaseStoreError.self) {
            try store.transition(Transition(caseID: id, to: .actioned, reason: "r", decisions: []), actor: "a")
        }
        #expect(throws: CaseStoreError.self) {
            try store.transition(Transition(caseID: id, to: .dismissed, reason: "r", decisions: [Decision(.contentRemoved)]), actor: "a")
        }
        let suspension = Decision(.accountSuspended, endsAt: try time("2030-01-01"), scope: .territories(["DE"]))
        try store.transition(
            Transition(caseID: id, to: .actioned, reason: "r", decisions: [Decision(.contentLabelled), suspension]), actor: "a")
        let detail = try store.caseDetail(id: id)
        #expect(detail.record.decisions.all == [suspension, Decision(.contentLabelled)])
        #expect(detail.events.last?.payload
            == #"{"decisions":["account_suspended until 2030-01-01T00:00:00Z in DE","content_labelled"]}"#)
        #expect(try store.verifyAudit().problems.isEmpty)
    }

    @Test("unknown cases are reported as such")
    func unknownCase() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        #expect(throws: CaseStoreError.caseNotFound(id: 42)) {
            try store.transition(Transition(caseID: 42, to: .actioned, reason: "r"), actor: "a")
        }
        #expect(throws: CaseStoreError.caseNotFound(id: 42)) { try store.addNote(caseID: 42, text: "x", actor: "a") }
        #expect(throws: CaseStoreError.caseNotFound(id: 42)) { _ = try store.caseDetail(id: 42) }
        #expect(throws: CaseStoreError.caseNotFound(id: 42)) { _ = try store.events(matching: EventFilter(caseID: 42)) }
    }
}
