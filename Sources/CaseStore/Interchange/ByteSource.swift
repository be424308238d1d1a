import Foundation

/// Where a `ByteSource`'s bytes come from, a chunk at a time: a file, a range of one (a zip entry), or
/// what an inflater makes of another source.
protocol ByteChunks: AnyObject {
    /// The next chunk, never empty, or nil at the end.
    func nextChunk() throws -> [UInt8]?
}

/// Reads a file, standard input, or a compressed stream in fixed-size chunks, so input of any size
/// uses constant memory.
public final class ByteSource {
    private let chunks: ByteChunks
    private var buffer: [UInt8] = []
    private var position = 0
    private var finished = false
    /// How errors name the input: a path, "stdin", or "day.zip › part.csv" for a part of an archive.
    public let name: String
    /// Bytes handed out so far (for progress).
    public private(set) var bytesRead: Int64 = 0
    static let chunkSize = 256 * 1024

    public convenience init(path: String) throws {
        if path == "-" {
            self.init(name: "stdin", chunks: FileChunks(handle: .standardInput, name: "stdin", closes: false))
        } else {
            self.init(name: path, chunks: try FileChunks(path: path))
        }
    }

    init(name: String, chunks: ByteChunks) {
        self.name = name
        self.chunks = chunks
    }

    /// The next byte, or nil at the end of the input.
    @inline(__always)
    func next() throws -> UInt8? {
        if position == buffer.count {
            guard try refill() else { return nil }
        }
        let byte = buffer[position]
        position += 1
        bytesRead += 1
        return byte
    }

    /// Looks at the next byte without consuming it.
    public func peek() throws -> UInt8? {
        if position == buffer.count {
            guard try refill() else { return nil }
        }
        return buffer[position]
    }

    private func refill() throws -> Bool {
        guard !finished else { return false }
        guard let chunk = try chunks.nextChunk() else {
            finished = true
            return false
        }
        buffer = chunk
        position = 0
        return true
    }
}

/// A file (or a byte range of one) read in chunks.
final class FileChunks: ByteChunks {
    private let handle: FileHandle
    private let closes: Bool
    private let name: String
    /// Bytes still to read when only a range is read; nil reads to the end.
    private var remaining: UInt64?
    /// Bytes read from the file so far (a compressed file's progress).
    private(set) var consumed: Int64 = 0

    init(handle: FileHandle, name: String, closes: Bool) {
        self.handle = handle
        self.name = name
        self.closes = closes
    }

    convenience init(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CaseStoreError.fileNotFound(path: path)
        }
        guard !isDirectory.boolValue else {
            throw CaseStoreError.invalidValue(field: "file", problem: "\(path) is a folder, not a file")
        }
        guard let opened = FileHandle(forReadingAtPath: path) else {
            throw CaseStoreError.cannotOpen(path: path, problem: "permission denied")
        }
        self.init(handle: opened, name: path, closes: true)
    }

    /// Reads `length` bytes of `path` from `offset` on (a zip entry's data, named `name` in errors).
    convenience init(path: String, name: String, offset: UInt64, length: UInt64) throws {
        guard let opened = FileHandle(forReadingAtPath: path) else {
            throw CaseStoreError.cannotOpen(path: name, problem: "permission denied")
        }
        self.init(handle: opened, name: name, closes: true)
        do {
            try handle.seek(toOffset: offset)
        } catch {
            throw CaseStoreError.unreadableArchive(file: name, problem: "cannot seek to byte \(offset): \(error.localizedDescription)")
        }
        remaining = length
    }

    deinit {
        if closes { try? handle.close() }
    }

    func nextChunk() throws -> [UInt8]? {
        var count = ByteSource.chunkSize
        if let remaining {
            guard remaining > 0 else { return nil }
            count = Int(min(UInt64(count), remaining))
        }
        let data: Data?
        do {
            data = try handle.read(upToCount: count)
        } catch {
            throw CaseStoreError.invalidValue(field: "file", problem: "cannot read \(name): \(error.localizedDescription)")
        }
        guard let data, !data.isEmpty else {
            if let remaining, remaining > 0 {
                throw CaseStoreError.unreadableArchive(file: name, problem: "ends \(remaining) bytes early (a download cut short?)")
            }
            return nil
        }
        if let remaining { self.remaining = remaining - UInt64(data.count) }
        consumed += Int64(data.count)
        return Array(data)
    }
}
