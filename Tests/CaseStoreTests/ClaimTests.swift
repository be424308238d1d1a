import CaseStore
import Foundation
import SQLiteDatabase
import Testing

@Suite("Claims on the review queue")
struct ClaimTests {
    @Test("a claim holds a case for one person until it expires; the holder renews or releases it, each an event")
    func claimLifecycle() throws {
        let folder = try TemporaryFolder()
        let clock = MovableClock()
        let store = try makePeopleStore(in: folder, clock: clock)
        let id = try store.logCase(sampleCase(policy: "spam"), actor: "owner")

        let first = try store.claim(caseID: id, actor: "mo", lifetime: try ClaimLifetime(parsing: "30m"))
        #expect(first.holder == "mo" && first.expiresAt == clock.now.adding(seconds: 1_800))
        #expect(throws: CaseStoreError.caseClaimed(caseID: id, holder: "mo", until: first.expiresAt)) {
            try store.claim(caseID: id, actor: "kim")
        }
        clock.advance(seconds: 600)
        let renewed = try store.claim(caseID: id, actor: "MO")  // names compare as people's names do
        #expect(renewed.expiresAt == clock.now.adding(seconds: ClaimLifetime.standard.seconds))
        clock.advance(seconds: ClaimLifetime.standard.seconds)
        #expect(try store.claim(onCase: id) == nil)  // expired: holds nothing
        let taken = try store.claim(caseID: id, actor: "kim")
        #expect(try store.claims(holder: "KIM") == [taken])
        try store.release(caseID: id, actor: "kim")
        #expect(try store.claim(onCase: id) == nil && store.claims().isEmpty)
        #expect(throws: CaseStoreError.notClaimed(caseID: id)) { try store.release(caseID: id, actor: "kim") }

        // The command line acts as the file's owner: it may end anyone's claim.
        try store.claim(caseID: id, actor: "mo")
        try store.release(caseID: id, actor: "owner")
        let events = try store.caseDetail(id: id).events

        #expect(events.map(\.kind) == [.created, .claimed, .claimed, .claimed, .released, .claimed, .released])
        #expect(events.map(\.actor) == ["owner", "mo", "MO", "kim", "kim", "mo", "owner"])
        #expect(events[1].summary == "claimed until \(first.expiresAt)")
        #expect(events.last?.summary == "released mo's claim" && events[4].summary == "released")
        #expect(try store.verifyAudit().isIntact)
    }

    @Test("only cases waiting in the queue can be claimed; a move ends the claim")
    func onlyQueueCases() throws {
        let folder = try TemporaryFolder()
        let store = try makePeopleStore(in: folder)
        let id = try store.logCase(sampleCase(policy: "spam"), actor: "owner")
        try store.claim(caseID: id, actor: "mo")
        try store.transition(Transition(caseID: id, to: .actioned, reason: "spam"), actor: "mo")
        #expect(try store.claim(onCase: id) == nil)
        #expect(throws: CaseStoreError.notClaimable(caseID: id, status: .actioned)) { try store.claim(caseID: id, actor: "mo") }
        #expect(throws: CaseStoreError.caseNotFound(id: 99)) { try store.claim(caseID: 99, actor: "mo") }
        #expect(throws: CaseStoreError.invalidValue(
            field: "for", problem: "'90d' is not a claim time from 1m to 24h (a number and m or h: 30m, 2h)")) {
            try ClaimLifetime(parsing: "90d")
        }
        #expect(try store.verifyAudit().isIntact)
    }

    @Test("on the server, a moderator moves only what they hold; someone else's live claim stops all but a lead")
    func claimsBindMoves() throws {
        let folder = try TemporaryFolder()
        let store = try makePeopleStore(in: folder)
        let mo = try signedIn(store, try store.addUser(name: "mo", role: .moderator, password: nil, actor: "owner"))
        let kim = try signedIn(store, try store.addUser(name: "kim", role: .moderator, password: nil, actor: "owner"))
        let lee = try signedIn(store, try store.addUser(name: "lee", role: .lead, password: nil, actor: "owner"))
        let id = try store.logCase(sampleCase(policy: "spam"), actor: "owner")
        let move = Transition(caseID: id, to: .actioned, reason: "spam")

        #expect(throws: CaseStoreError.claimNotHeld(caseID: id, person: "mo")) { try store.transition(move, by: mo) }
        let claim = try store.claim(caseID: id, by: kim)
        #expect(throws: CaseStoreError.caseClaimed(caseID: id, holder: "kim", until: claim.expiresAt)) { try store.transition(move, by: mo) }
        #expect(throws: CaseStoreError.caseClaimed(caseID: id, holder: "kim", until: claim.expiresAt)) { try store.release(caseID: id, by: mo) }
        try store.transition(Transition(caseID: id, to: .escalated, reason: "unsure"), by: kim)
        #expect(try store.claim(onCase: id) == nil)  // escalated: now a lead's to take
        #expect(throws: CaseStoreError.notPermitted(person: "kim", role: .moderator, permission: .moveAnyCase)) {
            try store.transition(move, by: kim)
        }

        let other = try store.logCase(sampleCase(policy: "spam"), actor: "owner")
        try store.claim(caseID: other, by: kim)
        try store.transition(Transition(caseID: other, to: .dismissed, reason: "fine"), by: lee)  // a lead may
        #expect(try store.caseDetail(id: other).record.status == .dismissed)
        #expect(try store.verifyAudit().isIntact)
    }

    @Test("claim --next takes the longest-waiting case nobody holds that the person can move, never an appeal of their own decision")
    func claimNext() throws {
        let folder = try TemporaryFolder()
        let clock = MovableClock()
        let store = try makePeopleStore(in: folder, clock: clock)
        let mo = try signedIn(store, try store.addUser(name: "mo", role: .moderator, password: nil, actor: "owner"))
        let lee = try signedIn(store, try store.addUser(name: "lee", role: .lead, password: nil, actor: "owner"))
        // An appeal against lee's own decision, an escalation, then two open cases, in that order of waiting.
        let appeal = try store.logCase(sampleCase(policy: "spam"), actor: "owner")
        try store.transition(Transition(caseID: appeal, to: .actioned, reason: "spam"), by: lee)
        try store.transition(Transition(caseID: appeal, to: .appealed), actor: "account-holder")
        clock.advance(seconds: 60)
        let escalated = try store.logCase(sampleCase(policy: "spam"), actor: "owner")
        try store.transition(Transition(caseID: escalated, to: .escalated, reason: "hard"), actor: "owner")
        clock.advance(seconds: 60)
        let open1 = try store.logCase(sampleCase(policy: "spam"), actor: "owner")
        clock.advance(seconds: 60)
        let open2 = try store.logCase(sampleCase(policy: "spam"), actor: "owner")

        #expect(try store.claimNext(by: mo)?.caseID == open1)  // a moderator's queue is open cases
        #expect(try store.claimNext(by: mo)?.caseID == open2)
        #expect(try store.claimNext(by: mo) == nil)
        #expect(try store.claimNext(by: lee)?.caseID == escalated)  // not lee's own appeal
        #expect(try store.claimNext(by: lee) == nil)
        #expect(try store.claimNext(actor: "owner")?.caseID == appeal)
        let viewer = try signedIn(store, try store.addUser(name: "vi", role: .viewer, password: nil, actor: "owner"))
        #expect(throws: CaseStoreError.notPermitted(person: "vi", role: .viewer, permission: .claimCases)) { try store.claimNext(by: viewer) }
    }

    @Test("a lead assigns a case to someone who can work it; assignment replaces a claim and is an event")
    func assignment() throws {
        let folder = try TemporaryFolder()
        let store = try makePeopleStore(in: folder)
        let mo = try signedIn(store, try store.addUser(name: "mo", role: .moderator, password: nil, actor: "owner"))
        let lee = try signedIn(store, try store.addUser(name: "lee", role: .lead, password: nil, actor: "owner"))
        try store.addUser(name: "vi", role: .viewer, password: nil, actor: "owner")
        try store.addUser(name: "kim", role: .moderator, password: nil, actor: "owner")
        let id = try store.logCase(sampleCase(policy: "spam"), actor: "owner")
        try store.claim(caseID: id, by: mo)

        let assigned = try store.assign(caseID: id, to: "Kim", by: lee)
        #expect(assigned.holder == "kim" && assigned.assignedBy == "lee")
        #expect(try store.claim(onCase: id) == assigned)
        #expect(throws: CaseStoreError.notPermitted(person: "mo", role: .moderator, permission: .assignCases)) {
            try store.assign(caseID: id, to: "mo", by: mo)
        }
        // A viewer cannot hold a case: the lead's request is wrong, and nothing is logged against the viewer.
        let refusalsBefore = try store.securityLog().count
        #expect(throws: CaseStoreError.invalidValue(
            field: "person", problem: "vi is a viewer, who may not hold cases; assign the case to a moderator, lead or admin")) {
            try store.assign(caseID: id, to: "vi", by: lee)
        }
        #expect(try store.securityLog().count == refusalsBefore)
        #expect(throws: CaseStoreError.userNotFound(name: "nobody")) { try store.assign(caseID: id, to: "nobody", by: lee) }
        try store.release(caseID: id, by: lee)  // a lead may end anyone's claim
        let events = try store.caseDetail(id: id).events
        #expect(events.suffix(2).map(\.summary) == ["assigned to kim until \(assigned.expiresAt)", "released kim's claim"])
        #expect(events.dropFirst().allSatisfy { $0.channel == .server } && events[0].channel == .local)
        #expect(try store.verifyAudit().isIntact)
    }

    @Test("audit verify finds a claim changed behind casetool's back")
    func tamperedClaim() throws {
        let folder = try TemporaryFolder()
        let store = try makePeopleStore(in: folder)
        let id = try store.logCase(sampleCase(policy: "spam"), actor: "owner")
        try store.claim(caseID: id, actor: "mo")
        try store.database.execute("UPDATE case_claims SET holder = 'mallory'")
        let report = try store.verifyAudit()
        #expect(report.problems.map(\.caseID) == [id])
        #expect(report.problems.first?.problem.hasPrefix("claim is 'mallory until") == true)
        try store.database.execute("DELETE FROM case_claims")
        #expect(try store.verifyAudit().problems.first?.problem.contains("but its events give 'mo until") == true)
    }

    @Test("sixteen people claiming at once over their own connections each get different cases, every case once")
    func concurrentClaims() throws {
        let folder = try TemporaryFolder()
        let store = try makePeopleStore(in: folder)
        let caseCount = 200
        for _ in 0..<caseCount { try store.logCase(sampleCase(policy: "spam"), actor: "owner") }
        let path = folder.path("cases.db")
        let results = ClaimCollector()
        DispatchQueue.concurrentPerform(iterations: 16) { worker in
            guard let own = try? CaseStore.open(path: path) else { return results.fail() }
            while true {
                do {
                    guard let claim = try own.claimNext(actor: "worker-\(worker)") else { return }
                    results.add(claim.caseID)
                } catch {
                    return results.fail()
                }
            }
        }
        #expect(results.failures == 0)
        #expect(results.claimed.sorted() == Array(1...Int64(caseCount)))
        #expect(try store.verifyAudit().isIntact)
    }
}

/// What concurrent claimers collected.
final class ClaimCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [Int64] = []
    private var failed = 0
    func add(_ id: Int64) { lock.withLock { ids.append(id) } }
    func fail() { lock.withLock { failed += 1 } }
    var claimed: [Int64] { lock.withLock { ids } }
    var failures: Int { lock.withLock { failed } }
}
