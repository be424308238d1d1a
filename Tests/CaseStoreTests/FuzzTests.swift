import CaseStore
import Foundation
import SQLiteDatabase
import Testing

/// Random and mutated input for the parsers of outside data: each must return a value or a
/// clear `CaseStoreError`, never crash or half-write.
@Suite("Fuzzing outside input")
struct FuzzTests {
    @Test("mutated seed files load whole or fail cleanly with nothing written")
    func mutatedSeeds() throws {
        var random = SystemRandomNumberGenerator()
        let original = try #require(SeedSet.embedded.files.first { $0.name == "cases.json" }?.text)
        let policies = try #require(SeedSet.embedded.files.first { $0.name == "policies.json" })
        let store = try CaseStore.open(path: Database.inMemoryPath, access: .createIfMissing)
        try store.loadSeeds(SeedSet(files: [policies]), actor: "fuzz")
        let noise: [Character] = ["\"", "{", "}", "[", "]", ",", ":", "-", "0", "9", "x", "\u{0}", "é", "🧕", " ", "\n"]
        var loaded = 0
        for _ in 0..<300 {
            var characters = Array(original)
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let position = Int.random(in: 0..<characters.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: characters.remove(at: position)
                case 1: characters.insert(noise.randomElement(using: &random) ?? "x", at: position)
                default: characters[position] = noise.randomElement(using: &random) ?? "x"
                }
            }
            let before = try store.auditHead()
            do {
                try store.loadSeeds(SeedSet(files: [(name: "cases.json", text: String(characters))]), actor: "fuzz")
                loaded += 1
            } catch let error as CaseStoreError {
                #expect(error.category == .invalidInput, "\(error)")
                #expect(try store.auditHead() == before, "a failed load must write nothing")
            }
        }
        #expect(try store.verifyAudit().isIntact)
        #expect(loaded < 300, "most mutations must be refused")
    }

    @Test("random timestamps survive formatting and parsing; random offsets agree with UTC")
    func timestampProperty() throws {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let seconds = Int64.random(in: 0..<4_133_980_800, using: &random)  // 1970 up to 2101
            let stamp = Timestamp(secondsSinceEpoch: seconds)
            guard Timestamp.plausibleYears.contains(Int(stamp.date.prefix(4)) ?? 0) else { continue }
            #expect(try Timestamp(parsing: stamp.iso8601, field: "t") == stamp)
            let offsetMinutes = Int64.random(in: -14 * 60...14 * 60, using: &random)
            let local = Timestamp(secondsSinceEpoch: seconds + offsetMinutes * 60).iso8601.dropLast()  // no "Z"
            let sign = offsetMinutes < 0 ? "-" : "+"
            let text = String(local) + String(format: "%@%02lld:%02lld", sign, abs(offsetMinutes) / 60, abs(offsetMinutes) % 60)
            if let parsed = try? Timestamp(parsing: text, field: "t") {
                #expect(parsed == stamp, "\(text)")
            }
        }
    }
}
