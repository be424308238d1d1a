import Foundation
import SQLiteDatabase

/// The inputs of one import, walked part by part: plain files and standard input, `.gz` files, and zip
/// archives, nested ones too (the DSA Transparency Database ships a day as a zip of zips of CSV parts).
/// Each part is streamed straight out of its archive; a zip inside a zip needs random access, so it is
/// spooled to a temporary file that is removed as soon as its parts are read.
public final class ImportInputs {
    public let paths: [String]
    /// The inputs' size on disk, nil when one is standard input: what progress counts against.
    public let totalBytes: Int64?
    /// Entries of archives that are not data (a README, say): skipped, and named in the summary.
    public private(set) var skippedEntries: [String] = []
    /// Parts opened so far.
    public private(set) var partCount = 0

    private struct Level {
        let archive: ZipArchive
        /// Each entry's share of the top-level file's bytes, for progress.
        let weights: [Double]
        var index = 0
    }

    private var levels: [Level] = []
    private var nextPath = 0
    private var finishedWeight = 0.0
    private var current: Part?

    /// Where zips inside zips are spooled while their parts are read.
    private let temporaryFolder: String

    public init(paths: [String], temporaryFolder: String = NSTemporaryDirectory()) {
        self.paths = paths
        self.temporaryFolder = temporaryFolder
        var total: Int64 = 0
        var known = true
        for path in paths {
            if path == "-" { known = false }
            total += (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        }
        totalBytes = known ? total : nil
    }

    /// Progress in bytes of the inputs as they are on disk.
    public var bytesDone: Int64 {
        let partial = current.map { $0.weight * min(1, max(0, $0.fraction())) } ?? 0
        return Int64(finishedWeight + partial)
    }

    /// Whether a path names something `nextPart` unpacks, by its extension.
    /// How many zips deep an archive may go (the Transparency Database's days are two deep).
    static let maximumNesting = 4

    public static func isCompressed(_ path: String) -> Bool {
        let lowered = path.lowercased()
        return lowered.hasSuffix(".zip") || lowered.hasSuffix(".gz")
    }

    /// The name a path would have unpacked (`day.csv.gz` → `day.csv`), which tells its format.
    public static func dataName(of path: String) -> String {
        var name = path
        while let dot = name.lastIndex(of: "."), ["gz", "zip"].contains(name[name.index(after: dot)...].lowercased()) {
            name = String(name[..<dot])
        }
        return name
    }

    /// The next stream of records, or nil when every input has been read.
    public func nextPart() throws -> ByteSource? {
        if let current { finishedWeight += current.weight }
        current = nil
        while true {
            if var level = levels.last {
                guard level.index < level.archive.entries.count else {
                    levels.removeLast()  // a spooled archive's file goes with it
                    continue
                }
                let entry = level.archive.entries[level.index]
                let weight = level.weights[level.index]
                level.index += 1
                levels[levels.count - 1] = level
                switch try open(entry, of: level.archive, weight: weight) {
                case .part(let part): return begin(part)
                case .archive: continue  // its entries carry its weight
                case .skipped: finishedWeight += weight
                }
                continue
            }
            guard nextPath < paths.count else { return nil }
            let path = paths[nextPath]
            nextPath += 1
            let weight = Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0)
            let lowered = path.lowercased()
            if lowered.hasSuffix(".zip") {
                try push(ZipArchive(path: path), weight: weight)
            } else if lowered.hasSuffix(".gz") {
                try Self.checkGzipMagic(path)
                // Read once to the end first, so that zlib checks the CRC before any row is imported.
                try drain(InflatingChunks(FileChunks(path: path), wrapping: .gzip, name: path))
                let file = try FileChunks(path: path)
                let source = ByteSource(name: path, chunks: try InflatingChunks(file, wrapping: .gzip, name: path))
                let size = max(weight, 1)
                return begin((source, weight, { Double(file.consumed) / size }))
            } else {
                let source = try ByteSource(path: path)
                let size = max(weight, 1)
                return begin((source, weight, { Double(source.bytesRead) / size }))
            }
        }
    }

    private typealias Part = (source: ByteSource, weight: Double, fraction: () -> Double)

    /// What an archive entry turned out to be.
    private enum Opened {
        case part(Part)
        /// A zip inside the zip, now on the stack of archives being read.
        case archive
        /// A folder, clutter, or not data.
        case skipped
    }

    /// A .gz name on a file that is not gzip (plain CSV, say) is named as such, not as damaged data.
    private static func checkGzipMagic(_ path: String) throws {
        let start = try RandomAccessFile(path: path).read(at: 0, count: 2)
        guard start == [0x1F, 0x8B] else {
            throw CaseStoreError.unreadableArchive(
                file: path, problem: "is not gzip-compressed (a .gz file starts with the bytes 1F 8B); if it is plain text, name it without .gz")
        }
    }

    private func begin(_ part: Part) -> ByteSource {
        current = part
        partCount += 1
        return part.source
    }

    private func push(_ archive: ZipArchive, weight: Double) {
        let sizes = archive.entries.map { Double($0.compressedSize) }
        let sum = sizes.reduce(0, +)
        let weights = sizes.map { sum > 0 ? weight * $0 / sum : 0 }
        levels.append(Level(archive: archive, weights: weights))
    }

    private func open(_ entry: ZipArchive.Entry, of archive: ZipArchive, weight: Double) throws -> Opened {
        let name = archive.name + " › " + entry.name
        let baseName = entry.name.split(separator: "/").last.map(String.init) ?? entry.name
        // Folders, and the resource forks and hidden files that macOS adds to archives it makes.
        if entry.isFolder || baseName.hasPrefix(".") || entry.name.hasPrefix("__MACOSX/") { return .skipped }
        let lowered = baseName.lowercased()
        if lowered.hasSuffix(".zip") {
            // The DSA ships zips two deep; a zip that holds itself would otherwise spool forever.
            guard levels.count < Self.maximumNesting else {
                throw CaseStoreError.unreadableArchive(
                    file: name, problem: "zips nested more than \(Self.maximumNesting) deep; unpack the outer ones first")
            }
            push(try ZipArchive(file: spool(entry, of: archive, name: name)), weight: weight)
            return .archive
        }
        let data = Self.dataName(of: lowered)
        guard [".csv", ".jsonl", ".ndjson"].contains(where: data.hasSuffix) else {
            skippedEntries.append(name)
            return .skipped
        }
        // The whole entry is read once to check its CRC before any row of it is imported: a damaged
        // part is refused whole, even by an import that commits batch by batch.
        let check = try archive.open(entry, name: name)
        try drain(lowered.hasSuffix(".gz") ? InflatingChunks(check, wrapping: .gzip, name: name) : check)
        var chunks = try archive.open(entry, name: name)
        if lowered.hasSuffix(".gz") { chunks = try InflatingChunks(chunks, wrapping: .gzip, name: name) }
        let source = ByteSource(name: name, chunks: chunks)
        let size = max(Double(entry.uncompressedSize), 1)
        return .part((source, weight, { Double(source.bytesRead) / size }))
    }

    private func drain(_ chunks: ByteChunks) throws {
        while try chunks.nextChunk() != nil {}
    }

    /// Copies a zip entry that is itself a zip to a private temporary file, unlinked at once: it lives
    /// as long as its descriptor, so nothing is left behind however the import ends.
    private func spool(_ entry: ZipArchive.Entry, of archive: ZipArchive, name: String) throws -> RandomAccessFile {
        var template = Array((temporaryFolder + "/casetool-part-XXXXXX.zip").utf8CString)
        let descriptor = mkstemps(&template, 4)
        guard descriptor >= 0 else {
            throw CaseStoreError.cannotWrite(
                path: temporaryFolder,
                problem: "cannot create a temporary file for \(name) (\(String(cString: strerror(errno)))); "
                    + "set TMPDIR to a folder with room for one part")
        }
        unlink(String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        let file = RandomAccessFile(adopting: descriptor, name: name)
        let chunks = try archive.open(entry, name: name)
        while let chunk = try chunks.nextChunk() {
            var written = 0
            while written < chunk.count {
                let count = chunk.withUnsafeBytes { write(descriptor, $0.baseAddress.map { $0 + written }, chunk.count - written) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else {
                    throw CaseStoreError.cannotWrite(
                        path: temporaryFolder,
                        problem: "cannot unpack \(name) to a temporary file (\(String(cString: strerror(errno)))); "
                            + "set TMPDIR to a folder with room for one part")
                }
                written += count
            }
        }
        return file
    }
}
