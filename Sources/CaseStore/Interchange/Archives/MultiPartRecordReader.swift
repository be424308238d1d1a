/// Reads every part of an import's inputs as one stream of records. Each CSV part has a header of its
/// own (the DSA dump repeats it in every part, and a 37-column day may sit beside a 38-column one):
/// the first is `declaredColumns()`, later ones are handed to the importer by `takeLaterHeaders()`.
public struct MultiPartRecordReader: ImportRecordReader {
    private let inputs: ImportInputs
    private let makeReader: (ByteSource) -> any ImportRecordReader
    private var current: (any ImportRecordReader)?
    private var currentSource: ByteSource?
    private var started = false
    private var laterHeaders: [PartHeader] = []

    public init(inputs: ImportInputs, makeReader: @escaping (ByteSource) -> any ImportRecordReader) {
        self.inputs = inputs
        self.makeReader = makeReader
    }

    public var fileName: String { currentSource?.name ?? inputs.paths.first ?? "-" }
    public var bytesRead: Int64 { inputs.bytesDone }
    public var headerLine: Int? { current?.headerLine }

    /// The first byte of the first part, for telling its format (nil when there is none).
    public mutating func firstByte() throws -> UInt8? {
        try startIfNeeded()
        return try currentSource?.peek()
    }

    public mutating func declaredColumns() throws -> [String]? {
        try startIfNeeded()
        return try current?.declaredColumns()
    }

    public mutating func next() throws -> ImportRecord? {
        try startIfNeeded()
        while current != nil {
            if let record = try current?.next() { return record }
            try openNextPart()
            if current != nil, let columns = try current?.declaredColumns() {
                laterHeaders.append(PartHeader(columns: columns, file: fileName, line: headerLine ?? 1))
            }
        }
        return nil
    }

    public mutating func takeLaterHeaders() -> [PartHeader] {
        defer { laterHeaders.removeAll() }
        return laterHeaders
    }

    private mutating func startIfNeeded() throws {
        guard !started else { return }
        started = true
        try openNextPart()
    }

    private mutating func openNextPart() throws {
        current = nil
        currentSource = try inputs.nextPart()
        current = currentSource.map(makeReader)
    }
}
