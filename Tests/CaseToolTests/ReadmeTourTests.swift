import Foundation
import SQLiteDatabase
import Testing

private let dsaSamples = packageRoot.deletingLastPathComponent().appending(path: "shared/data/dsa-sor")

/// The README's command blocks, read from the README itself so the test follows whatever it says.
struct ReadmeCommands {
    let text: String

    init() throws {
        text = try String(contentsOf: packageRoot.appending(path: "README.md"), encoding: .utf8)
    }

    /// The command lines of the first `sh` block after `heading`, continuation lines joined,
    /// blank and comment-only lines dropped.
    func block(after heading: String) throws -> [String] {
        guard let start = text.range(of: "\n" + heading + "\n") else { throw CLIRunner.Failure("README has no '\(heading)'") }
        let rest = text[start.upperBound...]
        guard let open = rest.range(of: "```sh\n"), let close = rest[open.upperBound...].range(of: "\n```") else {
            throw CLIRunner.Failure("README's '\(heading)' has no sh block")
        }
        var commands: [String] = []
        var pending = ""
        for line in rest[open.upperBound..<close.lowerBound].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasSuffix("\\") {
                pending += line.dropLast() + " "
                continue
            }
            let whole = pending + line
            pending = ""
            let trimmed = whole.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty && !trimmed.hasPrefix("#") { commands.append(whole) }
        }
        return commands
    }
}

@Suite("the README, followed as written")
struct ReadmeTourTests {
    /// Runs each line in order in one folder. A line must exit 0 and print something: on stdout or
    /// stderr, or into the file it redirects to. A listing may not answer "no cases match".
    static func follow(_ commands: [String], in cli: CLIRunner) throws {
        for command in commands {
            let result = try cli.shell(command)
            #expect(result.status == 0, "README line exited \(result.status): \(command)\n\(result.stderr)")
            if let target = redirectTarget(of: command) {
                let size = (try? FileManager.default.attributesOfItem(atPath: cli.path(target))[.size] as? Int) ?? 0
                #expect(size > 0, "README line wrote nothing to \(target): \(command)")
            } else {
                #expect(!(result.stdout + result.stderr).isEmpty, "README line printed nothing: \(command)")
            }
            #expect(!result.stderr.contains("no cases match"), "README line found nothing: \(command)\n\(result.stderr)")
        }
    }

    /// The file of a plain `> FILE` redirection, if the line has one.
    static func redirectTarget(of command: String) -> String? {
        let words = command.split(separator: " ")
        guard let arrow = words.firstIndex(of: ">"), words.index(after: arrow) < words.endIndex else { return nil }
        return String(words[words.index(after: arrow)])
    }

    @Test("every line of the tour, then of the people and DSA sections, works in an empty folder")
    func tour() throws {
        let readme = try ReadmeCommands()
        let cli = try CLIRunner()
        let tour = try readme.block(after: "## A short tour")
        #expect(tour.count > 30)
        try Self.follow(tour, in: cli)
        // The tour's case ids are the ones its lines use: five seeded cases, then the tour's own.
        #expect(try cli.succeed(["show", "6", "--format", "json"]).contains("\"status\" : \"upheld\"")
            || (try cli.succeed(["show", "6", "--format", "json"])).contains("\"status\": \"upheld\""))

        try Self.follow(try readme.block(after: "### People, roles and tokens"), in: cli)
        #expect(try cli.succeed(["tokens", "--format", "csv"]).contains(",revoked,"))

        // The standing section's case is the next one after the tour's, as its lines say.
        try Self.follow(try readme.block(after: "### Account standing (strikes)"), in: cli)
        let standing = try #require((try parseJSON(try cli.succeed(["account", "X", "link_farm", "--format", "json"])) as? [String: Any])?["standing"] as? [String: Any])
        #expect(standing["active_strikes"] as? Int == 1)

        let dsa = try readme.block(after: "### DSA Transparency Database")
        guard FileManager.default.fileExists(atPath: dsaSamples.path) else {
            print("DSA samples absent at \(dsaSamples.path): the README's DSA lines were not run")
            return
        }
        for sample in try FileManager.default.contentsOfDirectory(atPath: dsaSamples.path) where sample.hasSuffix(".csv") {
            try FileManager.default.createSymbolicLink(
                atPath: cli.path(sample), withDestinationPath: dsaSamples.appending(path: sample).path)
        }
        try Self.follow(dsa, in: cli)
    }

    @Test("the quick start's two commands are the ones CI runs")
    func quickStart() throws {
        let readme = try ReadmeCommands()
        let quickStart = try readme.block(after: "## Quick start")
        let ci = try String(contentsOf: packageRoot.appending(path: ".ci/run"), encoding: .utf8)
        #expect(quickStart.count == 2)
        for command in quickStart { #expect(ci.contains("\n" + command + "\n") || ci.contains("\n" + command + " "), "CI does not run: \(command)") }
    }
}
