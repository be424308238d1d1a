import Foundation

/// A point in time with one-second precision, stored as UTC text `YYYY-MM-DDTHH:MM:SSZ`
/// so that text order is time order.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let secondsSinceEpoch: Int64

    /// Times outside this range are almost certainly typos (a two-digit year, a swapped field).
    public static let plausibleYears = 1970...2100
    /// The same range in seconds, in UTC: what is checked, after any offset is applied, so that every
    /// time stored can be read back (`1970-01-01T00:00:00+01:00` is 1969 in UTC, and refused).
    static let plausibleSeconds: ClosedRange<Int64> =
        daysFromCivil(year: Int64(plausibleYears.lowerBound), month: 1, day: 1) * 86_400
        ... daysFromCivil(year: Int64(plausibleYears.upperBound), month: 12, day: 31) * 86_400 + 86_399

    public init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    public static func now() -> Timestamp {
        Timestamp(secondsSinceEpoch: Int64(Date().timeIntervalSince1970.rounded(.down)))
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
    }

    public func adding(seconds: Int64) -> Timestamp {
        Timestamp(secondsSinceEpoch: secondsSinceEpoch.saturatingAdding(seconds))
    }

    /// Seconds from `earlier` to this time (negative if it is later), saturating on stored extremes.
    public func seconds(since earlier: Timestamp) -> Int64 {
        secondsSinceEpoch.saturatingSubtracting(earlier.secondsSinceEpoch)
    }

    public var iso8601: String {
        let days = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : (secondsSinceEpoch - 86_399) / 86_400
        let secondOfDay = secondsSinceEpoch - days * 86_400
        let (year, month, day) = Self.civilDate(fromDays: days)
        // Built digit by digit: this runs for every stored time, and String(format:) is slow.
        var utf8: [UInt8] = []
        utf8.reserveCapacity(20)
        func append(_ value: Int64, width: Int) {
            var divisor: Int64 = width == 4 ? 1000 : 10
            while divisor > 0 {
                utf8.append(0x30 + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        append(year, width: 4)
        utf8.append(0x2D)  // -
        append(month, width: 2)
        utf8.append(0x2D)
        append(day, width: 2)
        utf8.append(0x54)  // T
        append(secondOfDay / 3600, width: 2)
        utf8.append(0x3A)  // :
        append(secondOfDay % 3600 / 60, width: 2)
        utf8.append(0x3A)
        append(secondOfDay % 60, width: 2)
        utf8.append(0x5A)  // Z
        return String(decoding: utf8, as: UTF8.self)
    }

    /// The calendar date, `YYYY-MM-DD`, in UTC.
    public var date: String { String(iso8601.prefix(10)) }

    /// For sentences people read: the date alone at midnight UTC, else `2024-02-08 14:30 UTC`.
    public var spoken: String {
        let text = iso8601
        let time = text.dropFirst(11).prefix(8)
        if time == "00:00:00" { return date }
        return date + " " + time.prefix(5) + " UTC"
    }

    public var description: String { iso8601 }

    // MARK: - Parsing

    /// Parses an ISO 8601 date (`2024-02-08`, midnight UTC) or date-time (`2024-02-08T14:30`,
    /// `2024-02-08 14:30:05Z`, `2024-02-08T14:30:05.250+03:30`; no offset means UTC).
    /// `field` names the input in the error.
    public init(parsing text: String, field: String) throws {
        self.init(secondsSinceEpoch: try Self.validated(text, field: field).seconds)
    }

    /// Parses the end of an inclusive range: a bare date means the last second of that day,
    /// so `--until 2024-02-29` includes everything on the 29th.
    public static func rangeEnd(parsing text: String, field: String) throws -> Timestamp {
        let parsed = try validated(text, field: field)
        return Timestamp(secondsSinceEpoch: parsed.isDateOnly ? parsed.seconds + 86_399 : parsed.seconds)
    }

    private static func validated(_ text: String, field: String) throws -> (seconds: Int64, year: Int64, isDateOnly: Bool) {
        guard let parsed = parse(text.trimmedWhitespace) else {
            throw CaseStoreError.invalidValue(
                field: field, problem: "'\(text)' is not an ISO 8601 date or date-time (e.g. 2024-02-08 or 2024-02-08T14:30:00Z)")
        }
        let end = parsed.isDateOnly ? parsed.seconds + 86_399 : parsed.seconds
        guard plausibleSeconds.contains(parsed.seconds), plausibleSeconds.contains(end) else {
            throw CaseStoreError.invalidValue(
                field: field,
                problem: "'\(text)' is outside the years \(plausibleYears.lowerBound)–\(plausibleYears.upperBound) (in UTC)")
        }
        return parsed
    }

    /// Refuses a time outside the plausible years, whatever built it: the store checks every time it
    /// writes, not only those it parsed, so that everything stored can be exported and imported again.
    func plausible(field: String) throws -> Timestamp {
        guard Self.plausibleSeconds.contains(secondsSinceEpoch) else {
            throw CaseStoreError.invalidValue(
                field: field, problem: "\(iso8601) is outside the years \(Self.plausibleYears.lowerBound)–\(Self.plausibleYears.upperBound) (in UTC)")
        }
        return self
    }

    /// Parses the stored form; anything else in a stored column means the row was damaged.
    static func stored(_ text: String, column: String) throws -> Timestamp {
        var text = text
        if let seconds = text.withUTF8(storedSeconds) { return Timestamp(secondsSinceEpoch: seconds) }
        guard let parsed = parse(text) else {
            throw CaseStoreError.corruptRow(table: column, problem: "'\(text)' is not a timestamp")
        }
        return Timestamp(secondsSinceEpoch: parsed.seconds)
    }

    private static func parse(_ text: String) -> (seconds: Int64, year: Int64, isDateOnly: Bool)? {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(digits: 4), scanner.skip("-"),
              let month = scanner.number(digits: 2), scanner.skip("-"),
              let day = scanner.number(digits: 2),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        if scanner.isAtEnd {
            return (days * 86_400, year, true)
        }
        guard scanner.skip("T") || scanner.skip("t") || scanner.skip(" "),
              let hour = scanner.number(digits: 2), scanner.skip(":"),
              let minute = scanner.number(digits: 2),
              hour < 24, minute < 60
        else { return nil }
        var second: Int64 = 0
        if scanner.skip(":") {
            guard let value = scanner.number(digits: 2), value < 60 else { return nil }
            second = value
            if scanner.skip(".") || scanner.skip(",") {
                guard scanner.skipDigits() else { return nil }  // sub-second precision is dropped
            }
        }
        var offset: Int64 = 0
        if scanner.skip("Z") || scanner.skip("z") {
        } else if let sign = scanner.sign() {
            guard let hours = scanner.number(digits: 2), hours <= 14 else { return nil }
            _ = scanner.skip(":")
            let minutes = scanner.isAtEnd ? 0 : scanner.number(digits: 2)
            guard let minutes, minutes < 60 else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
        }
        guard scanner.isAtEnd else { return nil }
        return (days * 86_400 + hour * 3600 + minute * 60 + second - offset, year, false)
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days-from-civil algorithm: exact for the proleptic Gregorian calendar.
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilDate(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// Reads fixed-width ASCII numbers and separators from UTF-8 bytes.
private struct DigitScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { index == bytes.count }

    mutating func number(digits: Int) -> Int64? {
        guard index + digits <= bytes.count else { return nil }
        var value: Int64 = 0
        for byte in bytes[index..<index + digits] {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int64(byte - 0x30)
        }
        index += digits
        return value
    }

    mutating func skip(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue, index < bytes.count, bytes[index] == ascii else { return false }
        index += 1
        return true
    }

    mutating func skipDigits() -> Bool {
        let start = index
        while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
        return index > start
    }

    mutating func sign() -> Int64? {
        if skip("+") { return 1 }
        if skip("-") { return -1 }
        return nil
    }
}

extension Timestamp {
    /// Seconds since the epoch of a time in the stored form `YYYY-MM-DDTHH:MM:SSZ`, read straight from
    /// its bytes: reports read two per case over millions of cases, where building strings would dominate.
    static func storedSeconds(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard bytes.count == 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A,
              bytes[16] == 0x3A, bytes[19] == 0x5A
        else { return nil }
        func number(_ start: Int, _ count: Int) -> Int64? {
            var value: Int64 = 0
            for index in start..<start + count {
                let digit = bytes[index] &- 0x30
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
              let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60,
              day <= 28 || day <= daysInMonth(year: year, month: month)
        else { return nil }
        return daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    private static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
