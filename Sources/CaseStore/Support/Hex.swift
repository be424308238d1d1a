import SQLiteDatabase
/// Lower-case hexadecimal text for digests, without `String(format:)` (slow: it boxes every byte).
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(64)
        for byte in bytes {
            utf8.append(digits[Int(byte >> 4)])
            utf8.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: utf8, as: UTF8.self)
    }
}

extension Hex {
    /// Bytes from hexadecimal digits (either case); nil for anything else.
    static func decode(_ text: String) -> [UInt8]? {
        HexDigits.decode(text.utf8)
    }
}
