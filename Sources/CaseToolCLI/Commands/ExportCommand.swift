import ArgumentParser
import CaseStore
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export cases as CSV or JSON Lines, or as DSA statements of reasons.",
        discussion: """
            Takes the same filters as 'list'. Cases come oldest id first, so exporting, importing into an \
            empty database and exporting again gives the same bytes. In CSV, a value that a spreadsheet \
            would run as a formula (starting with =, +, -, @, a tab or a carriage return) or that starts \
            with ' is written with a leading ', which import removes again. On a terminal, control and \
            direction characters are shown as escapes; redirected, every byte is kept.

            --format dsa-sor writes the DSA Transparency Database's daily dump CSV (--dsa-layout 38, the \
            current columns, or 37, before July 2025). A case imported with 'import --format dsa-sor' is \
            written back exactly as it came; any other actioned case is described from its record.

            --format dsa-api writes request bodies for the database's submission API, one per line: \
            {"statements": [...]} with at most --batch-size (≤ 100) statements each. Every statement is \
            checked first against the API's rules (required fields, at least one decision_*, the fields \
            a ground or an "other" answer requires, puid ^[a-zA-Z0-9-_]+$ up to 500 characters, date \
            ranges, enumeration keys, text lengths).

            For both DSA formats, cases that cannot be statements (not actioned, a policy without a DSA \
            category, a broken API rule…) are listed on stderr as "case ID: field: problem", and nothing \
            is written (exit 65) unless --skip-invalid.

            Examples:
              casetool export > cases.csv
              casetool export --policy hate-speech --format jsonl > hate-speech.jsonl
              casetool export --format dsa-sor --dsa-layout 37 > statements.csv
              casetool export --format dsa-api --skip-invalid > batches.jsonl
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, jsonl
        case dsaSOR = "dsa-sor"
        case dsaAPI = "dsa-api"
    }

    enum DumpLayout: String, ExpressibleByArgument, CaseIterable {
        case current = "38"
        case legacy = "37"

        var columns: [String] { self == .current ? DSAVocabulary.dumpColumns38 : DSAVocabulary.dumpColumns37 }
    }

    @OptionGroup var target: ReadTargetOptions
    @OptionGroup var filters: CaseFilterOptions

    @Option(help: "Output format.") var format: Format = .csv
    @Option(help: "At most this many cases.") var limit: Int?
    @Option(help: "Columns of --format dsa-sor: 38 (since July 2025) or 37 (before).") var dsaLayout: DumpLayout = .current
    @Option(help: "Statements per request body with --format dsa-api (1–100).") var batchSize = 100
    @Flag(help: "With a DSA format: export the cases that can be, and list the others.") var skipInvalid = false

    func validate() throws {
        if !(1...100).contains(batchSize) { throw ValidationError("--batch-size must be 1 to 100 (the API's limit per request)") }
    }

    func run() throws {
        let filter = try filters.filter(limit: limit)
        let cases = try target.open()
        switch (format, cases) {
        case (.csv, _): try exportCases(.csv, from: cases, filter)
        case (.jsonl, _): try exportCases(.jsonl, from: cases, filter)
        case (.dsaSOR, .local(let store, _)), (.dsaAPI, .local(let store, _)): try exportStatements(store, filter)
        case (.dsaSOR, .remote), (.dsaAPI, .remote):
            throw CaseStoreError.invalidValue(
                field: "--format", problem: "\(format.rawValue) is not available through a server yet: run it on the server's machine with --db")
        }
    }

    private func exportCases(_ format: InterchangeFormat, from cases: CaseTarget, _ filter: CaseFilter) throws {
        let output = BufferedOutput()
        // The file keeps every character as stored; a terminal shows controls and direction
        // overrides as visible escapes instead of obeying them.
        let toTerminal = isatty(STDOUT_FILENO) == 1
        try OptionValues.named(["limit": "--limit", "status": "--status"]) {
            try cases.export(format, filter: filter) { line in
                output.write(toTerminal ? TerminalText.sanitized(line, keepNewlines: true) : line)
            }
        }
        output.flush()
    }

    private func exportStatements(_ store: CaseStore, _ filter: CaseFilter) throws {
        // Without --skip-invalid nothing may reach stdout until every case has passed (a partial
        // submission file is worse than none), so statements wait in an unlinked temporary file.
        let spool = skipInvalid ? nil : try SpoolFile()
        let output = BufferedOutput(to: spool?.handle ?? .standardOutput)
        var writer = StatementWriter(format: format, columns: dsaLayout.columns, batchSize: batchSize, output: output)
        var skipped = 0
        try store.exportStatements(matching: filter, as: format == .dsaAPI ? .submission : .dump) { exported in
            guard let statement = exported.statement else {
                for problem in exported.problems { Console.error("case \(exported.caseID): \(problem)") }
                skipped += 1
                return
            }
            writer.write(statement)
        }
        writer.finish()
        output.flush()
        if let spool {
            guard skipped == 0 else {
                Console.message("nothing exported: \(Formatting.counted(skipped, "case")) cannot be statements of reasons; fix them, or use --skip-invalid")
                throw ExitCode(ExitCodes.invalidInput)
            }
            try spool.copy(to: .standardOutput)
        }
        let skippedNote = skipped > 0
            ? "; skipped \(Formatting.counted(skipped, "case")) that cannot be statements of reasons (listed above)" : ""
        Console.message("exported \(Formatting.counted(writer.written, "statement"))\(skippedNote)")
    }
}

/// Writes statements as dump CSV rows or as API request bodies of up to `batchSize` statements (the
/// encoding is the library's `DSAStatementWriter`; this keeps the batches and the output).
struct StatementWriter {
    let format: ExportCommand.Format
    let columns: [String]
    let batchSize: Int
    let output: BufferedOutput
    private(set) var written = 0
    private var batch: [StatementOfReasons] = []

    init(format: ExportCommand.Format, columns: [String], batchSize: Int, output: BufferedOutput) {
        self.format = format
        self.columns = columns
        self.batchSize = batchSize
        self.output = output
        if format == .dsaSOR { output.write(DSAStatementWriter.dumpHeader(columns: columns)) }
    }

    mutating func write(_ statement: StatementOfReasons) {
        written += 1
        if format == .dsaSOR {
            output.write(DSAStatementWriter.dumpLine(statement, columns: columns))
            return
        }
        batch.append(statement)
        if batch.count == batchSize { flushBatch() }
    }

    mutating func finish() {
        if !batch.isEmpty { flushBatch() }
    }

    private mutating func flushBatch() {
        output.write(DSAStatementWriter.apiBody(batch))
        batch.removeAll(keepingCapacity: true)
    }
}

/// Collects output and writes it in large chunks: one write per row would dominate an export.
// @unchecked Sendable: written by one thing at a time (the command, or the request it waits for).
final class BufferedOutput: @unchecked Sendable {
    private let handle: FileHandle
    private var buffer = Data()

    init(to handle: FileHandle = .standardOutput) {
        self.handle = handle
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// A write that fails (a closed pipe, a full disk) is one line and the storage exit code.
    func flush() {
        if let problem = buffer.withUnsafeBytes({ Console.writeAll($0, to: handle.fileDescriptor) }) {
            Console.error("cannot write the output: \(problem)")
            Foundation.exit(ExitCodes.storage)
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// A temporary file removed from its folder as soon as it is open, so nothing is left behind however
/// the process ends.
final class SpoolFile {
    let handle: FileHandle

    init() throws {
        handle = try PrivateFile.anonymousTemporary()
    }

    func copy(to destination: FileHandle) throws {
        try handle.seek(toOffset: 0)
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            destination.write(chunk)
        }
    }
}
