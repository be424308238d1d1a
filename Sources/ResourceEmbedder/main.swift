import Foundation

// Usage: ResourceEmbedder OUTPUT.swift NAME=DIR...
// Writes an enum with, for each folder, a property NAME holding its files as (file name, UTF-8
// text) pairs, sorted by file name. Runs at build time only.

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ResourceEmbedder: \(message)\n".utf8))
    exit(1)
}

func swiftLiteral(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

func embeddedFiles(in folder: String) -> [(name: String, text: String)] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted().map { name in
        let path = (folder as NSString).appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
        guard let text = String(data: data, encoding: .utf8) else { fail("\(path) is not valid UTF-8") }
        return (name, text)
    }
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else { fail("usage: ResourceEmbedder OUTPUT NAME=DIR...") }
let folders = arguments.dropFirst(2).map { argument -> (name: String, path: String) in
    guard let equals = argument.firstIndex(of: "=") else { fail("expected NAME=DIR, got \(argument)") }
    return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
}

func arrayLiteral(_ files: [(name: String, text: String)]) -> String {
    if files.isEmpty { return "[]" }
    let items = files.map { "        (name: \(swiftLiteral($0.name)), text: \(swiftLiteral($0.text)))," }
    return "[\n" + items.joined(separator: "\n") + "\n    ]"
}

let properties = folders.map { folder in
    "    static let \(folder.name): [(name: String, text: String)] = \(arrayLiteral(embeddedFiles(in: folder.path)))\n"
}
let source = """
    // Generated at build time by ResourceEmbedder from \(folders.map { $0.name + "/" }.joined(separator: " and ")). Do not edit.

    enum EmbeddedResources {
    \(properties.joined(separator: "\n"))}

    """
do {
    try source.write(toFile: arguments[1], atomically: true, encoding: .utf8)
} catch {
    fail("cannot write \(arguments[1]): \(error)")
}
