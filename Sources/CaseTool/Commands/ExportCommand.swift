import ArgumentParser
import CaseStore
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export cases as CSV or JSON Lines, in the columns 'casetool import' reads.",
        discussion: """
            Takes the same filters as 'list'. Cases come oldest id first, so exporting, importing into an \
            empty database and exporting again gives the same bytes.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, jsonl
    }

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var filters: CaseFilterOptions

    @Option(help: "Output format.") var format: Format = .csv
    @Option(help: "At most this many cases.") var limit: Int?

    func run() throws {
        let store = try database.openStore()
        let output = BufferedOutput()
        if format == .csv {
            output.write(CaseInterchange.columns.joined(separator: ",") + "\r\n")
        }
        try store.exportCases(matching: try filters.filter(limit: limit)) { record in
            switch format {
            case .csv:
                var fields = record.values.map { Renderers.csvField($0 ?? "") }
                fields[fields.count - 1] = record.evidence.isEmpty
                    ? "" : Renderers.csvField(JSONValue.compactStringArray(record.evidence))
                output.write(fields.joined(separator: ",") + "\r\n")
            case .jsonl:
                var members: [(String, JSONValue)] = []
                for (column, value) in zip(CaseInterchange.columns, record.values) {
                    if column == "followers", let value, let number = Int64(value) {
                        members.append((column, .integer(number)))
                    } else if column == "evidence" {
                        members.append((column, .array(record.evidence.map { .string($0) })))
                    } else {
                        members.append((column, JSONValue(value)))
                    }
                }
                output.write(JSONValue.object(members).compact() + "\n")
            }
        }
        output.flush()
    }
}

/// Collects output and writes it to stdout in large chunks: one write per row would dominate an export.
final class BufferedOutput {
    private var buffer = Data()

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        FileHandle.standardOutput.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
