import Foundation
import HummingbirdOTP
import SQLiteDatabase

/// A second factor just turned on: what the person's authenticator app needs, shown this once.
public struct OneTimeCodeEnrollment: Sendable, Equatable {
    /// The secret, as authenticator apps take it typed in (base32).
    public let secret: String
    /// `otpauth://totp/…`: what a QR code of it holds, for the app to scan.
    public let authenticatorURL: String
}

extension CaseStore {
    /// The issuer authenticator apps show beside the person's name.
    static let oneTimeCodeIssuer = "casetool"
    /// A code is good for its 30-second step and the one either side (a phone's clock drifts).
    static let oneTimeCodeSteps: ClosedRange<Int64> = -1...1

    /// Turns on one-time codes for a person (or gives them a new secret): from now on signing in
    /// to the server needs the code their app shows as well as the password.
    public func enableOneTimeCodes(user name: String, actor: String, channel: Channel = .local) throws -> OneTimeCodeEnrollment {
        let actor = try Self.validatedActor(actor)
        // 20 letters of the base32 alphabet: 100 random bits, the HMAC key as the app will have it.
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var generator = SystemRandomNumberGenerator()
        let secret = String((0..<20).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
        return try write {
            let person = try existingUser(named: name)
            try database.cachedStatement("UPDATE users SET totp_secret = ?, totp_last_step = NULL WHERE id = ?")
                .executeChangingOneRow([secret, person.id])
            try appendSecurity(.passwordChanged, person: person.name, actor: actor, channel: channel, detail: "one-time codes turned on")
            let url = TOTP(secret: secret).createAuthenticatorURL(label: "\(Self.oneTimeCodeIssuer):\(person.name)", issuer: Self.oneTimeCodeIssuer)
            // The app's form of the secret is the base32 the URL carries.
            let typed = URLComponents(string: url)?.queryItems?.first { $0.name == "secret" }?.value ?? ""
            return OneTimeCodeEnrollment(secret: typed, authenticatorURL: url)
        }
    }

    /// Turns one-time codes off: the password alone signs in again. Returns false if they were off.
    @discardableResult
    public func disableOneTimeCodes(user name: String, actor: String, channel: Channel = .local) throws -> Bool {
        let actor = try Self.validatedActor(actor)
        return try write {
            let person = try existingUser(named: name)
            guard person.hasOneTimeCodes else { return false }
            try database.cachedStatement("UPDATE users SET totp_secret = NULL, totp_last_step = NULL WHERE id = ?")
                .executeChangingOneRow([person.id])
            try appendSecurity(.passwordChanged, person: person.name, actor: actor, channel: channel, detail: "one-time codes turned off")
            return true
        }
    }

    /// Whether `code` is the person's code now (or a step either side) and newer than the last one
    /// accepted; if so it is used up. Nil when the person has no second factor.
    func acceptOneTimeCode(_ code: String?, for person: Person) throws -> Bool? {
        guard let stored = try read({
            try database.cachedStatement("SELECT totp_secret, totp_last_step FROM users WHERE id = ?")
                .queryFirst([person.id]) { (row: Row) -> (String, Int64?)? in
                    guard let secret = row.optionalString(0) else { return nil }
                    return (secret, row.optionalInt64(1))
                } ?? nil
        }) else { return nil }
        // Apps show the code in two groups ("123 456"): spaces are not part of it.
        let code = code.map { String($0.unicodeScalars.filter { $0 != " " }) }
        guard let code, code.count == 6, code.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }), let number = Int(code) else { return false }
        let totp = TOTP(secret: stored.0)
        let now = clock().secondsSinceEpoch / Int64(totp.timeStep)
        let step = Self.oneTimeCodeSteps.map { now + $0 }.first { step in
            step > (stored.1 ?? Int64.min) && totp.compute(date: Date(timeIntervalSince1970: Double(step * Int64(totp.timeStep)))) == number
        }
        guard let step else { return false }
        try write {
            try database.cachedStatement("UPDATE users SET totp_last_step = ? WHERE id = ?").executeChangingOneRow([step, person.id])
        }
        return true
    }
}
