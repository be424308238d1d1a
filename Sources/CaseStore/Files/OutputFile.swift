import Foundation

/// A file a command writes (a backup, rejected rows). It is written beside its destination under a
/// temporary name and renamed into place only by `commit`, so a process killed half-way leaves no
/// partial file for a later run to trip over. It is created private to its owner, and it can never be
/// one of the files it must not replace (the database, its WAL and shared-memory files, the input),
/// by whatever spelling, symbolic link or `..` the path takes.
public final class OutputFile {
    public let path: String
    /// Where the content is written until `commit`.
    public let temporaryPath: String
    private var descriptor: Int32
    private var committed = false

    /// Refuses a destination that is, or would replace, one of `protected` (with the database's
    /// companion files), and an existing file unless `replacing`.
    public init(path: String, protecting protected: [ProtectedFile], replacing: Bool) throws {
        self.path = path
        let destination = try FileLocation(path)
        for file in protected {
            for (location, role) in file.locations() where location.isSameFile(as: destination) {
                throw CaseStoreError.outputRefused(path: path, problem: "it is \(role); choose another path")
            }
        }
        if destination.exists {
            if destination.isDirectory {
                throw CaseStoreError.outputRefused(path: path, problem: "it is a folder")
            }
            // A device, FIFO or socket is never replaced: `--rejects /dev/null --force` must not swap the
            // system's /dev/null for a regular file.
            if !destination.isRegularFile && !destination.isSymbolicLink {
                throw CaseStoreError.outputRefused(path: path, problem: "it is not a regular file (a device, FIFO or socket)")
            }
            if !replacing {
                throw CaseStoreError.outputExists(path: path)
            }
        }
        temporaryPath = destination.folder + "/.\(destination.name).casetool-\(UUID().uuidString.prefix(8)).partial"
        descriptor = try PrivateFile.create(at: temporaryPath)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        if !committed { unlink(temporaryPath) }
    }

    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write($0) }
    }

    public func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw CaseStoreError.cannotWrite(path: path, problem: String(cString: strerror(errno)))
            }
            offset += written
        }
    }

    /// Makes the content durable and moves it into place: until this returns, `path` is untouched.
    public func commit() throws {
        // The content may also have been written by another writer (SQLite's VACUUM INTO): sync by path.
        let syncing = open(temporaryPath, O_RDONLY | O_CLOEXEC)
        defer { if syncing >= 0 { close(syncing) } }
        guard syncing >= 0, fsync(syncing) == 0 else {
            throw CaseStoreError.cannotWrite(path: path, problem: String(cString: strerror(errno)))
        }
        close(descriptor)
        descriptor = -1
        guard rename(temporaryPath, path) == 0 else {
            throw CaseStoreError.cannotWrite(path: path, problem: String(cString: strerror(errno)))
        }
        committed = true
        let directory = open(FileLocation.split(path).folder, O_RDONLY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }
}

/// A file no command may overwrite, and the role it plays, for the refusal's wording.
public struct ProtectedFile: Sendable {
    public enum Role: Sendable {
        /// A database, with the WAL, shared-memory and rollback-journal files SQLite keeps beside it.
        case database
        case input
    }

    /// The companion files SQLite keeps beside a database, with what they are.
    static let databaseCompanions = [
        ("-wal", "the database's write-ahead log"), ("-shm", "the database's shared-memory file"),
        ("-journal", "the database's journal"),
    ]

    private let path: String?
    private let openFile: Int32?
    public let role: Role

    public init(_ path: String, role: Role) {
        self.path = path
        self.openFile = nil
        self.role = role
    }

    /// The file open on `descriptor` (standard input, when it is redirected from a file).
    public init(descriptor: Int32, role: Role) {
        self.path = nil
        self.openFile = descriptor
        self.role = role
    }

    func locations() -> [(FileLocation, String)] {
        if let openFile {
            return FileLocation(descriptor: openFile).map { [($0, "the input file")] } ?? []
        }
        guard let path else { return [] }
        guard role == .database else { return (try? FileLocation(path)).map { [($0, "the input file")] } ?? [] }
        // SQLite keeps the companions beside the file the path resolves to, and beside the path as given.
        var bases = [path]
        if let resolved = realpath(path, nil) {
            bases.append(String(cString: resolved))
            free(resolved)
        }
        return bases.flatMap { base in
            [(base, "the database")] + Self.databaseCompanions.map { (base + $0.0, $0.1) }
        }.compactMap { candidate, role in (try? FileLocation(candidate)).map { ($0, role) } }
    }
}

/// Where a path leads: the file it names once symbolic links and `.`/`..` are resolved (by device and
/// inode when it exists, and by canonical path for a file yet to be created).
struct FileLocation {
    /// The folder as given (`.` for a bare name) and the last component.
    let folder: String
    let name: String
    let canonicalPath: String
    let identity: (device: UInt64, inode: UInt64)?
    let isDirectory: Bool
    let isRegularFile: Bool
    /// The path itself is a symbolic link (possibly dangling): it exists, and renaming replaces the link.
    let isSymbolicLink: Bool

    var exists: Bool { identity != nil || isSymbolicLink }

    init(_ path: String) throws {
        guard !path.isEmpty else { throw CaseStoreError.outputRefused(path: path, problem: "no path was given") }
        var status = stat()
        if stat(path, &status) == 0 {
            identity = (UInt64(status.st_dev), UInt64(status.st_ino))
            isDirectory = (status.st_mode & S_IFMT) == S_IFDIR
            isRegularFile = (status.st_mode & S_IFMT) == S_IFREG
        } else {
            identity = nil
            isDirectory = false
            isRegularFile = false
        }
        var linkStatus = stat()
        isSymbolicLink = lstat(path, &linkStatus) == 0 && (linkStatus.st_mode & S_IFMT) == S_IFLNK
        (folder, name) = Self.split(path)
        // `.`, `..` and `dir/` name folders, whether or not stat could reach them.
        if name == "." || name == ".." || name.isEmpty {
            throw CaseStoreError.outputRefused(path: path, problem: "it is a folder")
        }
        // The folder resolves (it must exist to write into it); the name is kept as given.
        guard let resolved = realpath(folder, nil) else {
            throw CaseStoreError.outputRefused(path: path, problem: "its folder \(folder) does not exist")
        }
        defer { free(resolved) }
        canonicalPath = String(cString: resolved) + "/" + name
    }

    /// The file open on a descriptor, if it is a regular file (a pipe or terminal cannot be overwritten).
    init?(descriptor: Int32) {
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        identity = (UInt64(status.st_dev), UInt64(status.st_ino))
        isDirectory = false
        isRegularFile = true
        isSymbolicLink = false
        folder = ""
        name = ""
        canonicalPath = ""
    }

    func isSameFile(as other: FileLocation) -> Bool {
        if let mine = identity, let theirs = other.identity {
            return mine == theirs
        }
        return !canonicalPath.isEmpty && canonicalPath == other.canonicalPath
    }

    /// The folder part and the last component of a path, by its last `/` byte (plain byte work: no
    /// Foundation path normalisation, which both rewrites and, on some inputs, traps; no grapheme
    /// joining a `/` to a combining mark after it).
    static func split(_ path: String) -> (folder: String, name: String) {
        let bytes = Array(path.utf8)
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return (".", path) }
        let folder = String(decoding: bytes[..<slash], as: UTF8.self)
        return (folder.isEmpty ? "/" : folder, String(decoding: bytes[(slash + 1)...], as: UTF8.self))
    }
}
