import Foundation

/// An open file read at explicit offsets (`pread`), shared by a zip archive and the streams of its
/// entries, each keeping its own position. Holding the descriptor rather than the path lets a spooled
/// archive be unlinked as soon as it is created: an interrupted import leaves no temporary file.
final class RandomAccessFile {
    let name: String
    private let descriptor: Int32

    init(path: String) throws {
        descriptor = try FileChunks.openForReading(path)
        name = path
    }

    /// Takes ownership of an open descriptor.
    init(adopting descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.name = name
    }

    deinit {
        close(descriptor)
    }

    var size: UInt64 {
        get throws {
            var status = stat()
            guard fstat(descriptor, &status) == 0 else {
                throw CaseStoreError.unreadableArchive(file: name, problem: "cannot read: \(String(cString: strerror(errno)))")
            }
            return UInt64(max(0, status.st_size))
        }
    }

    /// Up to `count` bytes from `offset`; fewer only at the end of the file.
    func read(at offset: UInt64, count: Int) throws -> [UInt8] {
        // An offset read from a damaged archive may be past anything a file can hold.
        guard let start = off_t(exactly: offset), start <= off_t.max - off_t(count) else {
            throw CaseStoreError.unreadableArchive(file: name, problem: "damaged (it points past the end of any file)")
        }
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress.map { $0 + filled }, count - filled, start + off_t(filled))
            }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else {
                throw CaseStoreError.unreadableArchive(file: name, problem: "cannot read: \(String(cString: strerror(errno)))")
            }
            if got == 0 { break }
            filled += got
        }
        bytes.removeSubrange(filled...)
        return bytes
    }
}

/// `length` bytes of a file from `offset` on, in chunks: the stored or deflated data of a zip entry.
final class RangeChunks: ByteChunks {
    private let file: RandomAccessFile
    private let name: String
    private var offset: UInt64
    private var remaining: UInt64

    init(_ file: RandomAccessFile, name: String, offset: UInt64, length: UInt64) {
        self.file = file
        self.name = name
        self.offset = offset
        remaining = length
    }

    func nextChunk() throws -> [UInt8]? {
        guard remaining > 0 else { return nil }
        let chunk = try file.read(at: offset, count: Int(min(UInt64(ByteSource.chunkSize), remaining)))
        guard !chunk.isEmpty else {
            throw CaseStoreError.unreadableArchive(
                file: name, problem: "ends \(remaining) bytes before its archive says (a download cut short?)")
        }
        offset += UInt64(chunk.count)
        remaining -= UInt64(chunk.count)
        return chunk
    }
}
