import CaseStore
import Foundation
import Testing

/// Stored text is data in every output format, never instructions: one corpus of hostile text goes
/// into every field that takes it, and every command's every format is checked for what could act.
@Suite("Hostile text in every output")
struct HostileTextTests {
    /// Markup, links and images, HTML, terminal sequences, bidi controls, zero-width characters,
    /// line separators, spreadsheet formulas and Markdown block syntax.
    static let corpus = [
        "[Appeal here](https://evil.example) ![p](https://track.example/p.png)",
        "<script>alert(1)</script><img src=x onerror=alert(1)> &#x202E; &amp;",
        "\u{1B}[31mred\u{1B}[0m\u{7}\u{8}\r overwritten \u{9B}2J",
        "abc\u{202E}cba \u{2066}isolated\u{2069} \u{85}next \u{2028}sep",
        "zero\u{200B}width\u{FEFF}bom\u{2060}joiner",
        "=HYPERLINK(\"https://evil.example\",\"x\")",
        "# heading\n- item\n1. item\n> quote\n---\n<https://auto.example> www.evil.example user@evil.example $x^2$",
    ]

    /// Text that identifiers accept (they refuse controls and invisible characters outright).
    static let visibleHostile = "[x](https://evil.example)<b>=1+1"

    static func populated() throws -> (CLIRunner, String) {
        let cli = try CLIRunner()
        try cli.succeed(["init"])
        try cli.succeed(["policies", "add", "evil", "--name", "![p](https://track.example/p.png) <i>x</i>",
                         "--description", corpus.joined(separator: " ")])
        let id = try cli.succeed([
            "new", "--platform", "=cmd|' /C calc'!A0", "--handle", visibleHostile,
            "--display-name", "\u{202E}nimda [a](https://e.example)", "--policy", "evil", "--action", "label",
            "--source", "user_report", "--rationale", corpus.joined(separator: "\n"),
            "--evidence", corpus[0], "--evidence", corpus[2],
        ]).trimmingCharacters(in: .whitespacesAndNewlines)
        for text in corpus { try cli.succeed(["note", id, text]) }
        try cli.succeed(["status", id, "actioned", "--reason", corpus[3]])
        return (cli, id)
    }

    /// Scalars that must never reach a person's screen raw.
    static func unsafe(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n") || (0x7F...0x9F).contains(scalar.value)
            || (0x2028...0x2029).contains(scalar.value)
            || (scalar.properties.generalCategory == .format && ![0x200E, 0x200F, 0x061C].contains(scalar.value))
    }

    @Test("tables, notices, Markdown and HTML show hostile text inertly; JSON and CSV keep it as data")
    func everyOutput() throws {
        let (cli, id) = try Self.populated()
        let platform = "=cmd|' /C calc'!A0"
        let commands: [[String]] = [
            ["list"], ["show", id], ["history", id], ["history"], ["policies"], ["account", platform, Self.visibleHostile],
            ["report", "--by", "policy,platform"], ["notice", id], ["workflow"],
        ]
        var checked = 0
        for command in commands {
            let formats: [String] = switch command[0] {
            case "show": ["table", "json", "markdown", "html"]
            case "notice": ["text", "markdown"]
            case "report": ["table", "json", "csv", "markdown", "html"]
            default: ["table", "json", "csv", "markdown"]
            }
            for format in formats {
                let result = try cli.run(command + ["--format", format])
                let label = "\(command.joined(separator: " ")) --format \(format)"
                #expect(result.status == 0, "\(label): \(result.stderr)")
                let output = result.stdout
                #expect(!output.unicodeScalars.contains { $0 == "\u{1B}" }, "\(label): raw ESC")
                switch format {
                case "json":
                    #expect(!output.unicodeScalars.contains(where: Self.unsafe), "\(label): raw control in JSON")
                    _ = try parseJSON(output)
                case "csv":
                    try Self.checkSpreadsheetSafe(output, label: label, cli: cli)
                default:
                    #expect(!output.unicodeScalars.contains(where: Self.unsafe), "\(label): \(Self.firstUnsafe(output))")
                }
                if format == "markdown" { Self.checkMarkdown(output, label: label) }
                if format == "html" { Self.checkHTML(output, label: label) }
                checked += 1
            }
        }
        #expect(checked == 35)

        // JSON keeps every character: the stored rationale comes back exactly.
        let json = try #require(try parseJSON(try cli.succeed(["show", id, "--format", "json"])) as? [String: Any])
        #expect((json["rationale"] as? String) == Self.corpus.joined(separator: "\n"))
        // Export keeps every character (it is the interchange format), but no cell starts a formula,
        // and importing it gives back the same cases, byte for byte.
        try cli.succeed([
            "new", "--platform", "X", "--handle", "quoted", "--display-name", "'=quoted already", "--policy", "evil",
            "--action", "label", "--source", "user_report", "--rationale", "'tis a quote", "--external-id=-1",
        ])
        let export = try cli.succeed(["export"])
        #expect(export.contains("'=cmd|' /C calc'!A0") && export.contains("\u{1B}[31mred"))
        var cells = 0
        var reader = CSVReader(source: try ByteSource(path: try Self.written(export, cli: cli)))
        while let record = try reader.next() {
            cells += record.fields.count
            for cell in record.fields {
                #expect(!CSVText.formulaStarts.contains(cell.unicodeScalars.first ?? " "), "export: formula cell \(cell.debugDescription)")
            }
        }
        #expect(cells > 20)
        let copy = try CLIRunner()
        try copy.succeed(["init"])
        try copy.succeed(["policies", "add", "evil", "--name", "evil"])
        let exported = try Self.written(export, cli: cli)
        #expect(try copy.run(["import", exported]).status == 0)
        #expect(try copy.succeed(["export"]) == export)
        let lines = try copy.succeed(["export", "--format", "jsonl"])
        #expect(lines.contains(#""platform":"=cmd|' /C calc'!A0""#))
        #expect(lines.contains(#""display_name":"'=quoted already""#) && lines.contains(#""rationale":"'tis a quote""#))
        #expect(lines.contains(#""external_id":"-1""#))
        // On a terminal, export shows escapes rather than obeying them (script(1) gives it one).
        let onTerminal = try cli.shell("script -qec 'casetool export' /dev/null")
        #expect(onTerminal.status == 0 && onTerminal.stdout.contains("[31mred") && !onTerminal.stdout.contains("\u{1B}[31m"),
                "\(onTerminal.stdout.prefix(300)) \(onTerminal.stderr)")
        // And the unguarded CSV, when asked for.
        #expect(try cli.succeed(["list", "--format", "csv", "--no-spreadsheet-safe"]).contains("\n=cmd|") == false)
        #expect(try cli.succeed(["list", "--format", "csv", "--no-spreadsheet-safe"]).contains(",=cmd|"))
    }

    static func firstUnsafe(_ text: String) -> String {
        guard let index = text.unicodeScalars.firstIndex(where: unsafe) else { return "" }
        let scalar = text.unicodeScalars[index]
        return "raw \(scalar.codePoint) in …\(String(text.unicodeScalars[..<index].suffix(30)))"
    }

    /// No link, image, autolink, HTML or block syntax can come from stored text.
    static func checkMarkdown(_ output: String, label: String) {
        // A backslash before a character makes it literal text.
        func unescaped(_ live: String) -> Bool {
            var rest = output[...]
            while let range = rest.range(of: live) {
                if range.lowerBound == output.startIndex || output[output.index(before: range.lowerBound)] != "\\" { return true }
                rest = rest[range.upperBound...]
            }
            return false
        }
        for live in ["](", "![", "<script", "<img", "<b>", "<i>", "<https", "https://", "www.evil", "@evil", "&#x202E;", "$x"] {
            #expect(!unescaped(live), "\(label): '\(live)' is live")
        }
        for live in ["\n# heading", "\n- item", "\n1. item", "\n> quote\n", "\n---", "\n> # heading", "\n> - item"] {
            #expect(!output.contains(live), "\(label): '\(live)' is live")
        }
    }

    static func checkHTML(_ output: String, label: String) {
        for live in ["<script", "<img", "<b>", "<i>", "&#x202E;", "<a "] {
            #expect(!output.contains(live), "\(label): '\(live)' is live")
        }
    }

    static func written(_ text: String, cli: CLIRunner) throws -> String {
        let file = cli.path("out-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    /// Every cell of a listing CSV reads as text in a spreadsheet.
    static func checkSpreadsheetSafe(_ output: String, label: String, cli: CLIRunner) throws {
        let file = cli.path("out-\(UUID().uuidString).csv")
        try Data(output.utf8).write(to: URL(fileURLWithPath: file))
        var reader = CSVReader(source: try ByteSource(path: file))
        var cells = 0
        while let record = try reader.next() {
            for cell in record.fields {
                cells += 1
                #expect(!["=", "+", "-", "@", "\t", "\r"].contains(cell.unicodeScalars.first.map(Character.init) ?? " "),
                        "\(label): formula cell \(cell.debugDescription)")
                #expect(!cell.unicodeScalars.contains { unsafe($0) && $0 != "\r" }, "\(label): \(cell.debugDescription)")
            }
        }
        #expect(cells > 0, "\(label): no cells")
    }
}
