import Foundation
import SQLiteDatabase

/// The directory of a zip file, and its entries opened as streams. Reads what the DSA Transparency
/// Database and common tools write: stored or deflated entries, ZIP64 sizes and offsets; refuses
/// encrypted entries and other compression methods by name.
struct ZipArchive {
    struct Entry {
        let name: String
        let method: UInt16
        let flags: UInt16
        let crc: UInt32
        let compressedSize: UInt64
        let uncompressedSize: UInt64
        let localHeaderOffset: UInt64

        var isFolder: Bool { name.hasSuffix("/") }
    }

    let file: RandomAccessFile
    /// How errors name the archive: its path, or "day.zip › part.zip" for one spooled out of another.
    var name: String { file.name }
    let entries: [Entry]

    private static let endSignature: UInt32 = 0x0605_4B50
    private static let zip64EndSignature: UInt32 = 0x0606_4B50
    private static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    private static let centralSignature: UInt32 = 0x0201_4B50
    private static let localSignature: UInt32 = 0x0403_4B50

    init(path: String) throws {
        try self.init(file: RandomAccessFile(path: path))
    }

    init(file: RandomAccessFile) throws {
        self.file = file
        let shown = file.name
        let size = try file.size
        // The end record is in the last 22 bytes plus a comment of up to 65,535.
        let tailLength = min(size, 22 + 65_535)
        let tail = try Self.read(file, at: size - tailLength, count: Int(tailLength))
        guard let endAt = Self.lastIndex(of: Self.endSignature, in: tail, minimumRemaining: 22) else {
            throw CaseStoreError.unreadableArchive(file: shown, problem: "not a zip file (no zip directory at its end; cut short?)")
        }
        let end = ByteReader(tail, at: endAt)
        var count = UInt64(end.u16(10))
        var directorySize = UInt64(end.u32(12))
        var directoryOffset = UInt64(end.u32(16))
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // ZIP64: a locator just before the end record points at the 64-bit end record.
            let locatorAt = endAt - 20
            guard locatorAt >= 0, ByteReader(tail, at: locatorAt).u32(0) == Self.zip64LocatorSignature else {
                throw CaseStoreError.unreadableArchive(file: shown, problem: "damaged or cut short (its ZIP64 directory record is missing)")
            }
            let recordOffset = ByteReader(tail, at: locatorAt).u64(8)
            let record = ByteReader(try Self.read(file, at: recordOffset, count: 56), at: 0)
            guard record.u32(0) == Self.zip64EndSignature else {
                throw CaseStoreError.unreadableArchive(file: shown, problem: "damaged or cut short (its ZIP64 directory record is not where it points)")
            }
            count = record.u64(32)
            directorySize = record.u64(40)
            directoryOffset = record.u64(48)
        }
        let (directoryEnd, overflow) = directoryOffset.addingReportingOverflow(directorySize)
        guard !overflow, directoryEnd <= size, directorySize < 1 << 31 else {
            throw CaseStoreError.unreadableArchive(file: shown, problem: "damaged or cut short (its directory points past the file's end)")
        }
        let directory = try Self.read(file, at: directoryOffset, count: Int(directorySize))
        var entries: [Entry] = []
        var at = 0
        for _ in 0..<count {
            guard at + 46 <= directory.count, ByteReader(directory, at: at).u32(0) == Self.centralSignature else {
                throw CaseStoreError.unreadableArchive(file: shown, problem: "damaged or cut short (its directory breaks off at entry \(entries.count + 1))")
            }
            let record = ByteReader(directory, at: at)
            let nameLength = Int(record.u16(28)), extraLength = Int(record.u16(30)), commentLength = Int(record.u16(32))
            guard at + 46 + nameLength + extraLength + commentLength <= directory.count else {
                throw CaseStoreError.unreadableArchive(file: shown, problem: "damaged or cut short (its directory breaks off at entry \(entries.count + 1))")
            }
            let nameBytes = directory[(at + 46)..<(at + 46 + nameLength)]
            var uncompressed = UInt64(record.u32(24)), compressed = UInt64(record.u32(20)), offset = UInt64(record.u32(42))
            // A ZIP64 extra field holds, in this order, only the values saturated above.
            var extra = at + 46 + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd {
                let field = ByteReader(directory, at: extra)
                let id = field.u16(0), length = Int(field.u16(2))
                guard extra + 4 + length <= extraEnd else { break }
                if id == 0x0001 {
                    var value = 4
                    if uncompressed == 0xFFFF_FFFF, value + 8 <= length + 4 { uncompressed = field.u64(value); value += 8 }
                    if compressed == 0xFFFF_FFFF, value + 8 <= length + 4 { compressed = field.u64(value); value += 8 }
                    if offset == 0xFFFF_FFFF, value + 8 <= length + 4 { offset = field.u64(value) }
                }
                extra += 4 + length
            }
            entries.append(Entry(
                name: String(decoding: nameBytes, as: UTF8.self), method: record.u16(10), flags: record.u16(8),
                crc: record.u32(16), compressedSize: compressed, uncompressedSize: uncompressed, localHeaderOffset: offset))
            at += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// The entry's uncompressed bytes as a stream, checked against its CRC at the end.
    func open(_ entry: Entry, name: String) throws -> ByteChunks {
        if entry.flags & 0x0001 != 0 {
            throw CaseStoreError.unreadableArchive(file: name, problem: "the entry is encrypted; decrypt the archive first")
        }
        guard entry.method == 0 || entry.method == 8 else {
            throw CaseStoreError.unreadableArchive(
                file: name, problem: "the entry uses compression method \(entry.method); casetool reads stored and deflated entries only")
        }
        let header = try Self.read(file, at: entry.localHeaderOffset, count: 30)
        let local = ByteReader(header, at: 0)
        guard local.u32(0) == Self.localSignature else {
            throw CaseStoreError.unreadableArchive(file: name, problem: "damaged (no entry header where the archive's directory says)")
        }
        let (dataOffset, overflow) = entry.localHeaderOffset.addingReportingOverflow(30 + UInt64(local.u16(26)) + UInt64(local.u16(28)))
        guard !overflow else {
            throw CaseStoreError.unreadableArchive(file: name, problem: "damaged zip entry (its offset is past any file's end)")
        }
        let raw = RangeChunks(file, name: name, offset: dataOffset, length: entry.compressedSize)
        let data: ByteChunks = entry.method == 8 ? try InflatingChunks(raw, wrapping: .rawDeflate, name: name) : raw
        return ChecksummedChunks(data, name: name, crc: entry.crc, size: entry.uncompressedSize)
    }

    /// Exactly `count` bytes from `offset`, or the archive is damaged.
    private static func read(_ file: RandomAccessFile, at offset: UInt64, count: Int) throws -> [UInt8] {
        let bytes = try file.read(at: offset, count: count)
        guard bytes.count == count else {
            throw CaseStoreError.unreadableArchive(file: file.name, problem: "damaged or cut short (it ends before what its directory describes)")
        }
        return bytes
    }

    private static func lastIndex(of signature: UInt32, in bytes: [UInt8], minimumRemaining: Int) -> Int? {
        var index = bytes.count - minimumRemaining
        while index >= 0 {
            if ByteReader(bytes, at: index).u32(0) == signature { return index }
            index -= 1
        }
        return nil
    }
}

/// Little-endian integers at offsets from a position in a byte array (bounds checked by the caller).
private struct ByteReader {
    let bytes: [UInt8]
    let base: Int

    init(_ bytes: [UInt8], at base: Int) {
        self.bytes = bytes
        self.base = base
    }

    func u16(_ offset: Int) -> UInt16 {
        UInt16(bytes[base + offset]) | UInt16(bytes[base + offset + 1]) << 8
    }

    func u32(_ offset: Int) -> UInt32 {
        UInt32(u16(offset)) | UInt32(u16(offset + 2)) << 16
    }

    func u64(_ offset: Int) -> UInt64 {
        UInt64(u32(offset)) | UInt64(u32(offset + 4)) << 32
    }
}
