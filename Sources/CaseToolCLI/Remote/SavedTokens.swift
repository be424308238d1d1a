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

    static func load() throws -> SavedTokens {
        let path = folder + "/tokens.json"
        guard let data = FileManager.default.contents(atPath: path) else { return SavedTokens(servers: [:], path: path) }
        guard let servers = try? JSONDecoder().decode([String: Entry].self, from: data) else {
            throw CaseStoreError.invalidValue(field: path, problem: "is not a tokens file casetool wrote; remove it and log in again")
        }
        return SavedTokens(servers: servers, path: path)
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
        let folder = Self.folder
        if mkdir(folder, 0o700) != 0 && errno != EEXIST {
            // The parent (~/.config) may be missing too.
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
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

    private static func cannotWrite(_ path: String) -> CaseStoreError {
        CaseStoreError.cannotWrite(path: path, problem: String(cString: strerror(errno)))
    }
}
