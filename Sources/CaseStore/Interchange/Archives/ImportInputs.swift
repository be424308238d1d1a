import Foundation

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
        let spooledFile: String?
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

    deinit {
        for level in levels { if let file = level.spooledFile { unlink(file) } }
    }

    /// Progress in bytes of the inputs as they are on disk.
    public var bytesDone: Int64 {
        let partial = current.map { $0.weight * min(1, max(0, $0.fraction())) } ?? 0
        return Int64(finishedWeight + partial)
    }

    /// Whether a path names something `nextPart` unpacks, by its extension.
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
                    levels.removeLast()
                    if let file = level.spooledFile { unlink(file) }
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
                try push(ZipArchive(path: path), weight: weight, spooledFile: nil)
            } else if lowered.hasSuffix(".gz") {
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

    private func begin(_ part: Part) -> ByteSource {
        current = part
        partCount += 1
        return part.source
    }

    private func push(_ archive: ZipArchive, weight: Double, spooledFile: String?) {
        let sizes = archive.entries.map { Double($0.compressedSize) }
        let sum = sizes.reduce(0, +)
        let weights = sizes.map { sum > 0 ? weight * $0 / sum : 0 }
        levels.append(Level(archive: archive, weights: weights, spooledFile: spooledFile))
    }

    private func open(_ entry: ZipArchive.Entry, of archive: ZipArchive, weight: Double) throws -> Opened {
        let name = archive.name + " › " + entry.name
        let baseName = entry.name.split(separator: "/").last.map(String.init) ?? entry.name
        // Folders, and the resource forks and hidden files that macOS adds to archives it makes.
        if entry.isFolder || baseName.hasPrefix(".") || entry.name.hasPrefix("__MACOSX/") { return .skipped }
        let lowered = baseName.lowercased()
        if lowered.hasSuffix(".zip") {
            let spooled = try spool(entry, of: archive, name: name)
            do {
                push(try ZipArchive(path: spooled, name: name), weight: weight, spooledFile: spooled)
            } catch {
                unlink(spooled)
                throw error
            }
            return .archive
        }
        let data = Self.dataName(of: lowered)
        guard [".csv", ".jsonl", ".ndjson"].contains(where: data.hasSuffix) else {
            skippedEntries.append(name)
            return .skipped
        }
        var chunks = try archive.open(entry, name: name)
        if lowered.hasSuffix(".gz") { chunks = try InflatingChunks(chunks, wrapping: .gzip, name: name) }
        let source = ByteSource(name: name, chunks: chunks)
        let size = max(Double(entry.uncompressedSize), 1)
        return .part((source, weight, { Double(source.bytesRead) / size }))
    }

    /// Copies a zip entry that is itself a zip to a private temporary file.
    private func spool(_ entry: ZipArchive.Entry, of archive: ZipArchive, name: String) throws -> String {
        var template = Array((temporaryFolder + "/casetool-part-XXXXXX.zip").utf8CString)
        let descriptor = mkstemps(&template, 4)
        guard descriptor >= 0 else {
            throw CaseStoreError.cannotWrite(
                path: temporaryFolder, problem: "cannot create a temporary file for \(name): \(String(cString: strerror(errno)))")
        }
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            let chunks = try archive.open(entry, name: name)
            while let chunk = try chunks.nextChunk() {
                try handle.write(contentsOf: chunk)
            }
            try handle.close()
        } catch let error as CaseStoreError {
            unlink(path)
            throw error
        } catch {
            unlink(path)
            throw CaseStoreError.cannotWrite(
                path: temporaryFolder, problem: "cannot unpack \(name) to a temporary file: \(error.localizedDescription)")
        }
        return path
    }
}
