import SQLiteDatabase
/// Someone who uses casetool, as the store knows them.
public struct Person: Sendable, Equatable {
    public let id: Int64
    public let name: String
    public let role: Role
    public let hasPassword: Bool
    /// Signs in with a one-time code as well as the password (`enableOneTimeCodes`).
    public let hasOneTimeCodes: Bool
    public let createdBy: String
    public let createdAt: Timestamp
    public let disabledAt: Timestamp?
    public var isDisabled: Bool { disabledAt != nil }
}

/// How a request reached the store: recorded with every security-log entry.
public enum Channel: String, Sendable, CaseIterable, DatabaseValueConvertible {
    /// The command line on the machine that holds the file: whoever can write the file acts as they say.
    case local
    /// The team server: the person is the one its token or password proved.
    case server
}

/// A person proven by a token or password, and the channel the proof came through: what the store
/// checks permissions against.
public struct Session: Sendable, Equatable {
    public let person: Person
    public let channel: Channel
    /// The token that proved it, which signing out revokes.
    public let tokenID: Int64

    /// Only the store makes sessions, from a token it has checked.
    init(person: Person, channel: Channel, tokenID: Int64) {
        self.person = person
        self.channel = channel
        self.tokenID = tokenID
    }
}
