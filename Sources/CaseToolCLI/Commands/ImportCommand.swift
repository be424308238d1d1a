import ArgumentParser
import CaseStore
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import cases from CSV or JSON Lines, streaming.",
        usage: """
            casetool import <file>... [--format csv|jsonl|dsa-sor] [--dry-run]
                   [--skip-invalid --rejects <path>] [<options>]
            """,
        discussion: """
            Columns (CSV header names, or JSON keys): \(CaseInterchange.columns.joined(separator: ", ")). \
            Required: \(CaseInterchange.requiredColumns.sorted().joined(separator: ", ")). This is what \
            'casetool export' writes. A row carries a case's current state: import logs the case and the \
            workflow steps that reach its status, attributed to --actor. Rows whose platform and external_id \
            are already logged are skipped, so importing a file twice adds nothing (rows without an \
            external_id cannot be recognised and are imported each time). A CSV value starting with ' \
            followed by =, +, -, @, a tab, a carriage return or another ' loses that first ', as export \
            writes it to keep spreadsheets from running formulas.

            Several files are read as one import, in the order given. A .gz file is read compressed, \
            and a .zip archive entry by entry, zips inside it too (the DSA Transparency Database ships \
            a day as a zip of zipped CSV parts), without unpacking them to disk; entries that are not \
            .csv, .jsonl or .ndjson are skipped and named.

            By default all or nothing: any bad row stops the import with up to 20 errors as \
            FILE:LINE: field: problem, and nothing is written. --skip-invalid imports the good rows in \
            batches and writes the bad ones, each with its error, to --rejects.

            --format dsa-sor reads the DSA Transparency Database's daily dump CSV (37 or 38 columns, by \
            header). Each statement of reasons becomes an actioned case under the dsa-… policy of its \
            category (retired category keys map to current ones), keyed by platform_name and platform_uid, \
            and the whole statement is kept in the case's audited history for 'export --format dsa-sor'. \
            Statements name no account: each platform gets one account per account_type \
            (dsa-sor:business, dsa-sor:private, dsa-sor:unspecified). The action is the most severe \
            decision: account or service termination → disable_account; suspension → suspend (with its \
            end date; without one, disable_account); removed or disabled content → remove_content; other \
            visibility or service restrictions, and monetary ones alone → restrict_visibility; labels → \
            label. Sources: SOURCE_ARTICLE_16 → user_report, SOURCE_TRUSTED_FLAGGER → trusted_flagger, \
            SOURCE_TYPE_OTHER_NOTIFICATION → legal_order, SOURCE_VOLUNTARY → automated when \
            automated_detection is Yes, else proactive_human.

            Examples:
              casetool import cases.csv
              casetool import cases.jsonl --format jsonl --dry-run
              casetool import big.csv --skip-invalid --rejects bad.csv
              casetool import --format dsa-sor sor-global-2024-03-14-full-00000-00000.csv
              casetool import --format dsa-sor sor-global-2024-03-1*-full.zip \\
                  --skip-invalid --rejects dsa-rejects.csv
              cat cases.csv | casetool import - --db other.db
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, jsonl
        case dsaSOR = "dsa-sor"
    }

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actor: ActorOptions

    @Argument(help: ArgumentHelp(
        "The files to read (.gz and .zip too), or - for standard input (once).", valueName: "file"),
        completion: .file())
    var files: [String] = []
    @Option(help: "Input format (default: from the files' extensions; csv for standard input).") var format: Format?
    @Flag(help: "Ignore columns casetool does not know instead of refusing the file.") var ignoreUnknown = false
    @Flag(help: "Import the good rows and reject the bad ones (needs --rejects).") var skipInvalid = false
    @Option(help: ArgumentHelp("Where --skip-invalid writes rejected rows with their errors.", valueName: "path"))
    var rejects: String?
    @Flag(help: "Replace an existing --rejects file.") var force = false
    @Flag(help: "Validate only; write nothing.") var dryRun = false
    @Option(help: "Rows per transaction with --skip-invalid.") var batchSize = 1_000

    func validate() throws {
        if files.isEmpty { throw ValidationError("name a file to import, or - for standard input") }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read once only") }
        if skipInvalid && rejects == nil { throw ValidationError("--skip-invalid needs --rejects PATH") }
        if !skipInvalid && rejects != nil { throw ValidationError("--rejects goes with --skip-invalid") }
        if batchSize < 1 { throw ValidationError("--batch-size must be 1 or more") }
    }

    func run() throws {
        let started = Date()
        let inputs = ImportInputs(paths: files)
        let resolved = try format ?? Self.inferredFormat(of: files)
        var reader = MultiPartRecordReader(inputs: inputs) { source -> any ImportRecordReader in
            resolved == .jsonl ? JSONLinesRecordReader(source: source) : CSVRecordReader(source: source)
        }
        // Compressed bytes where text was expected (gzip on standard input, or under a .csv name):
        // no text format starts with 0x1F, so say what it is rather than "malformed CSV".
        if try reader.firstByte() == 0x1F {
            Console.error("\(reader.fileName): the input is gzip-compressed; give it as a file whose name ends in .gz, "
                + "or pipe it through gunzip")
            throw ExitCode(ExitCodes.invalidInput)
        }
        // Without --format, the first part's start is looked at before anything is opened for writing.
        if format == nil, resolved == .csv {
            let hint = try Self.formatHint(file: reader.fileName, firstByte: reader.firstByte(), header: nil)
                ?? Self.formatHint(file: reader.fileName, firstByte: nil, header: reader.declaredColumns())
            if let hint {
                Console.error(hint)
                throw ExitCode(ExitCodes.invalidInput)
            }
        }
        // An import fills a new database as well as an existing one (a dry run creates nothing).
        let store = try database.openStore(access: dryRun ? .existing : .createIfMissing)
        // Cases name policies; DSA statements bring their own (the dsa-… categories).
        if resolved != .dsaSOR, try store.policies().isEmpty {
            Console.error("\(database.path) has no policies yet, so no case can be imported: "
                + "'casetool seed --db \(database.path)' loads the catalog ('casetool policies add' adds one)")
            throw ExitCode(ExitCodes.invalidInput)
        }
        let inputFiles = files.map { $0 == "-" ? ProtectedFile(descriptor: STDIN_FILENO, role: .input) : ProtectedFile($0, role: .input) }
        let protected = [ProtectedFile(store.database.path, role: .database)] + inputFiles
        let rejectsWriter = try rejects.map {
            try RejectsWriter(output: OutputFile(path: $0, protecting: protected, replacing: force), format: resolved)
        }
        let progress = ProgressLine(unit: "rows")
        let totalBytes = inputs.totalBytes
        let options = ImportOptions(ignoreUnknown: ignoreUnknown, skipInvalid: skipInvalid, dryRun: dryRun, batchSize: batchSize)
        let layout: any CaseFileLayout = resolved == .dsaSOR ? DSAStatementLayout() : CaseInterchangeLayout()
        let summary = try store.importCases(
            from: &reader, layout: layout, options: options, actor: actor.name,
            rejected: { try rejectsWriter?.write($0, $1) },
            progress: { rows, bytes in
                progress.update(
                    done: rows, fraction: totalBytes.flatMap { $0 > 0 ? Double(bytes) / Double($0) : nil },
                    detail: inputs.partCount > 1 ? "part \(inputs.partCount)" : nil)
            })
        progress.finish()
        try rejectsWriter?.commit()
        if !inputs.skippedEntries.isEmpty {
            Console.message("skipped \(Formatting.counted(inputs.skippedEntries.count, "archive entry", plural: "archive entries")) "
                + "that \(inputs.skippedEntries.count == 1 ? "is" : "are") not .csv, .jsonl or .ndjson: "
                + Formatting.abbreviatedList(inputs.skippedEntries, limit: 3))
        }
        let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
        if !skipInvalid && !summary.errors.isEmpty {
            for error in summary.errors { Console.error(error.description) }
            let bad = summary.rejected >= 20 ? "\(Formatting.counted(summary.rejected, "bad row")) or more" : Formatting.counted(summary.rejected, "bad row")
            Console.message("nothing imported: \(bad); fix \(summary.rejected == 1 ? "it" : "them"), or use --skip-invalid --rejects PATH")
            throw ExitCode(ExitCodes.invalidInput)
        }
        if let stop = summary.stoppedBy {
            Console.message("stopped after importing \(summary.imported) (skipped \(summary.skipped) already present, "
                + "rejected \(summary.rejected)), committed in batches before this error; fix it and run the import "
                + "again: rows already in are skipped")
            throw stop
        }
        let verb = dryRun ? "dry run, no cases written: would import" : "imported"
        let parts = inputs.partCount > 1 ? ", \(inputs.partCount) parts" : ""
        Console.message("\(verb) \(summary.imported), skipped \(summary.skipped) already present, rejected \(summary.rejected) (\(Formatting.counted(summary.rows, "row"))\(parts), \(seconds) s)")
    }

    /// The format the files' names tell (`.jsonl`, `.ndjson`, under any `.gz`/`.zip`), CSV otherwise.
    static func inferredFormat(of files: [String]) throws -> Format {
        let formats = files.map { file -> Format in
            let name = ImportInputs.dataName(of: file).lowercased()
            return name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") ? .jsonl : .csv
        }
        guard let first = formats.first, formats.allSatisfy({ $0 == first }) else {
            throw ValidationError("the files' names tell different formats (CSV and JSON Lines); import them separately, or give --format")
        }
        return first
    }
}

extension ImportCommand {
    /// When no --format was given and the input's start shows another format than the one its name
    /// suggests, the one line that says which --format to add. It looks at what the import reads
    /// anyway (the first byte, the CSV header), so a pipe or standard input loses nothing.
    static func formatHint(file: String, firstByte: UInt8?, header: [String]?) -> String? {
        if firstByte == UInt8(ascii: "{") {
            return "\(file): the file is JSON Lines (it starts with '{'); add --format jsonl"
        }
        if let header, Set(header).isSuperset(of: ["uuid", "platform_uid", "decision_visibility"]) {
            return "\(file): this is a DSA Transparency Database dump (its header has uuid, platform_uid, "
                + "decision_visibility…); add --format dsa-sor"
        }
        return nil
    }
}

/// Writes rejected rows in the input's own format, each with an `error` field. The file appears when
/// the import ends (a run that is killed leaves none; running it again rejects the same rows).
final class RejectsWriter {
    private let output: OutputFile
    private var writer: RejectedRecordWriter

    init(output: OutputFile, format: ImportCommand.Format) {
        self.output = output
        writer = RejectedRecordWriter(format: format == .jsonl ? .jsonLines : .csv)
    }

    func write(_ record: ImportRecord, _ error: CaseStoreError) throws {
        try output.write(writer.text(for: record, error: error))
    }

    func commit() throws {
        try output.commit()
    }
}
