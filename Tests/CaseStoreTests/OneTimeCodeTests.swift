import CaseStore
import Crypto
import Foundation
import SQLiteDatabase
import Testing

/// One-time codes as the second factor of signing in, checked against an RFC 6238 implementation of
/// the test's own (itself checked against the RFC's test vector), not against the library the store uses.
@Suite("One-time codes (TOTP)")
struct OneTimeCodeTests {
    /// RFC 6238 with HMAC-SHA1: the code for the 30-second step holding `seconds`.
    static func code(key: [UInt8], at seconds: Int64, digits: Int = 6) -> String {
        var counter = UInt64(seconds / 30).bigEndian
        let message = withUnsafeBytes(of: &counter) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: key)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let value = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        let modulus = (0..<digits).reduce(UInt32(1)) { result, _ in result * 10 }
        let text = String(value % modulus)
        return String(repeating: "0", count: digits - text.count) + text
    }

    @Test("the test's own TOTP gives the RFC 6238 test vector")
    func oracleMatchesTheRFC() {
        #expect(Self.code(key: Array("12345678901234567890".utf8), at: 59, digits: 8) == "94287082")
        #expect(Self.code(key: Array("12345678901234567890".utf8), at: 1_111_111_109, digits: 8) == "07081804")
    }

    @Test("with codes on, sign-in needs the current code, once; off again, the password alone signs in")
    func signInNeedsTheCode() throws {
        let folder = try TemporaryFolder()
        let clock = MovableClock()
        let store = try makePeopleStore(in: folder, clock: clock)
        try store.addUser(name: "ada", role: .lead, password: "correct horse battery", actor: "owner")
        let enrollment = try store.enableOneTimeCodes(user: "ada", actor: "owner")
        #expect(enrollment.authenticatorURL.hasPrefix("otpauth://totp/casetool:ada?secret=\(enrollment.secret)"))
        #expect(enrollment.authenticatorURL.contains("issuer=casetool") && enrollment.secret.count == 32)
        #expect(try store.user(named: "ada").hasOneTimeCodes)
        let reader = try Database(path: folder.path("cases.db"), mode: .readOnly)
        let key = Array(try #require(try reader.prepare("SELECT totp_secret FROM users WHERE name = 'ada'").query { try $0.string(0) }.first).utf8)
        func code(stepsFromNow steps: Int64 = 0) -> String {
            Self.code(key: key, at: clock.now.secondsSinceEpoch + steps * 30)
        }

        #expect(throws: CaseStoreError.oneTimeCodeRequired) { try store.signIn(name: "ada", password: "correct horse battery") }
        let wrong = String(format: "%06d", (try #require(Int(code())) + 1) % 1_000_000)
        for refused in [wrong, "12345", "abcdef", code(stepsFromNow: -2), code(stepsFromNow: 2)] {
            #expect(throws: CaseStoreError.notSignedIn, "\(refused)") {
                try store.signIn(name: "ada", password: "correct horse battery", oneTimeCode: refused)
            }
        }
        // Without a code the answer is the same whether the password is right or not.
        #expect(throws: CaseStoreError.oneTimeCodeRequired) { try store.signIn(name: "ada", password: "wrong horse battery") }
        // The right code with a wrong password is still a wrong password.
        #expect(throws: CaseStoreError.notSignedIn) { try store.signIn(name: "ada", password: "wrong horse battery", oneTimeCode: code()) }
        let issued = try store.signIn(name: "ada", password: "correct horse battery", oneTimeCode: code())
        #expect(try store.authenticate(token: issued.secret).person.name == "ada")
        // A code works once, and an older one is not taken after a newer.
        #expect(throws: CaseStoreError.notSignedIn) { try store.signIn(name: "ada", password: "correct horse battery", oneTimeCode: code()) }
        clock.advance(seconds: 30)
        #expect(throws: CaseStoreError.notSignedIn) {
            try store.signIn(name: "ada", password: "correct horse battery", oneTimeCode: code(stepsFromNow: -1))
        }
        // A phone a step ahead is taken; as apps show it, in two groups, too.
        let ahead = code(stepsFromNow: 1)
        _ = try store.signIn(name: "ada", password: "correct horse battery", oneTimeCode: "\(ahead.prefix(3)) \(ahead.suffix(3))")

        let log = try store.securityLog(limit: 100)
        #expect(log.contains { $0.kind == .signInFailed && $0.detail == "no one-time code" })
        #expect(log.contains { $0.kind == .signInFailed && $0.detail == "wrong or used one-time code" })
        #expect(log.contains { $0.kind == .passwordChanged && $0.detail == "one-time codes turned on" && $0.actor == "owner" })

        #expect(try store.disableOneTimeCodes(user: "ada", actor: "owner"))
        #expect(try !store.disableOneTimeCodes(user: "ada", actor: "owner"))
        _ = try store.signIn(name: "ada", password: "correct horse battery")
    }
}
