import Foundation

/// One row of an import file: its line and its fields by column name.
public struct ImportRecord: Sendable {
    public enum Value: Sendable, Equatable {
        case text(String)
        case list([String])
        case null
    }

    public let line: Int
    public let fields: [(name: String, value: Value)]

    public init(line: Int, fields: [(name: String, value: Value)]) {
        self.line = line
        self.fields = fields
    }
}

/// Something that yields import records one at a time.
public protocol ImportRecordReader {
    var fileName: String { get }
    var bytesRead: Int64 { get }
    /// The line naming the columns, if the format has one (a CSV header); column problems point there.
    var headerLine: Int? { get }
    /// The columns the file declares before its first record (a CSV header), read on first call; nil
    /// for formats that name fields in each record.
    mutating func declaredColumns() throws -> [String]?
    mutating func next() throws -> ImportRecord?
    /// The headers of parts begun since the last call, after the first part (whose header is
    /// `declaredColumns()`): a reader of several files or archive parts has one per part.
    mutating func takeLaterHeaders() -> [PartHeader]
}

extension ImportRecordReader {
    public mutating func takeLaterHeaders() -> [PartHeader] { [] }
}

/// A later part's header: its columns, and where it is.
public struct PartHeader: Sendable {
    public let columns: [String]
    public let file: String
    public let line: Int
}

/// CSV with a header row: each later row becomes a record keyed by the header's names.
public struct CSVRecordReader: ImportRecordReader {
    private var reader: CSVReader
    private let source: ByteSource
    private var header: [String]?

    public init(source: ByteSource) {
        self.source = source
        reader = CSVReader(source: source)
    }

    public var fileName: String { source.name }
    public var bytesRead: Int64 { source.bytesRead }
    public var headerLine: Int? { headerLineNumber }
    private var headerLineNumber: Int?

    public mutating func declaredColumns() throws -> [String]? {
        try readHeader()
        return header
    }

    public mutating func next() throws -> ImportRecord? {
        try readHeader()
        guard let row = try reader.next(), let header else { return nil }
        guard row.fields.count == header.count else {
            throw CaseStoreError.invalidImport(
                file: source.name, line: row.line, field: nil,
                problem: "\(row.fields.count) fields where the header has \(header.count)")
        }
        return ImportRecord(line: row.line, fields: zip(header, row.fields).map { ($0, $1.isEmpty ? .null : .text(CSVText.unguarded($1))) })
    }

    private mutating func readHeader() throws {
        if header == nil {
            guard let first = try reader.next() else {
                throw CaseStoreError.invalidImport(file: source.name, line: 1, field: nil, problem: "the file is empty: a header row is required")
            }
            let names = first.fields.map { $0.trimmedWhitespace.lowercased() }
            var seen = Set<String>()
            for name in names where !seen.insert(name).inserted {
                throw CaseStoreError.invalidImport(
                    file: source.name, line: first.line, field: name, problem: "appears twice in the header; give each column once")
            }
            header = names
            headerLineNumber = first.line
        }
    }
}

/// JSON Lines: one JSON object per line; strings, numbers, null and arrays of strings.
public struct JSONLinesRecordReader: ImportRecordReader {
    private let source: ByteSource
    private var line = 0

    public init(source: ByteSource) {
        self.source = source
    }

    public var fileName: String { source.name }
    public var bytesRead: Int64 { source.bytesRead }
    public var headerLine: Int? { nil }
    public func declaredColumns() -> [String]? { nil }

    public mutating func next() throws -> ImportRecord? {
        while true {
            var bytes: [UInt8] = []
            var sawByte = false
            while let byte = try source.next() {
                sawByte = true
                if byte == 0x0A { break }
                // Refused before it is buffered: a file without line breaks must not exhaust memory.
                // A CR before the LF is the line's end, not its content: it is not counted.
                guard bytes.count < FieldRules.maxRecordBytes || (bytes.count == FieldRules.maxRecordBytes && byte == 0x0D) else {
                    throw CaseStoreError.invalidImport(
                        file: source.name, line: line + 1, field: nil, problem: "record longer than \(FieldRules.maxRecordBytes) bytes")
                }
                bytes.append(byte)
            }
            guard sawByte else { return nil }
            line += 1
            if bytes.starts(with: ByteOrderMark.utf8) {
                guard line == 1 else { throw ByteOrderMark.misplaced(file: source.name, line: line) }
                bytes.removeFirst(3)
            }
            if bytes.last == 0x0D { bytes.removeLast() }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            do {
                return ImportRecord(line: line, fields: try JSONLineParser.fields(of: bytes))
            } catch {
                throw CaseStoreError.invalidImport(file: source.name, line: line, field: error.field, problem: error.problem)
            }
        }
    }
}

/// U+FEFF encoded as UTF-8: allowed at the start of a file, where editors put it, and nowhere else.
enum ByteOrderMark {
    static let utf8: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// One inside a file is usually the seam of files joined together; kept, it would hide inside the
    /// first field (an external id that then matches nothing).
    static func misplaced(file: String, line: Int) -> CaseStoreError {
        .invalidImport(
            file: file, line: line, field: nil,
            problem: "a byte-order mark (U+FEFF) starts this line; only a file's first line may have one (were files joined?)")
    }
}
