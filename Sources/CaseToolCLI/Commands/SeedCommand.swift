import ArgumentParser
import CaseStore
import Foundation

struct SeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Load the policy catalog and example cases from public reporting.",
        usage: "casetool seed [--db <path>] [--dir <folder>]",
        discussion: """
            Creates the database if needed. Loads the seeds built into casetool, or the *.json files of \
            --dir. Policies and cases already present are left alone, so running it twice adds nothing.

            Examples:
              casetool seed
              casetool seed --db other.db
              casetool seed --dir ./our-policies
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var actor: ActorOptions

    @Option(help: ArgumentHelp("Load seed files from this folder instead of the built-in seeds.", valueName: "folder"))
    var dir: String?

    func run() throws {
        let seeds = try dir.map(Self.seeds(inFolder:)) ?? SeedSet.embedded
        let store = try database.openStore(access: .createIfMissing)
        let summary = try store.loadSeeds(seeds, actor: actor.name)
        Console.message("""
            \(database.path): policies \(summary.policiesAdded) added, \(summary.policiesPresent) already present; \
            cases \(summary.casesAdded) added, \(summary.casesPresent) already present\
            \(summary.strikeRulesAdded > 0 ? "; strike rules given to \(Formatting.counted(summary.strikeRulesAdded, "policy", plural: "policies"))" : "")
            """)
    }

    static let maxSeedFileBytes = 16 << 20

    static func seeds(inFolder folder: String) throws -> SeedSet {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }
        } catch {
            throw CaseStoreError.invalidValue(field: "--dir", problem: "cannot read folder \(folder)")
        }
        return SeedSet(files: try names.map { name in
            let path = (folder as NSString).appendingPathComponent(name)
            // Seed files are read whole: a catalog and example cases, never a bulk import (that streams).
            var status = stat()
            guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
                throw CaseStoreError.invalidSeed(file: path, problem: "is not a regular file")
            }
            guard status.st_size <= Self.maxSeedFileBytes else {
                throw CaseStoreError.invalidSeed(
                    file: path, problem: "is \(status.st_size) bytes; seed files hold at most \(Self.maxSeedFileBytes) (use 'casetool import' for bulk data)")
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CaseStoreError.invalidSeed(file: path, problem: "cannot be read")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw CaseStoreError.invalidSeed(file: path, problem: "is not UTF-8 text")
            }
            return (name: path, text: text)
        })
    }
}
