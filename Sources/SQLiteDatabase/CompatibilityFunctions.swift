import CSQLite

/// SQL functions that newer SQLite libraries have built in, provided on older ones so that
/// migrations are written in the SQL of the newest: the system library varies by machine.
enum CompatibilityFunctions {
    /// `unhex(X)` arrived in SQLite 3.41.0 (2023-02-21).
    static let unhexSince: Int32 = 3_041_000

    static func install(on connection: OpaquePointer) {
        guard sqlite3_libversion_number() < unhexSince else { return }
        sqlite3_create_function_v2(
            connection, "unhex", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nil,
            { context, count, arguments in
                guard let context else { return }
                guard count == 1, let argument = arguments?[0], sqlite3_value_type(argument) != SQLITE_NULL,
                      let text = sqlite3_value_text(argument)
                else {
                    sqlite3_result_null(context)
                    return
                }
                let digits = UnsafeBufferPointer(start: text, count: Int(sqlite3_value_bytes(argument)))
                guard let bytes = HexDigits.decode(digits) else {
                    sqlite3_result_null(context)  // as SQLite's own: NULL for anything but pairs of hex digits
                    return
                }
                if bytes.isEmpty {
                    sqlite3_result_zeroblob(context, 0)  // an empty blob (a NULL pointer would read as NULL)
                } else {
                    bytes.withUnsafeBytes { raw in
                        sqlite3_result_blob64(context, raw.baseAddress, sqlite3_uint64(raw.count), csqlite_transient())
                    }
                }
            }, nil, nil, nil)
    }
}

/// Hexadecimal digits as bytes, as SQLite's `unhex()` reads them: the one decoder, which casetool's
/// store also uses for hashes given as text.
public enum HexDigits {
    /// Pairs of hexadecimal digits (either case) as bytes; nil for anything else.
    public static func decode<Digits: Collection>(_ digits: Digits) -> [UInt8]? where Digits.Element == UInt8 {
        guard digits.count % 2 == 0 else { return nil }
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var high: UInt8?
        for digit in digits {
            guard let nibble = value(digit) else { return nil }
            if let first = high {
                bytes.append(first << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes
    }
}
