import CZlib

/// Inflates another source's chunks as they are read: the raw deflate data of a zip entry, or a
/// gzip file (several members one after another, as `cat a.gz b.gz` makes, read as one stream).
final class InflatingChunks: ByteChunks {
    enum Wrapping {
        case rawDeflate, gzip
    }

    private let source: ByteChunks
    private let wrapping: Wrapping
    private let name: String
    // zlib checks that a stream keeps its address between calls, so it lives outside Swift's storage.
    private let stream: UnsafeMutablePointer<z_stream>
    private var input: [UInt8] = []
    private var inputOffset = 0
    private var inputEnded = false
    private var finished = false

    init(_ source: ByteChunks, wrapping: Wrapping, name: String) throws {
        self.source = source
        self.wrapping = wrapping
        self.name = name
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = wrapping == .gzip ? czlib_inflate_init_gzip(stream) : czlib_inflate_init_raw(stream)
        guard status == Z_OK else {
            stream.deallocate()
            throw CaseStoreError.unreadableArchive(file: name, problem: "cannot start decompressing (zlib status \(status))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    func nextChunk() throws -> [UInt8]? {
        guard !finished else { return nil }
        var output = [UInt8](repeating: 0, count: ByteSource.chunkSize)
        var produced = 0
        while produced == 0 && !finished {
            if inputOffset == input.count && !inputEnded {
                if let chunk = try source.nextChunk() {
                    input = chunk
                    inputOffset = 0
                } else {
                    inputEnded = true
                }
            }
            let status = try inflateStep(into: &output, produced: &produced)
            switch status {
            case Z_STREAM_END:
                if try wrapping == .gzip && hasMoreInput() {
                    inflateReset(stream)  // the next gzip member
                } else {
                    finished = true
                }
            case Z_OK:
                break
            case Z_BUF_ERROR where inputEnded && inputOffset == input.count:
                throw CaseStoreError.unreadableArchive(
                    file: name, problem: "the compressed data ends early (a download cut short?)")
            case Z_BUF_ERROR:
                break
            default:
                let detail = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw CaseStoreError.unreadableArchive(file: name, problem: "the compressed data is damaged (\(detail))")
            }
        }
        guard produced > 0 else { return nil }
        output.removeSubrange(produced...)
        return output
    }

    /// One call to inflate from the current input into `output` after `produced` bytes.
    private func inflateStep(into output: inout [UInt8], produced: inout Int) throws -> Int32 {
        let stream = self.stream
        let offset = inputOffset
        let (status, consumed, written) = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                let available = inBuffer.count - offset
                stream.pointee.next_in = available > 0 ? inBuffer.baseAddress.map { $0 + offset } : nil
                stream.pointee.avail_in = UInt32(available)
                stream.pointee.next_out = outBuffer.baseAddress.map { $0 + produced }
                stream.pointee.avail_out = UInt32(outBuffer.count - produced)
                let status = inflate(stream, Z_NO_FLUSH)
                return (status, available - Int(stream.pointee.avail_in), outBuffer.count - produced - Int(stream.pointee.avail_out))
            }
        }
        inputOffset += consumed
        produced += written
        return status
    }

    /// Whether bytes follow the end of a gzip member (another member, which zlib must be reset for).
    private func hasMoreInput() throws -> Bool {
        if inputOffset < input.count { return true }
        guard !inputEnded, let chunk = try source.nextChunk() else {
            inputEnded = true
            return false
        }
        input = chunk
        inputOffset = 0
        return true
    }
}

/// Passes a zip entry's bytes through and, at their end, checks the CRC-32 and length its archive
/// recorded: a damaged part is refused instead of imported as rows that were never written.
final class ChecksummedChunks: ByteChunks {
    private let source: ByteChunks
    private let name: String
    private let expectedCRC: UInt32
    private let expectedSize: UInt64
    private var crc = crc32(0, nil, 0)
    private var size: UInt64 = 0

    init(_ source: ByteChunks, name: String, crc: UInt32, size: UInt64) {
        self.source = source
        self.name = name
        expectedCRC = crc
        expectedSize = size
    }

    func nextChunk() throws -> [UInt8]? {
        guard let chunk = try source.nextChunk() else {
            guard size == expectedSize else {
                throw CaseStoreError.unreadableArchive(
                    file: name, problem: "holds \(size) bytes where the archive recorded \(expectedSize): the archive is damaged")
            }
            guard UInt32(truncatingIfNeeded: crc) == expectedCRC else {
                throw CaseStoreError.unreadableArchive(
                    file: name, problem: "its bytes do not match the archive's CRC-32 checksum: the archive is damaged")
            }
            return nil
        }
        crc = chunk.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        size += UInt64(chunk.count)
        // At once, not at the end: an entry that inflates past its declared size (a zip bomb) is
        // stopped before it fills a disk or a temporary file.
        guard size <= expectedSize else {
            throw CaseStoreError.unreadableArchive(
                file: name, problem: "inflates past the \(expectedSize) bytes the archive recorded: the archive is damaged")
        }
        return chunk
    }
}
