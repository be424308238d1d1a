import CaseStore
import Foundation
import Testing

/// Archives are built with Python's zipfile and gzip modules (an independent writer, and the only one
/// here that makes ZIP64 entries on demand); the tests are skipped where python3 is missing.
private let pythonPresent = ["/usr/bin/python3", "/usr/local/bin/python3"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    || ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").contains {
        FileManager.default.isExecutableFile(atPath: "\($0)/python3")
    } == true

private func python(_ script: String, in folder: TemporaryFolder) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script]
    process.currentDirectoryURL = folder.url
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "python3 failed: \(script)")
}

@Suite("Archives: several files, .zip (zips inside too) and .csv.gz read directly", .enabled(if: pythonPresent))
struct ArchiveInputTests {
    /// Interchange CSV with cases `first...last` (external ids `c-N`).
    static func csv(_ range: ClosedRange<Int>, extraColumn: String? = nil) -> String {
        let header = ImportExportTests.header + (extraColumn.map { "," + $0 } ?? "")
        let rows = range.map { "c-\($0),Instagram,user\($0),spam,label,automated,Bulk links,2024-01-01,\($0),actioned,2024-01-02,confirmed" + (extraColumn == nil ? "" : ",x") }
        return ([header] + rows).joined(separator: "\n") + "\n"
    }

    struct Run {
        var summary: ImportSummary
        var inputs: ImportInputs
        var progress: [Int64]
        /// The most files seen in the spool folder while rows were read (a spooled zip is unlinked at once).
        var spooledFilesSeen: Int
    }

    func importInputs(_ store: CaseStore, _ paths: [String], spool: String, options: ImportOptions = ImportOptions()) throws -> Run {
        let inputs = ImportInputs(paths: paths, temporaryFolder: spool)
        var reader = MultiPartRecordReader(inputs: inputs) { CSVRecordReader(source: $0) }
        var progress: [Int64] = []
        var spooledFilesSeen = 0
        let summary = try store.importCases(
            from: &reader, options: options, actor: "importer", progress: { _, bytes in
                progress.append(bytes)
                spooledFilesSeen = max(spooledFilesSeen, (try? FileManager.default.contentsOfDirectory(atPath: spool).count) ?? 0)
            })
        return Run(summary: summary, inputs: inputs, progress: progress, spooledFilesSeen: spooledFilesSeen)
    }

    /// day.zip (stored) ⊃ first.csv.zip (deflated a.csv, ZIP64 b.csv), second.csv.zip (stored c.csv),
    /// a README and macOS clutter; beside it d.csv.gz of two gzip members.
    func makeDump(in folder: TemporaryFolder) throws {
        for (name, range) in [("a.csv", 1...30), ("b.csv", 31...60), ("c.csv", 61...90)] {
            try Data(Self.csv(range).utf8).write(to: folder.url.appending(path: name))
        }
        let d = Self.csv(91...100)
        let split = d.index(d.startIndex, offsetBy: d.count / 2)
        try Data(d[..<split].utf8).write(to: folder.url.appending(path: "d1"))
        try Data(d[split...].utf8).write(to: folder.url.appending(path: "d2"))
        try python("""
            import zipfile, gzip
            with zipfile.ZipFile('first.csv.zip', 'w', zipfile.ZIP_DEFLATED) as z:
                z.write('a.csv')
                with z.open('b.csv', 'w', force_zip64=True) as f: f.write(open('b.csv', 'rb').read())
            with zipfile.ZipFile('second.csv.zip', 'w', zipfile.ZIP_STORED) as z:
                z.write('c.csv', 'parts/c.csv')
            with zipfile.ZipFile('day.zip', 'w', zipfile.ZIP_STORED) as z:
                z.writestr('parts/', '')
                z.write('first.csv.zip'); z.write('second.csv.zip')
                z.writestr('README.md', 'not data'); z.writestr('__MACOSX/._first.csv.zip', 'x')
            with open('d.csv.gz', 'wb') as out:
                out.write(gzip.compress(open('d1', 'rb').read())); out.write(gzip.compress(open('d2', 'rb').read()))
            """, in: folder)
    }

    @Test("a zip of zips and a .csv.gz import as the plain files do, in one summary; again adds nothing")
    func nestedDump() throws {
        let folder = try TemporaryFolder()
        try makeDump(in: folder)
        let spool = folder.path("spool")
        try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        let store = try makeStore(in: folder)
        let run = try importInputs(store, [folder.path("day.zip"), folder.path("d.csv.gz")], spool: spool)
        #expect(run.summary == ImportSummary(rows: 100, imported: 100))
        #expect(run.inputs.partCount == 4)
        #expect(run.inputs.skippedEntries == [folder.path("day.zip") + " › README.md"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool).isEmpty, "spooled zips are removed")
        #expect(run.spooledFilesSeen == 0, "a spooled zip has no name while it is read: an interrupted import leaves nothing")
        // Progress counts the files' bytes on disk, never goes back, and ends at their size.
        #expect(run.progress == run.progress.sorted())
        #expect(abs((run.progress.last ?? 0) - (run.inputs.totalBytes ?? 0)) <= 1)

        let plain = try TemporaryFolder()
        let reference = try makeStore(in: plain)
        let paths = ["a.csv", "b.csv", "c.csv"].map(folder.path) + [folder.path("d1")]
        try Data(Self.csv(91...100).utf8).write(to: URL(fileURLWithPath: folder.path("d1")))
        #expect(try importInputs(reference, paths, spool: spool).summary.imported == 100)
        let ids = { (store: CaseStore) in try store.cases(matching: CaseFilter()).compactMap(\.externalID).sorted() }
        #expect(try ids(store) == ids(reference))
        #expect(try store.verifyAudit().isIntact)

        let again = try importInputs(store, [folder.path("day.zip"), folder.path("d.csv.gz")], spool: spool)
        #expect(again.summary == ImportSummary(rows: 100, imported: 0, skipped: 100))
    }

    @Test("a damaged entry, a cut-short gzip, or a file that is no zip is refused by name, and nothing is written",
          arguments: ["damaged", "cut", "notzip"])
    func damagedArchive(kind: String) throws {
        let folder = try TemporaryFolder()
        try makeDump(in: folder)
        try python("""
            import zipfile
            data = bytearray(open('first.csv.zip', 'rb').read())
            if '\(kind)' == 'damaged':
                info = zipfile.ZipFile('first.csv.zip').getinfo('a.csv')  # a byte inside a.csv's deflated data
                data[info.header_offset + 30 + len('a.csv') + info.compress_size // 2] ^= 0x55
                open('input.zip', 'wb').write(data)
            elif '\(kind)' == 'cut':
                open('input.gz', 'wb').write(open('d.csv.gz', 'rb').read()[:200])
            else:
                open('input.zip', 'wb').write(b'uuid,platform_uid\\n')
            """, in: folder)
        let store = try makeStore(in: folder)
        let before = try snapshot(store.database)
        let input = folder.path(kind == "cut" ? "input.gz" : "input.zip")
        do {
            _ = try importInputs(store, [folder.path("a.csv"), input], spool: folder.path(""))
            Issue.record("a damaged archive must be refused")
        } catch let error as CaseStoreError {
            guard case .unreadableArchive(let file, let problem) = error else {
                Issue.record("expected unreadableArchive, got \(error)")
                return
            }
            #expect(file.hasPrefix(input))
            let expected = ["damaged": "damaged", "cut": "ends early", "notzip": "not a zip file"][kind] ?? "?"
            #expect(problem.contains(expected), "\(problem)")
        }
        #expect(try snapshot(store.database) == before)
    }

    @Test("each part's header is checked as the first one's is, naming the part")
    func laterHeaderChecked() throws {
        let folder = try TemporaryFolder()
        try Data(Self.csv(1...2).utf8).write(to: URL(fileURLWithPath: folder.path("a.csv")))
        try Data(Self.csv(3...4, extraColumn: "bogus").utf8).write(to: URL(fileURLWithPath: folder.path("b.csv")))
        try python("""
            import zipfile
            with zipfile.ZipFile('day.zip', 'w') as z: z.write('a.csv'); z.write('b.csv')
            """, in: folder)
        let store = try makeStore(in: folder)
        #expect {
            _ = try importInputs(store, [folder.path("day.zip")], spool: folder.path(""))
        } throws: { error in
            (error as? CaseStoreError)?.description.hasPrefix(folder.path("day.zip") + " › b.csv:1: bogus: unknown column") == true
        }
        #expect(try store.cases(matching: CaseFilter()).isEmpty)
    }

    @Test("with --skip-invalid, a damaged part is refused before any of its rows; the batches before it stay, and say so")
    func damagedPartInBatches() throws {
        let folder = try TemporaryFolder()
        try makeDump(in: folder)
        // b.csv stored (its bytes as they are) with one letter of one row changed: only its CRC can tell.
        try python("""
            import zipfile
            with zipfile.ZipFile('day.zip', 'w') as z:
                z.write('a.csv', compress_type=zipfile.ZIP_DEFLATED); z.write('b.csv', compress_type=zipfile.ZIP_STORED)
            data = bytearray(open('day.zip', 'rb').read())
            at = data.index(b'user45,')
            data[at] = ord('X')
            open('day.zip', 'wb').write(data)
            """, in: folder)
        let store = try makeStore(in: folder)
        let options = ImportOptions(skipInvalid: true, batchSize: 7)
        let run = try importInputs(store, [folder.path("day.zip")], spool: folder.path(""), options: options)
        guard case .unreadableArchive(let file, let problem)? = run.summary.stoppedBy else {
            Issue.record("expected the damaged part to stop the import, got \(run.summary)")
            return
        }
        #expect(file.hasSuffix("day.zip › b.csv") && problem.contains("CRC-32"), "\(problem)")
        // Whole batches of a.csv were committed (the batch open when b.csv was refused was rolled back),
        // and the summary counts exactly what is in.
        let handles = try store.cases(matching: CaseFilter()).map(\.account.handle)
        #expect(run.summary.imported == handles.count && handles.count == 28)
        #expect(!handles.contains("Xser45") && !handles.contains("user31"))
    }
}

extension ArchiveInputTests {
    @Test("a zip that nests zips without end, or inflates past its declared size, is refused by name",
          arguments: ["nested", "lying"])
    func hostileArchives(kind: String) throws {
        let folder = try TemporaryFolder()
        try Data(Self.csv(1...50).utf8).write(to: URL(fileURLWithPath: folder.path("a.csv")))
        try python("""
            import zipfile, struct
            if '\(kind)' == 'nested':
                name = 'a.csv'
                for depth in range(7):
                    with zipfile.ZipFile(f'z{depth}.zip', 'w') as z: z.write(name)
                    name = f'z{depth}.zip'
                import os; os.replace(name, 'input.zip')
            else:
                with zipfile.ZipFile('input.zip', 'w', zipfile.ZIP_DEFLATED) as z: z.write('a.csv')
                data = bytearray(open('input.zip', 'rb').read())
                info = zipfile.ZipFile('input.zip').infolist()[0]
                central = data.rindex(b'PK\\x01\\x02')
                struct.pack_into('<I', data, info.header_offset + 22, 100)  # declared size: 100 bytes
                struct.pack_into('<I', data, central + 24, 100)
                open('input.zip', 'wb').write(data)
            """, in: folder)
        let store = try makeStore(in: folder)
        do {
            _ = try importInputs(store, [folder.path("input.zip")], spool: folder.path(""))
            Issue.record("must be refused")
        } catch let CaseStoreError.unreadableArchive(_, problem) {
            #expect(problem.contains(kind == "nested" ? "nested more than 4 deep" : "inflates past the 100 bytes"), "\(problem)")
        }
        #expect(try store.cases(matching: CaseFilter()).isEmpty)
    }
}

@Suite("Policy codes for shell completion")
struct CompletionCodeTests {
    @Test("only well-formed codes are offered, and reading them leaves nothing beside the file")
    func hostileCodes() throws {
        let folder = try TemporaryFolder()
        do {
            let store = try makeStore(in: folder)
            // Written by another tool: a shell expands what completion offers.
            for code in ["h$(touch PWNED)", "h\u{1B}[31m", "h\nx", "Hate"] {
                try store.database.prepare("INSERT INTO policies (code, name, created_at) VALUES (?, 'x', '2024-01-01T00:00:00Z')")
                    .execute([code])
            }
        }
        let path = folder.path("cases.db")
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(CaseStore.policyCodes(atPath: path) == ["dangerous-organizations", "hate-speech", "spam"])
        #expect(!FileManager.default.fileExists(atPath: path + "-wal") && !FileManager.default.fileExists(atPath: path + "-shm"),
                "a completion leaves no -wal or -shm file")
        #expect(CaseStore.policyCodes(atPath: folder.path("missing.db")).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.path("missing.db")))
    }
}
