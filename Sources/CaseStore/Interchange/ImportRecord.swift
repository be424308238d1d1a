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
    mutating func next() throws -> ImportRecord?
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

    public mutating func next() throws -> ImportRecord? {
        if header == nil {
            guard let first = try reader.next() else {
                throw CaseStoreError.invalidImport(file: source.name, line: 1, field: nil, problem: "the file is empty: a header row is required")
            }
            header = first.fields.map { $0.trimmedWhitespace.lowercased() }
            headerLineNumber = first.line
        }
        guard let row = try reader.next(), let header else { return nil }
        guard row.fields.count == header.count else {
            throw CaseStoreError.invalidImport(
                file: source.name, line: row.line, field: nil,
                problem: "\(row.fields.count) fields where the header has \(header.count)")
        }
        return ImportRecord(line: row.line, fields: zip(header, row.fields).map { ($0, $1.isEmpty ? .null : .text($1)) })
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

    public mutating func next() throws -> ImportRecord? {
        while true {
            var bytes: [UInt8] = []
            var sawByte = false
            while let byte = try source.next() {
                sawByte = true
                if byte == 0x0A { break }
                bytes.append(byte)
            }
            guard sawByte else { return nil }
            line += 1
            if line == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            if bytes.last == 0x0D { bytes.removeLast() }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            return try record(from: bytes)
        }
    }

    private func record(from bytes: [UInt8]) throws -> ImportRecord {
        func fail(_ field: String?, _ problem: String) -> CaseStoreError {
            .invalidImport(file: source.name, line: line, field: field, problem: problem)
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            throw fail(nil, "not valid JSON")
        }
        guard let dictionary = object as? [String: Any] else { throw fail(nil, "each line must be a JSON object") }
        var fields: [(name: String, value: ImportRecord.Value)] = []
        for (key, raw) in dictionary.sorted(by: { $0.key < $1.key }) {
            let name = key.lowercased()
            switch raw {
            case is NSNull:
                fields.append((name, .null))
            case let text as String:
                fields.append((name, .text(text)))
            case let number as NSNumber where String(cString: number.objCType) != "c":  // "c": a JSON true/false
                guard let integer = Int64(exactly: number.doubleValue), number.stringValue == String(integer) else {
                    throw fail(name, "\(number) is not a whole number")
                }
                fields.append((name, .text(String(integer))))
            case let array as [Any]:
                guard let strings = array as? [String] else { throw fail(name, "must be an array of strings") }
                fields.append((name, .list(strings)))
            default:
                throw fail(name, "must be text, a whole number, null or a list of text, not \(raw is NSNumber ? "true/false" : "an object")")
            }
        }
        return ImportRecord(line: line, fields: fields)
    }
}
