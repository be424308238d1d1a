import Crypto
import Foundation

/// One schema change, from a file `migrations/NNNN_name.sql`.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String
    /// SHA-256 of the file's bytes, recorded when applied, so an edited migration is noticed.
    public let checksum: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = Hex.encode(SHA256.hash(data: Data(sql.utf8)))
    }

    /// Parses a file name of the form `0001_initial.sql`.
    public init(fileName: String, sql: String) throws {
        let problem = "name must be NNNN_lowercase_words.sql"
        guard fileName.hasSuffix(".sql") else { throw CaseStoreError.invalidMigration(file: fileName, problem: problem) }
        let stem = fileName.dropLast(4)
        let parts = stem.split(separator: "_", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCII), let version = Int(parts[0]),
              version > 0,
              !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })
        else {
            throw CaseStoreError.invalidMigration(file: fileName, problem: problem)
        }
        self.init(version: version, name: String(parts[1]), sql: sql)
    }

    public var fileName: String { Self.fileName(version: version, name: name) }

    static func fileName(version: Int, name: String) -> String {
        let digits = String(version)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "_" + name + ".sql"
    }

    /// The migrations built into this binary from `migrations/`.
    public static func embedded() throws -> [Migration] {
        try ordered(EmbeddedResources.migrations.map { try Migration(fileName: $0.name, sql: $0.text) })
    }

    /// Checks that versions run 1, 2, 3… with no gap or repeat, and returns them in that order.
    public static func ordered(_ migrations: [Migration]) throws -> [Migration] {
        let sorted = migrations.sorted { $0.version < $1.version }
        for (index, migration) in sorted.enumerated() where migration.version != index + 1 {
            throw CaseStoreError.invalidMigration(
                file: migration.fileName, problem: "expected version \(index + 1): versions must run 1, 2, 3… without gaps or repeats")
        }
        return sorted
    }
}
