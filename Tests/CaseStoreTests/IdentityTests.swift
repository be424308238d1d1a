@testable import CaseStore
import Foundation
import Testing

/// Two identities never print alike: every spelling of an account either is that account or is refused.
@Suite("Look-alike identities")
struct IdentityTests {
    static let lookAlikes: [String] = [
        "ali\u{200B}ce", "ali\u{200D}ce", "ali\u{FEFF}ce", "ali\u{202E}ce", "ali\u{2066}ce", "ali\u{00AD}ce",
        "ali\u{FE0F}ce", "ali\u{FE00}ce", "ali\u{E0100}ce", "ali\u{E0041}ce", "ali\u{17B4}ce", "ali\u{115F}ce",
        "ali\u{3164}ce", "ali\u{2800}ce", "ali\u{2028}ce", "ali\u{1680}ce", "ali\u{034F}ce",
        "ａｌｉｃｅ", "ALICE", "@alice", " alice ", "alic\u{0065}\u{0301}", "ali\u{E000}ce", "ali\u{0378}ce",
    ]
        // Noncharacters cannot be written as Swift literals.
        + [0xFDD0, 0xFFFE, 0x10FFFF].map { "ali" + String(Unicode.Scalar(UInt32($0)).map(Character.init) ?? "?") + "ce" }

    @Test("each look-alike of an account is refused, or is the same account")
    func lookAlikes() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let original = try store.logCase(sampleCase(handle: "alice", platform: "X"), actor: "a")
        let account = try store.caseDetail(id: original).record.account.id
        for spelling in Self.lookAlikes {
            do {
                let id = try store.logCase(sampleCase(handle: spelling, platform: "Ｘ"), actor: "a")
                let record = try store.caseDetail(id: id).record
                // Accepted only as the same account, or (for a genuinely different name) one that prints differently.
                if record.account.id != account {
                    #expect(record.account.handle.unicodeScalars.allSatisfy { !$0.isUnfitForIdentifiers })
                    #expect(record.account.handle != "alice")
                    #expect(record.account.handle == "alicé", "\(spelling.debugDescription) became a second account")
                }
            } catch let error as CaseStoreError {
                guard case .invalidValue(field: "handle", let problem) = error else { throw error }
                #expect(problem.contains("invisible character U+"), "\(spelling.debugDescription): \(problem)")
            }
        }
        #expect(try store.verifyAudit().isIntact, "case-insensitive matches must still verify")
    }

    @Test("a handle normalises to itself: however many @ lead it, it is one account, found however written")
    func handlesNormaliseOnce() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let first = try store.logCase(sampleCase(handle: "@@x", platform: "X"), actor: "a")
        let second = try store.logCase(sampleCase(handle: "@x", platform: "X"), actor: "a")
        #expect(try store.caseDetail(id: first).record.account.id == store.caseDetail(id: second).record.account.id)
        for written in ["x", "@x", "@@x", " @@@x "] {
            #expect(try store.accountHistory(platform: "X", handle: written).cases.count == 2, "\(written)")
        }
    }
}
