import CaseStore
import Foundation
import Testing

@Suite("Parsing outside input")
struct ParsingTests {
    @Test("ISO 8601 dates and date-times are read as UTC", arguments: [
        ("2024-02-08", "2024-02-08T00:00:00Z"),
        ("2024-02-08T14:30", "2024-02-08T14:30:00Z"),
        ("2024-02-08 14:30:05", "2024-02-08T14:30:05Z"),
        ("2024-02-08T14:30:05Z", "2024-02-08T14:30:05Z"),
        ("2024-02-08T14:30:05.999z", "2024-02-08T14:30:05Z"),
        ("2024-02-08T14:30:05+03:30", "2024-02-08T11:00:05Z"),
        ("2024-02-08T01:00:00-0200", "2024-02-08T03:00:00Z"),
        ("2024-02-29T23:59:59Z", "2024-02-29T23:59:59Z"),
        ("2000-02-29", "2000-02-29T00:00:00Z"),
        ("1970-01-01", "1970-01-01T00:00:00Z"),
        ("2100-12-31T23:59:59Z", "2100-12-31T23:59:59Z"),
    ])
    func validTimes(input: String, expected: String) throws {
        #expect(try Timestamp(parsing: input, field: "t").iso8601 == expected)
    }

    @Test("anything else is a clear error naming the field", arguments: [
        "", "yesterday", "2024-2-8", "2024-13-01", "2023-02-29", "1900-02-29", "2024-04-31", "2024-02-08T24:00",
        "2024-02-08T12:60", "2024-02-08T12:00:61", "2024-02-08T12:00+15:00", "2024-02-08T", "2024-02-08X", "1969-12-31",
        "2101-01-01", "02024-01-01", "2024-01-01T10:00:00Zjunk", "２０２４-01-01",
    ])
    func invalidTimes(input: String) {
        #expect(throws: CaseStoreError.self) { _ = try Timestamp(parsing: input, field: "--since") }
        do {
            _ = try Timestamp(parsing: input, field: "--since")
        } catch let CaseStoreError.invalidValue(field, _) {
            #expect(field == "--since")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("a bare date as the end of a range covers the whole day")
    func rangeEnd() throws {
        #expect(try Timestamp.rangeEnd(parsing: "2024-02-29", field: "u").iso8601 == "2024-02-29T23:59:59Z")
        #expect(try Timestamp.rangeEnd(parsing: "2024-02-29T12:00:00Z", field: "u").iso8601 == "2024-02-29T12:00:00Z")
    }

    @Test("timestamps survive formatting and parsing for every day across the plausible range")
    func roundTrip() throws {
        var seconds: Int64 = 0
        while seconds < 4_102_444_800 {  // 2100-01-01
            let stamp = Timestamp(secondsSinceEpoch: seconds)
            #expect(try Timestamp(parsing: stamp.iso8601, field: "t") == stamp)
            seconds += 86_400 * 7 + 3_661
        }
    }

    @Test("follower counts", arguments: [("0", Int64(0)), ("5000000", 5_000_000), ("5,000,000", 5_000_000), (" 12_345 ", 12_345)])
    func followerCounts(input: String, expected: Int64) throws {
        #expect(try InputParsing.followerCount(input) == expected)
    }

    @Test("bad follower counts are refused", arguments: ["-5", "", "abc", "1.5", "5M", "99999999999999999999", "١٢٣", ","])
    func badFollowerCounts(input: String) {
        #expect(throws: CaseStoreError.self) { _ = try InputParsing.followerCount(input) }
    }

    @Test("random text never crashes a parser: it gives a value or a clear error")
    func randomInput() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789-:TZ+ .,_tz\u{0}é٣🧕")
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...26, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator) ?? "0" })
            _ = try? Timestamp(parsing: text, field: "t")
            _ = try? InputParsing.followerCount(text)
            _ = try? InputParsing.choice(CaseStatus.self, text, field: "status")
        }
    }

    @Test("enumeration values are matched loosely and listed when wrong")
    func choices() throws {
        #expect(try InputParsing.choice(EnforcementAction.self, "Disable-Account", field: "action") == .disableAccount)
        #expect(throws: CaseStoreError.invalidValue(
            field: "action", problem: "'ban' is not one of: remove_content, restrict_visibility, label, geoblock, suspend, disable_account")) {
            _ = try InputParsing.choice(EnforcementAction.self, "ban", field: "action")
        }
    }
}
