/// How the rows of an import file become cases: which columns it has and what each row means.
public protocol CaseFileLayout: Sendable {
    /// Every column the layout reads; others are refused unless ignored.
    var columns: [String] { get }
    var requiredColumns: Set<String> { get }
    /// Policies that must exist before rows are logged (created in the import's transaction).
    var policies: [PolicyDefinition] { get }
    /// The file's column for a store field named in an error (`opened_at`, `rationale`, …).
    func column(forField field: String) -> String
    /// The case a row describes and the workflow steps that bring it to its state.
    func plan(_ record: ImportRecord, file: String) throws -> PlannedCase
}

/// casetool's own columns, as `export` writes them.
public struct CaseInterchangeLayout: CaseFileLayout {
    public init() {}
    public var columns: [String] { CaseInterchange.columns + CaseInterchange.legacyColumns }
    public var requiredColumns: Set<String> { CaseInterchange.requiredColumns }
    public var policies: [PolicyDefinition] { [] }

    public func column(forField field: String) -> String {
        CaseInterchange.columnForField[field] ?? field
    }

    public func plan(_ record: ImportRecord, file: String) throws -> PlannedCase {
        try CaseInterchange.plan(record, file: file)
    }
}
