import CaseClient
import CaseStore
import Foundation

/// The tokens `casetool login` keeps, one per server, in the user's config folder
/// (`$XDG_CONFIG_HOME/casetool/tokens.json`, else `~/.config/casetool/tokens.json`): a folder
/// only its owner may enter and a file only its owner may read, written whole or not at all.
struct SavedTokens {
    struct Entry: Codable, Equatable {
        let token: String
        let name: String
        let expiresAt: String?

        enum CodingKeys: String, CodingKey {
            case token, name
            case expiresAt = "expires_at"
        }
    }

    /// Tokens by server origin (`https://cases.example.org`).
    private(set) var servers: [String: Entry]
    let path: String

    static var folder: String {
        let environment = ProcessInfo.processInfo.environment
        if let configured = environment["XDG_CONFIG_HOME"], configured.hasPrefix("/") { return configured + "/casetool" }
        return (environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()) + "/.config/casetool"
    }

    /// The kept tokens; none when the file is not there yet. A file that is there but cannot be
    /// read, or was not written by casetool, is an error rather than "not signed in".
    static func load() throws -> SavedTokens {
        let path = folder + "/tokens.json"
        guard FileManager.default.fileExists(atPath: path) else { return SavedTokens(servers: [:], path: path) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CaseStoreError.cannotOpen(path: path, problem: String(cString: strerror(errno)).lowercased())
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        guard let data = try? handle.readToEnd() ?? Data() else {
            throw CaseStoreError.cannotOpen(path: path, problem: "it cannot be read (is it a folder?)")
        }
        guard let servers = try? JSONDecoder().decode([String: Entry].self, from: data),
              servers.values.allSatisfy({ Self.isWellFormed(token: $0.token) })
        else {
            throw CaseStoreError.invalidValue(field: path, problem: "is not a tokens file casetool wrote; remove it and log in again")
        }
        return SavedTokens(servers: servers, path: path)
    }

    /// A token is printable ASCII without spaces: anything else would end up in an HTTP header (or
    /// an error message) as it stands.
    static func isWellFormed(token: String) -> Bool {
        !token.isEmpty && token.count <= 512 && token.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) }
    }

    /// Makes sure a new file can be written here before a server is asked for a token that would
    /// otherwise be issued and lost.
    func checkWritable() throws {
        let folder = try Self.makeFolder()
        let probe = folder + "/.tokens.probe"
        unlink(probe)
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Self.cannotWrite(folder) }
        close(descriptor)
        unlink(probe)
        try refuseIfNotAFile()
    }

    /// A symbolic link or anything else in the file's place is not replaced: it may point at what
    /// the user keeps elsewhere (or be someone's trap).
    private func refuseIfNotAFile() throws {
        var status = stat()
        if lstat(path, &status) == 0 && (status.st_mode & S_IFMT) != S_IFREG {
            throw CaseStoreError.cannotWrite(path: path, problem: "is not a regular file")
        }
    }

    func entry(for server: ServerAddress) -> Entry? {
        servers[server.base]
    }

    mutating func set(_ entry: Entry?, for server: ServerAddress) throws {
        servers[server.base] = entry
        try save()
    }

    /// Writes a new file beside the old one with mode 0600, then renames it over: a reader sees the
    /// old file or the new, and no one else can read either.
    private func save() throws {
        _ = try Self.makeFolder()
        try refuseIfNotAFile()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(servers)
        let temporary = path + ".new"
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Self.cannotWrite(temporary) }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == data.count, synced == 0, rename(temporary, path) == 0 else {
            let error = Self.cannotWrite(path)
            unlink(temporary)
            throw error
        }
    }

    /// The config folder, made (0700) if missing, with its parents (~/.config may be missing too).
    private static func makeFolder() throws -> String {
        let folder = Self.folder
        if mkdir(folder, 0o700) != 0 && errno != EEXIST {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw CaseStoreError.cannotWrite(path: folder, problem: "cannot make the folder (\(String(cString: strerror(errno))))")
            }
        }
        var status = stat()
        guard stat(folder, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
            throw CaseStoreError.cannotWrite(path: folder, problem: "is not a folder")
        }
        // A folder others may enter or write (made by hand, or by another tool) is closed to them.
        if status.st_mode & 0o077 != 0 && chmod(folder, 0o700) != 0 {
            throw CaseStoreError.cannotWrite(path: folder, problem: "others may enter it and it cannot be made private (\(String(cString: strerror(errno))))")
        }
        return folder
    }

    private static func cannotWrite(_ path: String) -> CaseStoreError {
        CaseStoreError.cannotWrite(path: path, problem: String(cString: strerror(errno)))
    }
}
