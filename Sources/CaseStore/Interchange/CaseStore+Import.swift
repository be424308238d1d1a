import SQLiteDatabase
/// How `importCases` treats bad rows.
public struct ImportOptions: Sendable {
    /// Unknown columns are ignored instead of refused.
    public var ignoreUnknown = false
    /// Import the good rows and report the bad ones, instead of importing nothing.
    public var skipInvalid = false
    /// Validate everything, write nothing.
    public var dryRun = false
    /// Rows per transaction with `skipInvalid`; an interrupted import leaves whole batches only.
    public var batchSize = 1_000
    /// Errors collected before an all-or-nothing import stops.
    public var maxErrors = 20
    /// Rows after which an all-or-nothing import builds secondary indexes at the end (see `DeferredIndexes`).
    var indexDeferralMinimumRows = DeferredIndexes.minimumRows

    public init(ignoreUnknown: Bool = false, skipInvalid: Bool = false, dryRun: Bool = false, batchSize: Int = 1_000) {
        self.ignoreUnknown = ignoreUnknown
        self.skipInvalid = skipInvalid
        self.dryRun = dryRun
        self.batchSize = batchSize
    }
}

public struct ImportSummary: Sendable, Equatable {
    public var rows = 0
    /// Rows imported (with `dryRun`: that would be imported).
    public var imported = 0
    /// Rows whose case is already logged (same platform and external id).
    public var skipped = 0
    public var rejected = 0
    /// The first problems found, as `FILE:LINE: field: problem` errors.
    public var errors: [CaseStoreError] = []
    /// With `skipInvalid`, the error that stopped the import after whole batches were committed (a
    /// damaged file, a full disk): the counts above are what those batches hold, and stay imported.
    public var stoppedBy: CaseStoreError?

    public init(rows: Int = 0, imported: Int = 0, skipped: Int = 0, rejected: Int = 0, errors: [CaseStoreError] = []) {
        self.rows = rows
        self.imported = imported
        self.skipped = skipped
        self.rejected = rejected
        self.errors = errors
    }
}

extension CaseStore {
    /// Imports cases from `reader`, streaming. By default all or nothing: the first bad row stops the
    /// import (after collecting up to `maxErrors` problems) and nothing is written. With `skipInvalid`,
    /// good rows are committed in batches and each bad row goes to `rejected`.
    public func importCases(
        from reader: inout some ImportRecordReader, layout: some CaseFileLayout = CaseInterchangeLayout(),
        options: ImportOptions, actor: String,
        rejected: (ImportRecord, CaseStoreError) throws -> Void = { _, _ in },
        progress: (_ rows: Int, _ bytes: Int64) -> Void = { _, _ in }
    ) throws -> ImportSummary {
        let actor = try Self.validatedActor(actor)
        // All or nothing is one transaction without savepoints (see `importRow`).
        try prepareForBulkWrites(savepointPerRow: options.skipInvalid)
        var summary = ImportSummary()
        var checkedColumns = Set<String>()
        var finished = false
        let rowsPerTransaction = options.skipInvalid ? max(1, options.batchSize) : Int.max
        // A header is checked before any row, so that a file with no rows is still refused for its columns.
        let declared = try reader.declaredColumns()
        if let columns = declared {
            try checkColumns(
                columns, layout: layout, file: reader.fileName, line: reader.headerLine ?? 1, options: options,
                checked: &checkedColumns)
        }

        while !finished {
            let committed = summary
            do {
                try write {
                    try addMissingPolicies(layout.policies)
                    var rowsInBatch = 0
                    // One transaction for the whole file: once it outgrows what is stored, the
                    // secondary indexes are built after the load instead of row by row.
                    let existingCases = rowsPerTransaction == Int.max ? try storedCaseCount() : nil
                    var deferred: DeferredIndexes?
                    while rowsInBatch < rowsPerTransaction {
                        if deferred == nil, let existingCases,
                           DeferredIndexes.worthDeferring(
                               rows: rowsInBatch, existingCases: existingCases, minimumRows: options.indexDeferralMinimumRows) {
                            deferred = try DeferredIndexes(dropping: database)
                        }
                        let next = try reader.next()
                        // Each later part of a multi-part input is held to the layout as the first was.
                        for header in reader.takeLaterHeaders() {
                            var checked = Set<String>()
                            try checkColumns(
                                header.columns, layout: layout, file: header.file, line: header.line, options: options,
                                checked: &checked)
                        }
                        guard let record = next else {
                            finished = true
                            break
                        }
                        rowsInBatch += 1
                        summary.rows += 1
                        if declared == nil {
                            try checkColumns(
                                record.fields.map(\.name), layout: layout, file: reader.fileName, line: record.line,
                                options: options, checked: &checkedColumns)
                        }
                        do {
                            try importRow(
                                record, layout: layout, file: reader.fileName, actor: actor,
                                allOrNothing: !options.skipInvalid, summary: &summary)
                        } catch let error as CaseStoreError where error.category == .invalidInput || error.category == .workflowRefused {
                            summary.rejected += 1
                            if summary.errors.count < options.maxErrors { summary.errors.append(error) }
                            if options.skipInvalid {
                                try rejected(record, error)
                            } else if summary.errors.count >= options.maxErrors {
                                finished = true
                                break
                            }
                        }
                        if summary.rows % 1_000 == 0 { progress(summary.rows, reader.bytesRead) }
                    }
                    if options.dryRun || (!options.skipInvalid && !summary.errors.isEmpty) {
                        throw RollbackImport()
                    }
                    try deferred?.restore(in: database)
                }
            } catch is RollbackImport {
                if !options.skipInvalid { finished = true }
            } catch let error as CaseStoreError where options.skipInvalid && !options.dryRun && committed.rows > 0 {
                // Earlier batches are committed and stay: say what they hold, and what stopped the rest.
                var stopped = committed
                stopped.stoppedBy = error
                return stopped
            }
        }
        progress(summary.rows, reader.bytesRead)
        if !summary.errors.isEmpty && !options.skipInvalid {
            summary.imported = 0  // all or nothing: the rows before the error were rolled back too
        }
        return summary
    }

    private func storedCaseCount() throws -> Int {
        Int(try database.cachedStatement("SELECT count(*) FROM cases").queryFirst { try $0.int64(0) } ?? 0)
    }

    private func importRow(
        _ record: ImportRecord, layout: some CaseFileLayout, file: String, actor: String, allOrNothing: Bool,
        summary: inout ImportSummary
    ) throws {
        do {
            let planned = try layout.plan(record, file: file)
            if allOrNothing {
                // Any error rolls back the whole import, so rows need no savepoints of their own.
                try database.withoutNestedSavepoints { _ = try log(planned, actor: actor) }
            } else {
                try log(planned, actor: actor)
            }
            summary.imported += 1
        } catch CaseStoreError.alreadyLogged {
            summary.skipped += 1  // `log` checks before writing anything, so there is nothing to undo
        } catch let error as CaseStoreError {
            throw Self.located(error, layout: layout, file: file, line: record.line)
        }
    }

    /// Refuses unknown columns (unless told to ignore them) and missing required ones, once per name.
    func checkColumns(
        _ columns: [String], layout: some CaseFileLayout, file: String, line: Int, options: ImportOptions,
        checked: inout Set<String>
    ) throws {
        let names = Set(columns)
        if !options.ignoreUnknown {
            for name in names.subtracting(checked) where !layout.columns.contains(name) {
                throw CaseStoreError.unknownColumn(file: file, line: line, column: name, known: layout.columns)
            }
        }
        if checked.isEmpty {
            for column in layout.requiredColumns.sorted() where !names.contains(column) {
                throw CaseStoreError.invalidImport(file: file, line: line, field: column, problem: "required column is missing")
            }
        }
        checked.formUnion(names)
    }

    /// Gives a store error the file, line and column it came from.
    static func located(
        _ error: CaseStoreError, layout: some CaseFileLayout, file: String, line: Int
    ) -> CaseStoreError {
        switch error {
        case .invalidImport, .unknownColumn:
            return error
        case .invalidValue(let field, let problem):
            return .invalidImport(file: file, line: line, field: layout.column(forField: field), problem: problem)
        case .unknownPolicy:
            return .invalidImport(file: file, line: line, field: layout.column(forField: "policy"), problem: error.description)
        case .reasonRequired(_, let to):
            return .invalidImport(
                file: file, line: line, field: layout.column(forField: "reason"), problem: "required for status \(to.rawValue)")
        default:
            // Only a row's own problems are the row's: a database that will not store it (damaged,
            // altered, busy, full) stops the import, whatever --skip-invalid says.
            guard error.category == .invalidInput || error.category == .workflowRefused else { return error }
            return .invalidImport(file: file, line: line, field: nil, problem: error.description)
        }
    }
}

/// Thrown inside the import transaction to roll it back (dry run, or errors in all-or-nothing mode).
private struct RollbackImport: Error {}
