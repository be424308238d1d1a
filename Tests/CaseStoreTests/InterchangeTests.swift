import CaseStore
import Foundation
import Testing

@Suite("CSV and JSON Lines reading")
struct ReaderTests {
    func csv(_ bytes: [UInt8]) throws -> [(line: Int, fields: [String])] {
        let folder = try TemporaryFolder()
        let path = folder.path("in.csv")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var reader = CSVReader(source: try ByteSource(path: path))
        var records: [(line: Int, fields: [String])] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }

    func csv(_ text: String) throws -> [(line: Int, fields: [String])] {
        try csv(Array(text.utf8))
    }

    @Test("RFC 4180: quotes, doubled quotes, embedded line breaks, CRLF, a BOM, blank lines")
    func rfc4180() throws {
        let records = try csv("\u{FEFF}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n\r\nplain,,\"\"\nlast,row,é🧕")
        #expect(records.map(\.line) == [1, 2, 5, 6])
        #expect(records.map(\.fields) == [
            ["a", "b", "c"], ["x, y", "say \"hi\"", "two\r\nlines"], ["plain", "", ""], ["last", "row", "é🧕"],
        ])
    }

    @Test("malformed CSV is refused with the line", arguments: [
        ("a,b\n\"open,never closed\n", "in.csv:2: malformed CSV: a quoted field opened on line 2 is never closed"),
        ("a,b\nx,y\"z\n", "in.csv:2: malformed CSV: a quote inside an unquoted field"),
        ("a,b\n\"x\"y,z\n", "in.csv:2: malformed CSV: text after the closing quote of field 1"),
    ])
    func malformed(text: String, message: String) throws {
        do {
            _ = try csv(text)
            Issue.record("must fail")
        } catch let error as CaseStoreError {
            #expect(error.description.contains("/" + message), "\(error)")
        }
    }

    @Test("invalid UTF-8 is refused, naming the line")
    func invalidUTF8() throws {
        #expect(throws: CaseStoreError.self) { _ = try csv([0x61, 0x2C, 0x62, 0x0A, 0x78, 0xFF, 0x2C, 0x79, 0x0A]) }
    }

    @Test("random bytes never crash the reader")
    func randomBytes() throws {
        var random = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x22, 0x2C, 0x0A, 0x0D, 0x61, 0x62, 0xEF, 0xBB, 0xBF, 0xC3, 0xA9, 0x00, 0xFF]
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0...60, using: &random)).map { _ in alphabet.randomElement(using: &random) ?? 0x61 }
            _ = try? csv(bytes)
        }
    }
}

@Suite("Import and export")
struct ImportExportTests {
    static let header = "external_id,platform,handle,policy,action,source,rationale,opened_at,followers,status,status_at,status_reason"

    func importCSV(_ store: CaseStore, _ text: String, options: ImportOptions = ImportOptions(),
                   rejected: (ImportRecord, CaseStoreError) throws -> Void = { _, _ in }) throws -> ImportSummary {
        let folder = try TemporaryFolder()
        let path = folder.path("cases.csv")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        var reader = CSVRecordReader(source: try ByteSource(path: path))
        return try store.importCases(from: &reader, options: options, actor: "importer", rejected: rejected)
    }

    @Test("a good file imports every row with its status, and importing it again adds nothing")
    func goodFile() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let file = Self.header + "\n" + """
            ig-1,Instagram,alice,spam,label,automated,Bulk links,2024-01-01,10,,,
            ig-2,Instagram,bob,hate-speech,remove_content,user_report,Slur,2024-01-02,20,actioned,2024-01-02T05:00:00Z,confirmed
            ig-3,Instagram,carol,hate-speech,remove_content,user_report,Slur,2024-01-03,30,reversed,2024-01-09,overturned on review
            ig-4,Instagram,dave,spam,label,automated,Spam,2024-01-04,,dismissed,2024-01-05,not spam
            """
        #expect(try importCSV(store, file) == ImportSummary(rows: 4, imported: 4, skipped: 0, rejected: 0, errors: []))
        let cases = try store.cases(matching: CaseFilter()).sorted { $0.id < $1.id }
        #expect(cases.map(\.status) == [.open, .actioned, .reversed, .dismissed])
        #expect(cases[1].actionedAt?.iso8601 == "2024-01-02T05:00:00Z")
        #expect(try store.caseDetail(id: cases[2].id).events.map(\.toStatus) == [.open, .actioned, .reversed])
        #expect(try store.caseDetail(id: cases[2].id).events.last?.reason == "overturned on review")
        #expect(try store.verifyAudit().isIntact)
        let before = try snapshot(store.database)
        #expect(try importCSV(store, file) == ImportSummary(rows: 4, imported: 0, skipped: 4, rejected: 0, errors: []))
        #expect(try snapshot(store.database) == before)
    }

    @Test("by default one bad row means nothing is imported, with up to 20 errors located")
    func allOrNothing() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let before = try snapshot(store.database)
        var rows = ["ok-1,X,a,spam,label,automated,r,2024-01-01,1,,,"]
        rows += (1...30).map { "bad-\($0),X,b\($0),spam,label,automated,r,2024-01-01,-\($0),,," }
        let summary = try importCSV(store, ([Self.header] + rows).joined(separator: "\n"))
        #expect(summary.imported == 0)
        #expect(summary.errors.count == 20)
        #expect(summary.errors.first?.description.hasSuffix("cases.csv:3: followers: '-1' is negative; a follower count is 0 or more") == true)
        #expect(try snapshot(store.database) == before)
    }

    @Test("--skip-invalid imports the good rows and hands back the bad ones; --dry-run writes nothing")
    func skipInvalidAndDryRun() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let file = [
            Self.header,
            "a,X,a,spam,label,automated,r,2024-01-01,1,,,",
            "b,X,b,nope,label,automated,r,2024-01-01,1,,,",
            "c,X,c,spam,label,automated,r,2024-01-01,1,actioned,2024-01-02,",
            "d,X,d,spam,label,automated,r,2024-01-01,1,,,",
        ].joined(separator: "\n")
        let before = try snapshot(store.database)
        let dry = try importCSV(store, file, options: ImportOptions(skipInvalid: true, dryRun: true))
        #expect(dry.imported == 2 && dry.rejected == 2)
        #expect(try snapshot(store.database) == before)

        var rejects: [String] = []
        let summary = try importCSV(store, file, options: ImportOptions(skipInvalid: true, batchSize: 2)) { record, error in
            rejects.append("\(record.line): \(error)")
        }
        #expect(summary == ImportSummary(rows: 4, imported: 2, skipped: 0, rejected: 2, errors: summary.errors))
        #expect(rejects.count == 2)
        #expect(rejects[0].hasPrefix("3: ") && rejects[0].contains("cases.csv:3: policy: unknown policy 'nope'"))
        #expect(rejects[1].contains("cases.csv:4: status_reason: required for status actioned"))
        #expect(try store.cases(matching: CaseFilter()).compactMap(\.externalID).sorted() == ["a", "d"])
    }

    @Test("unknown and missing columns are refused before anything is written")
    func columns() throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        #expect(throws: CaseStoreError.self) {
            _ = try importCSV(store, Self.header + ",colour\na,X,a,spam,label,automated,r,2024-01-01,1,,,,red")
        }
        let ignored = try importCSV(store, Self.header + ",colour\na,X,a,spam,label,automated,r,2024-01-01,1,,,,red",
                                    options: ImportOptions(ignoreUnknown: true))
        #expect(ignored.imported == 1)
        do {
            _ = try importCSV(store, "platform,handle\nX,y")
            Issue.record("must fail")
        } catch let error as CaseStoreError {
            #expect(error.description.hasSuffix("cases.csv:1: opened_at: required column is missing"))
        }
    }

    @Test("every status survives export and import", arguments: CaseStatus.allCases)
    func statusRoundTrip(status: CaseStatus) throws {
        let folder = try TemporaryFolder()
        let store = try makeStore(in: folder)
        let id = try store.logCase(sampleCase(openedAt: try time("2024-01-01")), actor: "a")
        var day = 1
        for step in WorkflowTests.pathTo[status] ?? [] {
            day += 1
            try store.transition(
                Transition(caseID: id, to: step, reason: "step \(day)", at: try time("2024-01-0\(day)")), actor: step == .upheld ? "b" : "a")
        }
        var exported: [ExportRecord] = []
        try store.exportCases(matching: CaseFilter()) { exported.append($0) }
        let copy = try makeStore(in: try TemporaryFolder())
        var reader = ArrayReader(records: exported.enumerated().map { $1.importRecord(line: $0 + 2) })
        #expect(try copy.importCases(from: &reader, options: ImportOptions(), actor: "b").imported == 1)
        var again: [ExportRecord] = []
        try copy.exportCases(matching: CaseFilter()) { again.append($0) }
        #expect(again == exported)
    }
}

/// Records from memory, for tests.
struct ArrayReader: ImportRecordReader {
    var records: [ImportRecord]
    var fileName: String { "memory" }
    var bytesRead: Int64 { 0 }
    var headerLine: Int? { 1 }
    /// Like a CSV header: the first record's names.
    func declaredColumns() -> [String]? { records.first.map { $0.fields.map(\.name) } }

    mutating func next() throws -> ImportRecord? {
        records.isEmpty ? nil : records.removeFirst()
    }
}
