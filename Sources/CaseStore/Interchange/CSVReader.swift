/// A streaming RFC 4180 reader: quoted fields, embedded line breaks, doubled quotes, CRLF or LF
/// line ends, an optional UTF-8 byte-order mark. Malformed input is an error naming the line.
public struct CSVReader {
    private let source: ByteSource
    private var line = 1
    private var started = false

    public init(source: ByteSource) {
        self.source = source
    }

    /// The next record and the line it starts on; nil at the end. Blank lines are skipped.
    public mutating func next() throws -> (line: Int, fields: [String])? {
        if !started {
            started = true
            try skipByteOrderMark()
        }
        while true {
            guard try source.peek() != nil else { return nil }
            let startLine = line
            let fields = try readRecord(startLine: startLine)
            if fields.first?.unicodeScalars.first == "\u{FEFF}" {
                throw ByteOrderMark.misplaced(file: source.name, line: startLine)
            }
            if fields.count == 1 && fields[0].isEmpty { continue }
            return (startLine, fields)
        }
    }

    private mutating func skipByteOrderMark() throws {
        guard try source.peek() == 0xEF else { return }
        for expected in ByteOrderMark.utf8 {
            guard try source.next() == expected else {
                throw error("the file starts with bytes that are not UTF-8", at: 1)
            }
        }
    }

    private mutating func readRecord(startLine: Int) throws -> [String] {
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var fieldStart = true
        var afterClosingQuote = false
        var recordBytes = 0
        func finishField() throws {
            guard let text = String(validating: field, as: UTF8.self) else {
                throw error("field \(fields.count + 1) is not valid UTF-8", at: line)
            }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
            fieldStart = true
            afterClosingQuote = false
        }
        while let byte = try source.next() {
            // Counted before anything is kept: a file without line breaks must not exhaust memory.
            recordBytes += 1
            if recordBytes > FieldRules.maxRecordBytes {
                throw CaseStoreError.invalidImport(
                    file: source.name, line: startLine, field: nil, problem: "record longer than \(FieldRules.maxRecordBytes) bytes")
            }
            if quoted {
                if byte == 0x22 {  // "
                    if try source.peek() == 0x22 {
                        _ = try source.next()
                        field.append(0x22)
                    } else {
                        quoted = false
                        afterClosingQuote = true
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case 0x2C:  // ,
                try finishField()
            case 0x0D, 0x0A:  // CR, LF
                if byte == 0x0D, try source.peek() == 0x0A { _ = try source.next() }
                line += 1
                try finishField()
                return fields
            case 0x22 where fieldStart:
                quoted = true
                fieldStart = false
            case 0x22:
                throw error("a quote inside an unquoted field (quote the whole field and double the quote)", at: line)
            default:
                if afterClosingQuote {
                    throw error("text after the closing quote of field \(fields.count + 1)", at: line)
                }
                fieldStart = false
                field.append(byte)
            }
        }
        if quoted {
            throw error("a quoted field opened on line \(startLine) is never closed", at: startLine)
        }
        try finishField()
        return fields
    }

    private func error(_ problem: String, at line: Int) -> CaseStoreError {
        .invalidImport(file: source.name, line: line, field: nil, problem: "malformed CSV: " + problem)
    }
}
