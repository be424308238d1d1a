extension CaseStore {
    /// Logs one case given as one JSON object in casetool's interchange columns (a line of
    /// `export --format jsonl`), checked as `import` checks a row; errors are located in `name`
    /// (e.g. "request body:1: policy: …"). Returns the new case's id.
    public func logCase(json bytes: [UInt8], name: String, actor: String) throws -> Int64 {
        // Outside strings JSON allows line breaks only as whitespace (inside them they must be
        // escaped), so a pretty-printed object is the same object on one line.
        let oneLine = bytes.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 }
        var reader = JSONLinesRecordReader(source: ByteSource(bytes: oneLine, name: name))
        guard let record = try reader.next() else {
            throw CaseStoreError.invalidImport(file: name, line: 1, field: nil, problem: "no case: expected one JSON object")
        }
        // One case logged this way starts open (a line of an export may say so, or say nothing):
        // moves are transitions, which check roles, claims and four eyes; replaying a history is `import`'s.
        for column in CaseInterchange.workflowColumns {
            guard let value = record.fields.first(where: { $0.name == column })?.value, value != .null,
                  !(column == "status" && value == .text(CaseStatus.open.rawValue)) else { continue }
            throw CaseStoreError.invalidImport(
                file: name, line: 1, field: column,
                problem: "a case logged on its own starts open; move it afterwards with transitions")
        }
        let layout = CaseInterchangeLayout()
        var checked = Set<String>()
        try checkColumns(record.fields.map(\.name), layout: layout, file: name, line: 1, options: ImportOptions(), checked: &checked)
        do {
            return try log(try layout.plan(record, file: name), actor: actor)
        } catch let error as CaseStoreError where Self.passesUnlocated(error) {
            throw error
        } catch let error as CaseStoreError {
            throw Self.located(error, layout: layout, file: name, line: 1)
        }
    }

    /// Errors whose own values are what a client acts on (a policy's suggestions, the duplicate's
    /// key): a located copy would keep only their wording.
    private static func passesUnlocated(_ error: CaseStoreError) -> Bool {
        switch error {
        case .unknownPolicy, .alreadyLogged: true
        default: false
        }
    }
}
