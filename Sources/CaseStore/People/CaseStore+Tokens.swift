import Crypto
import Foundation
import HummingbirdBcrypt
import SQLiteDatabase

/// An API token as listed: never its secret, which only its creator saw once.
public struct APIToken: Sendable, Equatable {
    public let id: Int64
    public let user: String
    public let label: String?
    public let createdBy: String
    public let createdAt: Timestamp
    public let expiresAt: Timestamp
    public let revokedAt: Timestamp?
    public let lastUsedAt: Timestamp?
    /// Its person is disabled: the token works again if they are enabled.
    public let userDisabled: Bool

    public func isValid(at time: Timestamp) -> Bool { revokedAt == nil && time < expiresAt }
}

/// A token just created: the secret is shown this once and cannot be recovered.
public struct IssuedToken: Sendable, Equatable {
    public let id: Int64
    public let secret: String
    public let expiresAt: Timestamp
}

/// How long a token lasts: `90d`, `12h`, `2w`; from an hour to a year, so that every token expires.
public struct TokenLifetime: Sendable, Equatable {
    public let seconds: Int64
    public static let allowed: ClosedRange<Int64> = 3_600...366 * 86_400
    public static let standard = TokenLifetime(checkedSeconds: 90 * 86_400)
    /// What a password sign-in issues: a working month.
    public static let signIn = TokenLifetime(checkedSeconds: 30 * 86_400)

    private init(checkedSeconds: Int64) { seconds = checkedSeconds }

    public init(parsing text: String, field: String = "expires") throws {
        guard let seconds = DurationText.seconds(parsing: text, allowed: Self.allowed) else {
            throw CaseStoreError.invalidValue(
                field: field, problem: "'\(text)' is not a lifetime from 1h to 366d (a number and h, d or w: 90d, 12h, 2w)")
        }
        self.seconds = seconds
    }
}

extension CaseStore {
    /// Tokens start with this, so that secret scanners and people recognise one pasted where it should not be.
    static let tokenPrefix = "casetool_"

    /// Creates a token for a person. Only the token's SHA-256 is stored.
    public func createToken(
        user name: String, lifetime: TokenLifetime = .standard, label: String? = nil, actor: String, channel: Channel = .local
    ) throws -> IssuedToken {
        let actor = try Self.validatedActor(actor)
        let label = try FieldRules.optionalText(label, field: "label", maxLength: 200)
        return try write {
            let person = try existingUser(named: name)
            if person.isDisabled {
                throw CaseStoreError.invalidValue(field: "user", problem: "\(person.name) is disabled; enable them first")
            }
            return try issueToken(for: person, lifetime: lifetime, label: label, actor: actor, channel: channel)
        }
    }

    /// Tokens, newest first: all, or one person's.
    public func tokens(user name: String? = nil) throws -> [APIToken] {
        try read {
            let person = try name.map { try existingUser(named: $0) }
            return try database.cachedStatement("""
                SELECT t.id, u.name, t.label, t.created_by, t.created_at, t.expires_at, t.revoked_at, t.last_used_at,
                       u.disabled_at IS NOT NULL
                FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE ?1 IS NULL OR t.user_id = ?1 ORDER BY t.id DESC
                """).query([person?.id]) { row in
                APIToken(
                    id: try row.int64(0), user: try row.string(1), label: row.optionalString(2), createdBy: try row.string(3),
                    createdAt: try row.timestamp(4), expiresAt: try row.timestamp(5), revokedAt: try row.optionalTimestamp(6),
                    lastUsedAt: try row.optionalTimestamp(7), userDisabled: try row.int64(8) != 0)
            }
        }
    }

    /// Revokes a token at once. Revoking a revoked token changes nothing: returns false.
    @discardableResult
    public func revokeToken(id: Int64, actor: String, channel: Channel = .local) throws -> Bool {
        let actor = try Self.validatedActor(actor)
        return try write {
            guard let owner = try database.cachedStatement("""
                SELECT u.name, t.revoked_at IS NOT NULL FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?
                """).queryFirst([id], { (try $0.string(0), try $0.int64(1) != 0) })
            else { throw CaseStoreError.tokenNotFound(id: id) }
            guard !owner.1 else { return false }
            try database.cachedStatement("UPDATE api_tokens SET revoked_at = ? WHERE id = ?").executeChangingOneRow([clock().iso8601, id])
            try appendSecurity(.tokenRevoked, person: owner.0, actor: actor, channel: channel, detail: "token \(id)")
            return true
        }
    }

    /// Ends a session: revokes the token that proved it, as its own person. Anyone may sign
    /// themselves out, whatever their role (a viewer's token must be revocable by the viewer).
    public func signOut(_ session: Session) throws {
        try onBehalf(of: session) { person in
            _ = try revokeToken(id: session.tokenID, actor: person.name, channel: session.channel)
        }
    }

    /// The session a token proves. An unknown, expired or revoked token, or one of a disabled person,
    /// is refused with one message for all (the security log keeps which it was).
    public func authenticate(token secret: String, channel: Channel = .server) throws -> Session {
        let now = clock()
        let digest = Array(SHA256.hash(data: Data(secret.utf8)))
        let found = try read {
            try database.cachedStatement("""
                SELECT t.id, t.expires_at, t.revoked_at IS NOT NULL, t.last_used_at, u.id FROM api_tokens t
                JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?
                """).queryFirst([digest]) { row in
                (id: try row.int64(0), expiresAt: try row.timestamp(1), revoked: try row.int64(2) != 0,
                 lastUsedAt: try row.optionalTimestamp(3), userID: try row.int64(4))
            }
        }
        guard let found, let person = try read({ try findUser(id: found.userID) }) else {
            refuse(.tokenRefused, person: nil, channel: channel, detail: "unknown token")
            throw CaseStoreError.notSignedIn
        }
        let problem = found.revoked ? "revoked" : now >= found.expiresAt ? "expired" : person.isDisabled ? "person disabled" : nil
        if let problem {
            refuse(.tokenRefused, person: person.name, channel: channel, detail: "token \(found.id): \(problem)")
            throw CaseStoreError.notSignedIn
        }
        // Use is logged once an hour per token, so that reads stay reads (and a read-only file still serves).
        if !database.isReadOnly, found.lastUsedAt.map({ now.seconds(since: $0) >= 3_600 }) ?? true {
            try write {
                try database.cachedStatement("UPDATE api_tokens SET last_used_at = ? WHERE id = ?").executeChangingOneRow([now.iso8601, found.id])
                try appendSecurity(.tokenUsed, person: person.name, actor: person.name, channel: channel, detail: "token \(found.id)")
            }
        }
        return Session(person: person, channel: channel, tokenID: found.id)
    }

    /// Checks a name and password, and issues a token for the session. A wrong password and an unknown
    /// name are refused alike, after the same bcrypt work.
    /// Someone who has turned on one-time codes gives one too: without it the answer is
    /// `oneTimeCodeRequired` (whether the password is right or not), with a wrong or used one `notSignedIn`.
    public func signIn(
        name: String, password: String, oneTimeCode: String? = nil, lifetime: TokenLifetime = .signIn, channel: Channel = .server
    ) throws -> IssuedToken {
        // Names are normalised as when they were added; one that cannot be a name is simply unknown.
        let known = try (try? Self.validatedUserName(name)).flatMap { valid in
            try read { () -> (person: Person, hash: String?)? in
                guard let person = try findUser(named: valid) else { return nil }
                let hash = try database.cachedStatement("SELECT password_hash FROM users WHERE id = ?")
                    .queryFirst([person.id]) { $0.optionalString(0) } ?? nil
                return (person, hash)
            }
        }
        let matches = Bcrypt.verify(password, hash: known?.hash ?? unmatchableHash())
        // Asked for before the password's verdict is told, and whatever it is: answering "a code is
        // needed" only to a right password would let anyone without the second factor test passwords.
        if let known, known.person.hasOneTimeCodes, oneTimeCode == nil, !known.person.isDisabled {
            refuse(.signInFailed, person: known.person.name, channel: channel, detail: "no one-time code")
            throw CaseStoreError.oneTimeCodeRequired
        }
        guard let known, known.hash != nil, matches, !known.person.isDisabled else {
            // An unknown "name" is often a password typed in the wrong field: it is not kept.
            refuse(.signInFailed, person: known?.person.name, channel: channel,
                   detail: known == nil ? "unknown name" : known?.hash == nil ? "no password set"
                       : known?.person.isDisabled == true ? "person disabled" : "wrong password")
            throw CaseStoreError.notSignedIn
        }
        switch try acceptOneTimeCode(oneTimeCode, for: known.person) {
        case false?:
            refuse(.signInFailed, person: known.person.name, channel: channel, detail: "wrong or used one-time code")
            throw CaseStoreError.notSignedIn
        case true?, nil:
            break
        }
        return try write {
            try appendSecurity(.signIn, person: known.person.name, actor: known.person.name, channel: channel)
            return try issueToken(for: known.person, lifetime: lifetime, label: "sign-in", actor: known.person.name, channel: channel)
        }
    }

    /// Refuses, and logs, an operation the session's role does not allow (as the person's row says
    /// now, not when the session began).
    public func authorize(_ session: Session, _ permission: Permission) throws {
        try perform(permission, by: session) { _ in }
    }

    /// Runs store operations on a signed-in person's behalf, if their role allows `permission`:
    /// the front end for a team (the server) calls the store's operations inside `body`, with the
    /// person it is given. Every event written inside is the person's, through the session's
    /// channel, whatever actor an operation is passed: attribution comes from the proof, not the request.
    public func perform<T>(_ permission: Permission, by session: Session, _ body: (Person) throws -> T) throws -> T {
        try onBehalf(of: session) { person in
            if !person.role.allows(permission) {
                throw CaseStoreError.notPermitted(person: person.name, role: person.role, permission: permission)
            }
            return try body(person)
        }
    }

    /// Runs an operation for a session with the person as they are now (a role changed or a person
    /// disabled since the session began counts at once), and logs a refusal for the role after the
    /// operation's own transaction has rolled back (inside it, the record would roll back too).
    func onBehalf<T>(of session: Session, _ body: (Person) throws -> T) throws -> T {
        guard let person = try read({ try findUser(id: session.person.id) }), !person.isDisabled else {
            refuse(.tokenRefused, person: session.person.name, channel: session.channel, detail: "person disabled")
            throw CaseStoreError.notSignedIn
        }
        let outer = acting
        acting = Acting(person: person.name, channel: session.channel)
        defer { acting = outer }
        do {
            return try body(person)
        } catch CaseStoreError.notPermitted(let name, let role, let permission) {
            refuse(.permissionRefused, person: name, channel: session.channel, detail: "\(permission.rawValue) (role \(role.rawValue))")
            throw CaseStoreError.notPermitted(person: name, role: role, permission: permission)
        }
    }

    /// A bcrypt hash at the current cost that no password matches, checked against when the name is
    /// unknown so that the refusal takes as long as a wrong password.
    private func unmatchableHash() -> String {
        if let cached = unmatchableHashCache, cached.hasPrefix(String(format: "$2b$%02d$", passwordCost)) { return cached }
        var generator = SystemRandomNumberGenerator()
        let hash = Bcrypt.hash(String((0..<32).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0x41...0x5A, using: &generator))) }),
                               cost: min(max(passwordCost, 4), 31))
        unmatchableHashCache = hash
        return hash
    }

    private func issueToken(for person: Person, lifetime: TokenLifetime, label: String?, actor: String, channel: Channel) throws -> IssuedToken {
        var generator = SystemRandomNumberGenerator()  // getrandom(2) on Linux, arc4random on Apple systems
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let secret = Self.tokenPrefix + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let now = clock()
        let expiresAt = now.adding(seconds: lifetime.seconds)
        try database.cachedStatement("""
            INSERT INTO api_tokens (user_id, token_hash, label, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
            """).executeChangingOneRow([person.id, Array(SHA256.hash(data: Data(secret.utf8))), label, actor, now.iso8601, expiresAt.iso8601])
        let id = database.lastInsertedRowID
        try appendSecurity(.tokenCreated, person: person.name, actor: actor, channel: channel,
                           detail: "token \(id), expires \(expiresAt.iso8601)")
        return IssuedToken(id: id, secret: secret, expiresAt: expiresAt)
    }
}
