import CaseStore
import Foundation
import Testing

@Suite("Reason templates")
struct ReasonTemplateTests {
    @Test("a case's policy's template wins over the one for all policies; its text is copied into history")
    func resolution() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        try store.addReasonTemplate(name: "standard", policy: nil, text: "Violates the community guidelines", actor: "lead")
        try store.addReasonTemplate(name: "standard", policy: "spam", text: "Bulk posting of identical links", actor: "lead")
        let spam = try store.logCase(sampleCase(policy: "spam"), actor: "mod")
        let hate = try store.logCase(sampleCase(policy: "hate-speech"), actor: "mod")
        #expect(try store.reasonTemplateText(name: "STANDARD", caseID: spam) == "Bulk posting of identical links")
        #expect(try store.reasonTemplateText(name: "standard", caseID: hate) == "Violates the community guidelines")
        #expect(throws: CaseStoreError.templateNotFound(name: "other", policy: "spam")) {
            try store.reasonTemplateText(name: "other", caseID: spam)
        }
        #expect(throws: CaseStoreError.caseNotFound(id: 99)) { try store.reasonTemplateText(name: "standard", caseID: 99) }

        let text = try store.reasonTemplateText(name: "standard", caseID: spam)
        try store.transition(Transition(caseID: spam, to: .actioned, reason: text), actor: "mod")
        try store.removeReasonTemplate(name: "standard", policy: "spam")
        #expect(try store.caseDetail(id: spam).events.last?.reason == "Bulk posting of identical links")
        #expect(try store.reasonTemplates().map(\.name) == ["standard"])
    }

    @Test("names are unique per policy and for all; unknown policies and empty text are refused, nothing written")
    func refusals() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        try store.addReasonTemplate(name: "repeat", policy: nil, text: "Repeated violations", actor: "lead")
        try store.addReasonTemplate(name: "repeat", policy: "spam", text: "Repeated spam", actor: "lead")
        let before = try snapshot(store.database)
        #expect(throws: CaseStoreError.templateExists(name: "Repeat", policy: nil)) {
            try store.addReasonTemplate(name: "Repeat", policy: nil, text: "again", actor: "lead")
        }
        #expect(throws: CaseStoreError.templateExists(name: "repeat", policy: "spam")) {
            try store.addReasonTemplate(name: "repeat", policy: "spam", text: "again", actor: "lead")
        }
        #expect(throws: CaseStoreError.self) { try store.addReasonTemplate(name: "x", policy: "nope", text: "t", actor: "lead") }
        #expect(throws: CaseStoreError.self) { try store.addReasonTemplate(name: "x", policy: nil, text: "  ", actor: "lead") }
        #expect(throws: CaseStoreError.templateNotFound(name: "none", policy: nil)) {
            try store.removeReasonTemplate(name: "none", policy: nil)
        }
        #expect(try snapshot(store.database) == before)
        #expect(try store.reasonTemplates(policy: "spam").map(\.policyCode) == [nil, "spam"])
        // A policy code matches as the schema compares codes; the template names the policy as stored.
        #expect(try store.addReasonTemplate(name: "caps", policy: "SPAM", text: "t", actor: "lead").policyCode == "spam")
        #expect(try store.reasonTemplates(policy: "spam").map(\.name) == ["repeat", "caps", "repeat"])
        #expect(try store.reasonTemplates(policy: "hate-speech").map(\.policyCode) == [nil])
    }
}
