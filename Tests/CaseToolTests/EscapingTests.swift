import CaseStore
@testable import CaseToolCLI
import Foundation
import Testing

/// Output escaping, over random text with every kind of awkward character.
@Suite("Output escaping")
struct EscapingTests {
    static let awkward: [String] = [
        "a", "Z", "0", " ", "\"", "'", ",", ";", "\\", "/", "\n", "\r\n", "\t", "\u{0}", "\u{7}", "\u{1B}", "[", "\u{7F}",
        "\u{85}", "\u{9B}", "\u{200F}", "\u{202E}", "\u{2066}", "\u{2028}", "é", "e\u{301}", "مرحبا", "🧕🏽", "🇮🇷", "|", "=",
        "\u{AD}", "\u{FEFF}", "\u{E0041}", "\u{10FFFD}", "\u{7FF}", "\u{800}",
    ]

    static func randomText(_ random: inout SystemRandomNumberGenerator) -> String {
        (0..<Int.random(in: 0...24, using: &random)).map { _ in awkward.randomElement(using: &random) ?? "a" }.joined()
    }

    @Test("JSON string escaping round-trips through a JSON parser")
    func jsonRoundTrip() throws {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = Self.randomText(&random)
            let document = "[" + JSONText.quoted(text) + "]"
            let parsed = try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String]
            #expect(parsed == [text])
            // What could trick a reader is escaped; every other character stays itself, not \u-escaped.
            let mustEscape: (Unicode.Scalar) -> Bool = {
                $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || (0x2028...0x2029).contains($0.value) || $0.isInvisibleFormatting
            }
            #expect(!document.unicodeScalars.contains(where: mustEscape))
            let kept = text.unicodeScalars.filter { !mustEscape($0) && $0 != "\"" && $0 != "\\" }
            #expect(document.unicodeScalars.filter { $0.value >= 0x80 } == kept.filter { $0.value >= 0x80 })
        }
    }

    @Test("CSV fields unquote to the original text")
    func csvRoundTrip() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = Self.randomText(&random)
            let field = CSVText.field(text)
            // Bytes, not characters: a quote followed by a combining mark or tag is one Character.
            let bytes = Array(field.utf8)
            if bytes.first == UInt8(ascii: "\"") {
                #expect(bytes.last == UInt8(ascii: "\"") && bytes.count >= 2)
                let inside = String(decoding: bytes.dropFirst().dropLast(), as: UTF8.self)
                #expect(inside.replacingOccurrences(of: "\"\"", with: "\"") == text)
            } else {
                #expect(field == text)
                #expect(!text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            }
        }
    }

    @Test("terminal text never carries control characters or direction overrides, and keeps everything else")
    func terminalSafety() {
        var random = SystemRandomNumberGenerator()
        let unsafe: (Unicode.Scalar) -> Bool = {
            $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || (0x2028...0x2029).contains($0.value)
                || ($0.properties.generalCategory == .format && ![0x200E, 0x200F, 0x061C].contains($0.value))
        }
        for _ in 0..<2_000 {
            let text = Self.randomText(&random)
            let safe = TerminalText.sanitized(text)
            #expect(!safe.unicodeScalars.contains(where: unsafe), "\(safe.debugDescription)")
            if !text.unicodeScalars.contains(where: unsafe) {
                #expect(safe == text)
            }
            #expect(!TerminalText.sanitized(text, keepNewlines: true).unicodeScalars.contains { $0 != "\n" && unsafe($0) })
        }
    }
}
