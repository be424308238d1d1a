import SQLiteDatabase
/// One entry of the security log: sign-ins, token use, refusals and changes to people and tokens.
public struct SecurityEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable, DatabaseValueConvertible {
        case signIn = "sign_in"
        case signInFailed = "sign_in_failed"
        case tokenUsed = "token_used"
        case tokenRefused = "token_refused"
        case permissionRefused = "permission_refused"
        case userAdded = "user_added"
        case userDisabled = "user_disabled"
        case userEnabled = "user_enabled"
        case roleChanged = "role_changed"
        case passwordChanged = "password_changed"
        case tokenCreated = "token_created"
        case tokenRevoked = "token_revoked"
    }

    public let id: Int64
    public let occurredAt: Timestamp
    public let kind: Kind
    /// Whom the entry is about (for a failed sign-in, the name that was given).
    public let person: String?
    /// Who caused it: the person signed in, or the local actor.
    public let actor: String
    public let channel: Channel
    public let detail: String?
    /// How many times it happened: a refusal repeated within an hour of its entry counts here.
    public let repeats: Int64
    /// When it last happened, if it repeated.
    public let lastAt: Timestamp?

    public init(
        id: Int64, occurredAt: Timestamp, kind: Kind, person: String?, actor: String, channel: Channel, detail: String?,
        repeats: Int64, lastAt: Timestamp?
    ) {
        self.id = id
        self.occurredAt = occurredAt
        self.kind = kind
        self.person = person
        self.actor = actor
        self.channel = channel
        self.detail = detail
        self.repeats = repeats
        self.lastAt = lastAt
    }
}

extension CaseStore {
    /// Records a refusal in the security log, in a transaction of its own, so that the refusal that
    /// rolls back an operation does not roll back its own record. If that write fails (a busy or
    /// read-only file), the refusal itself is still what the caller hears.
    ///
    /// Anyone can send what is refused, so the same refusal within an hour of its entry counts on that
    /// entry instead of adding one: the log grows with the kinds of refusal, not with their number.
    func refuse(_ kind: SecurityEvent.Kind, person: String?, channel: Channel, detail: String) {
        try? write {
            let now = clock()
            let repeated = try database.cachedStatement("""
                SELECT id FROM security_log
                WHERE occurred_at >= ? AND kind = ? AND person IS ? AND channel = ? AND detail IS ?
                ORDER BY id DESC LIMIT 1
                """).queryFirst([now.adding(seconds: -Self.refusalCountingWindow).iso8601, kind, person, channel, detail]) {
                    try $0.int64(0)
                }
            if let repeated {
                try database.cachedStatement("""
                    UPDATE security_log SET repeats = repeats + 1, last_at = max(?, coalesce(last_at, occurred_at)) WHERE id = ?
                    """).executeChangingOneRow([now.iso8601, repeated])
            } else {
                try appendSecurity(kind, person: person, actor: person ?? "unknown", channel: channel, detail: detail)
            }
        }
    }

    /// How long after its entry a refusal counts on it (seconds).
    static let refusalCountingWindow: Int64 = 3_600

    /// The security log, newest first.
    public func securityLog(limit: Int = 100, since: Timestamp? = nil) throws -> [SecurityEvent] {
        try read {
            try database.cachedStatement("""
                SELECT id, occurred_at, kind, person, actor, channel, detail, repeats, last_at FROM security_log
                WHERE occurred_at >= ? ORDER BY id DESC LIMIT ?
                """).query([(since ?? Timestamp(secondsSinceEpoch: 0)).iso8601, limit]) { row in
                SecurityEvent(
                    id: try row.int64(0), occurredAt: try row.timestamp(1), kind: try row.decode(SecurityEvent.Kind.self, 2),
                    person: row.optionalString(3), actor: try row.string(4), channel: try row.decode(Channel.self, 5),
                    detail: row.optionalString(6), repeats: row.notNullInt64(7), lastAt: try row.optionalTimestamp(8))
            }
        }
    }
}
