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

    /// Bytes already in memory (a request body), named as errors should name them.
    public convenience init(bytes: [UInt8], name: String) {
        self.init(name: name, chunks: MemoryChunks(bytes))
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

/// Bytes held in memory, handed out as one chunk.
final class MemoryChunks: ByteChunks {
    private var bytes: [UInt8]?

    init(_ bytes: [UInt8]) {
        self.bytes = bytes.isEmpty ? nil : bytes
    }

    func nextChunk() throws -> [UInt8]? {
        defer { bytes = nil }
        return bytes
    }
}

/// A file read from start to end in chunks (a FIFO or standard input too).
final class FileChunks: ByteChunks {
    private let handle: FileHandle
    private let closes: Bool
    private let name: String
    /// Bytes read from the file so far (a compressed file's progress).
    private(set) var consumed: Int64 = 0

    init(handle: FileHandle, name: String, closes: Bool) {
        self.handle = handle
        self.name = name
        self.closes = closes
    }

    convenience init(path: String) throws {
        self.init(handle: FileHandle(fileDescriptor: try Self.openForReading(path), closeOnDealloc: false), name: path, closes: true)
    }

    /// Opens `path` for reading, or says in the user's terms why it cannot be: missing, a folder, or
    /// not readable. Shared by every input casetool reads, so all of them fail alike.
    static func openForReading(_ path: String) throws -> Int32 {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CaseStoreError.fileNotFound(path: path)
        }
        guard !isDirectory.boolValue else {
            throw CaseStoreError.invalidValue(field: "file", problem: "\(path) is a folder, not a file")
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let problem = errno == EACCES || errno == EPERM ? "permission denied" : String(cString: strerror(errno))
            throw CaseStoreError.cannotOpen(path: path, problem: problem)
        }
        return descriptor
    }

    deinit {
        if closes { try? handle.close() }
    }

    func nextChunk() throws -> [UInt8]? {
        let data: Data?
        do {
            data = try handle.read(upToCount: ByteSource.chunkSize)
        } catch {
            throw CaseStoreError.invalidValue(field: "file", problem: "cannot read \(name): \(error.localizedDescription)")
        }
        guard let data, !data.isEmpty else { return nil }
        consumed += Int64(data.count)
        return Array(data)
    }
}
