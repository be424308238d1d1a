import ArgumentParser
import CaseStore
import Foundation

/// `--db PATH`, shared by every command that opens a database.
struct DatabaseOptions: ParsableArguments {
    static let environmentVariable = "CASETOOL_DB"
    static let defaultPath = "cases.db"

    @Option(name: .long, help: ArgumentHelp(
        "The database file. Default: $\(environmentVariable), else ./\(defaultPath).", valueName: "path"),
        completion: Completions.databaseFile)
    var db: String?

    var path: String { Self.resolvedPath(db) }

    /// `--db` when given, else $CASETOOL_DB when set, else ./cases.db.
    static func resolvedPath(_ db: String?) -> String {
        db ?? ProcessInfo.processInfo.environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 } ?? defaultPath
    }

    func openStore(access: CaseStore.Access = .existing) throws -> CaseStore {
        try CaseStore.open(path: path, access: access)
    }
}

/// `--actor NAME`, for commands that write: who is making the change.
struct ActorOptions: ParsableArguments {
    static let environmentVariable = "CASETOOL_ACTOR"

    @Option(name: .long, help: ArgumentHelp(
        "Who is making the change, as recorded in the history. Default: $\(environmentVariable), else your login name.",
        valueName: "name"))
    var actor: String?

    var name: String {
        actor ?? Self.defaultName
    }

    /// $CASETOOL_ACTOR, else the login name.
    static var defaultName: String {
        let environment = ProcessInfo.processInfo.environment
        if let name = environment[Self.environmentVariable], !name.isEmpty { return name }
        if let login = getlogin() { return String(cString: login) }
        for variable in ["USER", "LOGNAME"] {
            if let name = environment[variable], !name.isEmpty { return name }
        }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "unknown"
    }
}

/// `--format`, for commands that print listings or reports.
struct FormatOptions: ParsableArguments {
    @Option(name: .long, help: "Output format.")
    var format: OutputFormat = .table

    @OptionGroup var spreadsheet: SpreadsheetOptions
    @OptionGroup var width: WidthOptions

    func render(_ table: Tabular) -> String {
        Renderers.render(table, as: format, spreadsheetSafe: spreadsheet.safe, width: width.tableWidth)
    }

    /// Prints a listing. An empty one is a sentence on stderr for people, not a header without rows;
    /// JSON and CSV still get their empty document, which programs expect.
    func output(_ table: Tabular, whenEmpty message: String) {
        if table.rows.isEmpty && !format.isMachineReadable {
            Console.message(message)
        } else {
            Console.output(render(table))
        }
    }
}

/// `--[no-]spreadsheet-safe`, for commands whose CSV people open in spreadsheets.
struct SpreadsheetOptions: ParsableArguments {
    @Flag(name: .customLong("spreadsheet-safe"), inversion: .prefixedNo, help: ArgumentHelp(
        "With --format csv: cells a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) get a leading ', "
            + "and control characters are shown visibly (the default). --no-spreadsheet-safe writes stored text exactly; "
            + "'casetool export' always does."))
    var safe = true
}

/// Parsers for option values, reporting problems the way CaseStore names fields.
enum OptionValues {
    static func time(_ text: String?, option: String) throws -> Timestamp? {
        try text.map { try Timestamp(parsing: $0, field: option) }
    }

    /// Runs a store parser, naming `option` instead of the store's field in what it refuses.
    static func named<T>(_ option: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let CaseStoreError.invalidValue(_, problem) {
            throw CaseStoreError.invalidValue(field: option, problem: problem)
        }
    }

    /// Runs a store operation, naming the option where it refuses one of the store's fields.
    static func named<T>(_ options: [String: String], _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as CaseStoreError {
            // Every refusal of one value (a repeated external id too), but not a file's row: that
            // names its file, line and column.
            if case .invalidImport = error { throw error }
            guard let refused = error.refusedValue else { throw error }
            throw CaseStoreError.invalidValue(field: options[refused.field] ?? refused.field, problem: refused.problem)
        }
    }

    static func rangeEnd(_ text: String?, option: String) throws -> Timestamp? {
        try text.map { try Timestamp.rangeEnd(parsing: $0, field: option) }
    }

    static func caseID(_ text: String) throws -> Int64 {
        guard let id = Int64(text), id > 0 else {
            throw CaseStoreError.invalidValue(field: "case id", problem: "'\(text)' is not a case id (a whole number, 1 or more)")
        }
        return id
    }
}

extension CaseStatus: ExpressibleByArgument {}
extension EnforcementAction: ExpressibleByArgument {}
extension DecisionKind: ExpressibleByArgument {}
extension DetectionSource: ExpressibleByArgument {}
extension AccountType: ExpressibleByArgument {}
extension Role: ExpressibleByArgument {}
extension AutomatedDecision: ExpressibleByArgument {}
extension ReportDimension: ExpressibleByArgument {}
