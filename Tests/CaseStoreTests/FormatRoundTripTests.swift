import CaseStore
import Foundation
import Testing

private let sharedSamples = packageRoot.deletingLastPathComponent().appending(path: "shared/data/dsa-sor")

/// Each format's writer beside its reader, in the library: what one writes the other reads back, and
/// writing it again gives the same bytes.
@Suite("Formats round-trip in the library")
struct FormatRoundTripTests {
    static let texts = ["plain", "  padded  ", "line one\r\nline two", "\u{1B}[31mred", "=1+1", "a,\"b\"", "\u{202E}x",
                        "del\u{7F} c1\u{85} sep\u{2028}", "مرحبا\u{200C}ها", "🧕🏽"]

    func logged(in folder: TemporaryFolder, name: String) throws -> CaseStore {
        let store = try CaseStore.open(path: folder.path(name), access: .createIfMissing, clock: fixedClock)
        try store.addPolicy(code: "spam", name: "Spam")
        for (index, text) in Self.texts.enumerated() {
            let id = try store.logCase(NewCase(
                platform: "Forum", handle: "h\(index)", policyCode: "spam", decisions: [Decision(.contentLabelled)],
                content: CaseContent(
                    source: .userReport, rationale: text, externalID: "x-\(index)",
                    followerCount: index % 2 == 0 ? Int64(index) : nil, itemTypes: [.text], itemID: "https://example.org/item/\(index)"),
                openedAt: try time("2024-01-0\(index % 9 + 1)")), actor: "a")
            if index % 3 == 0 {
                try store.transition(Transition(caseID: id, to: .actioned, reason: text, at: try time("2024-02-01")), actor: "a")
            }
            if index % 4 == 0 { try store.addEvidence(caseID: id, reference: "https://example.org/\(index)?q=\(text.count)", actor: "a") }
        }
        return store
    }

    func export(_ store: CaseStore, jsonLines: Bool) throws -> String {
        var text = jsonLines ? "" : CaseInterchangeWriter.csvHeader
        try store.exportCases(matching: CaseFilter()) { record in
            text += jsonLines ? CaseInterchangeWriter.jsonLine(record) : CaseInterchangeWriter.csvLine(record)
        }
        return text
    }

    @Test("CSV and JSON Lines: export → import into an empty store → export gives the same bytes", arguments: [false, true])
    func interchange(jsonLines: Bool) throws {
        let folder = try TemporaryFolder()
        let first = try export(logged(in: folder, name: "a.db"), jsonLines: jsonLines)
        let file = folder.path(jsonLines ? "cases.jsonl" : "cases.csv")
        try Data(first.utf8).write(to: URL(fileURLWithPath: file))
        let target = try CaseStore.open(path: folder.path("b.db"), access: .createIfMissing, clock: fixedClock)
        try target.addPolicy(code: "spam", name: "Spam")
        let source = try ByteSource(path: file)
        var summary: ImportSummary
        if jsonLines {
            var reader = JSONLinesRecordReader(source: source)
            summary = try target.importCases(from: &reader, options: ImportOptions(), actor: "importer")
        } else {
            var reader = CSVRecordReader(source: source)
            summary = try target.importCases(from: &reader, options: ImportOptions(), actor: "importer")
        }
        #expect(summary.imported == Self.texts.count && summary.errors.isEmpty, "\(summary.errors)")
        #expect(try export(target, jsonLines: jsonLines) == first)
        #expect(try target.verifyAudit().isIntact)
    }

    @Test("one JSON string encoder: what a reader could be tricked by is escaped, and parses back to the same text")
    func jsonText() throws {
        for text in Self.texts {
            let quoted = JSONText.quoted(text)
            #expect(!quoted.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{2028}" || $0 == "\u{202E}" })
            let parsed = try JSONSerialization.jsonObject(with: Data("[\(quoted)]".utf8)) as? [String]
            #expect(parsed == [text])
        }
        #expect(JSONText.quoted("del\u{7F}") == "\"del\\u007f\"")
    }

    @Test("DSA dump: the real samples import and write back byte for byte; API bodies parse, a statement each",
          .enabled(if: FileManager.default.fileExists(atPath: sharedSamples.path)))
    func dsaForms() throws {
        let folder = try TemporaryFolder()
        let store = try CaseStore.open(path: folder.path("dsa.db"), access: .createIfMissing, clock: fixedClock)
        let path = sharedSamples.appending(path: "sor-global-2024-03-14-full-00000-00001.csv").path
        var reader = CSVRecordReader(source: try ByteSource(path: path))
        let summary = try store.importCases(from: &reader, layout: DSAStatementLayout(), options: ImportOptions(), actor: "dsa")
        #expect(summary.imported == 50)
        var dump = DSAStatementWriter.dumpHeader(columns: DSAVocabulary.dumpColumns37)
        var statements: [StatementOfReasons] = []
        try store.exportStatements(matching: CaseFilter(), as: .dump) { exported in
            if let statement = exported.statement { dump += DSAStatementWriter.dumpLine(statement, columns: DSAVocabulary.dumpColumns37) }
        }
        try store.exportStatements(matching: CaseFilter(), as: .submission) { exported in
            if let statement = exported.statement { statements.append(statement) }
        }
        #expect(dump == (try String(contentsOfFile: path, encoding: .utf8)))
        let body = try JSONSerialization.jsonObject(with: Data(DSAStatementWriter.apiBody(statements).utf8)) as? [String: Any]
        let sent = try #require(body?["statements"] as? [[String: Any]])
        #expect(sent.count == statements.count && sent.allSatisfy { $0["puid"] is String && $0["uuid"] == nil })
    }
}
