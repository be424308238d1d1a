import Foundation

/// Reads a file or standard input in fixed-size chunks, so input of any size uses constant memory.
public final class ByteSource {
    private let handle: FileHandle
    private let closesHandle: Bool
    private var buffer: [UInt8] = []
    private var position = 0
    private var finished = false
    public let name: String
    /// Bytes handed out so far (for progress).
    public private(set) var bytesRead: Int64 = 0
    static let chunkSize = 256 * 1024

    public init(path: String) throws {
        if path == "-" {
            handle = FileHandle.standardInput
            closesHandle = false
            name = "stdin"
        } else {
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
            handle = opened
            closesHandle = true
            name = path
        }
    }

    deinit {
        if closesHandle { try? handle.close() }
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
        let data: Data?
        do {
            data = try handle.read(upToCount: Self.chunkSize)
        } catch {
            throw CaseStoreError.invalidValue(field: "file", problem: "cannot read \(name): \(error.localizedDescription)")
        }
        guard let data, !data.isEmpty else {
            finished = true
            return false
        }
        buffer = Array(data)
        position = 0
        return true
    }
}
