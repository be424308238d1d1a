import CaseStore
import Foundation
import Testing

@Suite("Logging cases")
struct StoreTests {
    @Test("a logged case can be read back with its account and policy")
    func logAndRead() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        var input = sampleCase(handle: "@Khamenei_IR", followers: 5_000_000, openedAt: try time("2024-02-08"))
        input.policyCode = "DANGEROUS-ORGANIZATIONS"
        input.displayName = "Ali Khamenei"
        input.accountType = .government
        input.decisions = [Decision(.accountTerminated)]
        input.content.externalID = "ig-1"
        let id = try store.logCase(input, actor: "alice")
        let record = try store.caseDetail(id: id).record
        #expect(record.account.handle == "Khamenei_IR")
        #expect(record.account.type == .government && record.account.followerCount == 5_000_000)
        #expect(record.policy.code == "dangerous-organizations")
        #expect(record.status == .open && record.createdBy == "alice")
        #expect(record.openedAt.iso8601 == "2024-02-08T00:00:00Z")

        // Same account whatever the handle's case or @; its details are refreshed.
        var again = sampleCase(handle: "khamenei_ir", followers: 5_100_000)
        again.content.externalID = "ig-2"
        let second = try store.logCase(again, actor: "alice")
        let history = try store.accountHistory(platform: "instagram", handle: "@KHAMENEI_IR")
        #expect(history.cases.map(\.id) == [second, id])
        #expect(history.account.followerCount == 5_100_000 && history.account.type == .government)
        #expect(try store.caseDetail(id: id).record.followerCount == 5_000_000)
    }

    @Test("bad input is refused with the field named, and nothing is written")
    func validation() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        _ = try store.logCase(sampleCase(), actor: "alice")
        let before = try snapshot(store.database)

        func refused(_ field: String, _ change: (inout NewCase) throws -> Void) throws {
            var input = sampleCase()
            try change(&input)
            do {
                try store.logCase(input, actor: "alice")
                Issue.record("\(field) must be refused")
            } catch let CaseStoreError.invalidValue(named, _) {
                #expect(named == field)
            }
        }
        try refused("followers") { $0.followerCount = -1 }
        try refused("rationale") { $0.content.rationale = "  \n" }
        try refused("rationale") { $0.content.rationale = "bad\u{0}byte" }
        try refused("rationale") { $0.content.rationale = String(repeating: "x", count: 10_001) }
        try refused("handle") { $0.handle = "@" }
        try refused("platform") { $0.platform = "" }
        try refused("decisions") { $0.decisions = [] }
        try refused("decisions") { $0.decisions = [Decision(.contentRemoved, endsAt: try time("2030-01-01"))] }
        try refused("decisions") { $0.decisions = [Decision(.contentLabelled), Decision(.contentLabelled)] }
        try refused("decisions") {
            $0.openedAt = try time("2024-01-01")
            $0.decisions = [Decision(.accountSuspended, endsAt: try time("2023-12-01"))]
        }
        try refused("item_type") { $0.content.itemTypes = [.account, .text] }
        try refused("occurred_at") {
            $0.openedAt = try time("2024-01-01")
            $0.content.occurredAt = try time("2024-02-01")
        }
        #expect(throws: CaseStoreError.unknownPolicy(code: "hate-speach", suggestions: ["hate-speech"])) {
            var input = sampleCase()
            input.policyCode = "hate-speach"
            try store.logCase(input, actor: "alice")
        }
        #expect(throws: CaseStoreError.self) { try store.logCase(sampleCase(), actor: " ") }
        #expect(try snapshot(store.database) == before)
    }

    @Test("an external id is unique per platform")
    func externalIDs() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        var input = sampleCase()
        input.content.externalID = "sor-1"
        try store.logCase(input, actor: "a")
        #expect(throws: CaseStoreError.self) { try store.logCase(input, actor: "a") }
        input.platform = "TikTok"
        try store.logCase(input, actor: "a")
    }

    @Test("policies: added once, suggested when mistyped, codes checked")
    func policies() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        #expect(throws: CaseStoreError.policyExists(code: "spam")) { try store.addPolicy(code: "Spam", name: "Spam again") }
        #expect(throws: CaseStoreError.self) { try store.addPolicy(code: "has space", name: "x") }
        #expect(throws: CaseStoreError.unknownPolicy(code: "doi", suggestions: ["dangerous-organizations"])) {
            _ = try store.policy(code: "doi")
        }
        #expect(throws: CaseStoreError.unknownPolicy(code: "zzzzzz", suggestions: [])) { _ = try store.policy(code: "zzzzzz") }
        #expect(try store.policies().map(\.code) == ["dangerous-organizations", "hate-speech", "spam"])
    }

    @Test("lists filter by every field and are newest first")
    func filters() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let a = try store.logCase(sampleCase(handle: "a", openedAt: try time("2024-01-01")), actor: "x")
        let b = try store.logCase(sampleCase(handle: "b", platform: "TikTok", policy: "spam", openedAt: try time("2024-02-01")), actor: "x")
        let c = try store.logCase(sampleCase(handle: "a", openedAt: try time("2024-03-01")), actor: "x")
        try store.transition(Transition(caseID: c, to: .actioned, reason: "r"), actor: "x")
        func ids(_ filter: CaseFilter) throws -> [Int64] { try store.cases(matching: filter).map(\.id) }
        #expect(try ids(CaseFilter()) == [c, b, a])
        #expect(try ids(CaseFilter(policyCode: "spam")) == [b])
        #expect(try ids(CaseFilter(status: .actioned)) == [c])
        #expect(try ids(CaseFilter(platform: "tiktok")) == [b])
        #expect(try ids(CaseFilter(handle: "@A")) == [c, a])
        #expect(try ids(CaseFilter(since: try time("2024-01-15"), until: try time("2024-02-15"))) == [b])
        #expect(try ids(CaseFilter(limit: 1)) == [c])
        #expect(throws: CaseStoreError.self) { _ = try ids(CaseFilter(limit: 0)) }
        #expect(throws: CaseStoreError.self) { _ = try ids(CaseFilter(policyCode: "nope")) }
    }

    @Test("seeds load the catalog and cases with their history, and loading twice adds nothing")
    func seeds() throws {
        let folder = try TemporaryFolder()
        let store = try CaseStore.open(path: folder.path("seeded.db"), access: .createIfMissing, clock: fixedClock)
        let first = try store.loadSeeds(.embedded, actor: "seed")
        #expect(first.policiesAdded >= 10 && first.casesAdded >= 1 && first.policiesPresent == 0 && first.casesPresent == 0)
        let before = try snapshot(store.database)
        let second = try store.loadSeeds(.embedded, actor: "seed")
        #expect(second == SeedSummary(policiesAdded: 0, policiesPresent: first.policiesAdded, casesAdded: 0, casesPresent: first.casesAdded))
        #expect(try snapshot(store.database) == before)

        let khamenei = try store.accountHistory(platform: "Instagram", handle: "khamenei_ir")
        let record = try #require(khamenei.cases.first)
        #expect(record.policy.name == "Dangerous Organizations & Individuals")
        #expect(record.decisions.all == [Decision(.accountTerminated)] && record.status == .actioned)
        #expect(record.content.itemTypes == [.account])
        #expect(record.followerCount == 5_000_000)
        #expect(record.actionedAt?.date == "2024-02-08")
    }

    @Test("a bad seed file names the file and item, and loads nothing")
    func badSeeds() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let before = try snapshot(store.database)
        let good = #"{"policies": [{"code": "new-one", "name": "New"}]}"#
        let badCase = #"{"cases": [{"external_id": "x", "platform": "P", "handle": "h", "policy": "nope", "decisions": ["content_labelled"], "source": "automated", "rationale": "r", "opened_at": "2024-01-01"}]}"#
        #expect(throws: CaseStoreError.invalidSeed(file: "b.json", problem: "cases[0]: unknown policy 'nope'")) {
            try store.loadSeeds(SeedSet(files: [(name: "a.json", text: good), (name: "b.json", text: badCase)]), actor: "s")
        }
        #expect(throws: CaseStoreError.invalidSeed(file: "c.json", problem: "cases[0]: opened_at: is required")) {
            try store.loadSeeds(SeedSet(files: [(name: "c.json", text: #"{"cases": [{"external_id": "x"}]}"#)]), actor: "s")
        }
        #expect(throws: CaseStoreError.self) { try store.loadSeeds(SeedSet(files: [(name: "d.json", text: "{")]), actor: "s") }
        #expect(try snapshot(store.database) == before)
    }
}

@Suite("Time rules")
struct TimeRuleTests {
    @Test("cases cannot be opened, nor steps dated, in the future")
    func noFuture() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)  // its clock says 2025-01-01
        #expect(throws: CaseStoreError.invalidValue(field: "opened_at", problem: "2025-01-02T00:00:00Z is in the future")) {
            try store.logCase(sampleCase(openedAt: try time("2025-01-02")), actor: "a")
        }
        let id = try store.logCase(sampleCase(openedAt: try time("2024-12-31T23:00:00Z")), actor: "a")
        #expect(throws: CaseStoreError.invalidValue(field: "at", problem: "2025-02-01T00:00:00Z is in the future")) {
            try store.transition(Transition(caseID: id, to: .escalated, at: try time("2025-02-01")), actor: "a")
        }
        // Within the clock-skew allowance is accepted.
        try store.transition(Transition(caseID: id, to: .escalated, at: try time("2025-01-01T00:04:00Z")), actor: "a")
        // A step without a time happens now.
        try store.addNote(caseID: id, text: "n", actor: "a")
        #expect(try store.caseDetail(id: id).events.last?.occurredAt.iso8601 == "2025-01-01T00:04:00Z")
    }
}
