import CaseAPI
import CaseStore
import Foundation
import Testing

/// A case is declared once (`CaseJSON.document`) and written into two sinks: a tree, for pretty
/// output and the CLI, and bytes, for the server's lists. Both must give the same document.
@Suite("JSON written straight to bytes matches the tree")
struct JSONWriterTests {
    static let hostile = "\"quoted\" \\ back\u{7}slash\n\t<script>alert(1)</script> \u{1B}[31mred \u{202E}evil\u{200B} =SUM(A1) 🙂"

    private func loggedCases() throws -> [CaseRecord] {
        let folder = FileManager.default.temporaryDirectory.appending(path: "json-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try CaseStore.open(path: folder.appending(path: "cases.db").path, access: .createIfMissing)
        try store.addPolicy(code: "spam", name: "Spam <b>\"&amp;\"</b> \u{202E}evil")
        let ends = try Timestamp(parsing: "2030-01-02T03:04:05Z", field: "test")
        let posted = try Timestamp(parsing: "2024-05-06T07:08:09Z", field: "test")
        _ = try store.logCase(NewCase(
            platform: "Instagram", handle: "<b>\"q\"</b>&amp;", policyCode: "spam",
            decisions: [Decision(.accountSuspended, endsAt: ends, scope: .territories(["DE", "FR"])), Decision(.contentRemoved)],
            content: CaseContent(
                source: .userReport, rationale: Self.hostile, externalID: "x\"1", followerCount: 5_000_000,
                occurredAt: posted, itemTypes: [.text, .image], itemID: "https://example.com/p?a=1&b=\"2\"", itemPostedAt: posted)), actor: "tester")
        _ = try store.logCase(NewCase(
            platform: "Facebook", handle: "plain", policyCode: "spam",
            decisions: [Decision(.contentRemoved, scope: .unrecorded)],
            content: CaseContent(source: .proactiveHuman, rationale: "r")), actor: "tester")
        return try store.cases(matching: CaseFilter())
    }

    /// Compared as text, so a failure shows where the documents part.
    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test("each case, and a list of them, is byte for byte what the tree gives; hostile text stays data")
    func sameDocument() throws {
        let records = try loggedCases()
        #expect(records.count == 2)
        for record in records {
            var writer = CompactJSONWriter()
            CaseJSON.write(record, to: &writer)
            #expect(text(writer.bytes) == text(CaseJSON.json(record).compactUTF8()))
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String: Any])
            #expect(parsed["handle"] as? String == record.account.handle)
            #expect(parsed["rationale"] as? String == record.rationale)
            #expect((parsed["decisions"] as? [Any])?.count == record.decisions.all.count)
        }
        // Commas between cases and after nested containers are the writer's own bookkeeping.
        var list = CompactJSONWriter()
        list.object { out in
            out.key("cases")
            out.array { out in for record in records { CaseJSON.write(record, to: &out) } }
            out.member("total", Int64(records.count))
        }
        let tree = JSONValue.object([("cases", .array(records.map(CaseJSON.json))), ("total", .integer(Int64(records.count)))])
        #expect(text(list.bytes) == text(tree.compactUTF8()))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(list.bytes)) as? [String: Any])
        #expect((parsed["cases"] as? [Any])?.count == 2)
        #expect(!list.bytes.contains(0x1B) && !list.bytes.contains(0x07), "control characters are escaped")
    }
}
