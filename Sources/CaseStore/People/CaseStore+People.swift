import HummingbirdBcrypt
import SQLiteDatabase

extension CaseStore {
    /// Adds a person. `password` may be nil for someone who will use tokens only.
    @discardableResult
    public func addUser(name: String, role: Role, password: String?, actor: String, channel: Channel = .local) throws -> Person {
        let actor = try Self.validatedActor(actor)
        let name = try Self.validatedUserName(name)
        let hash = try password.map { try passwordHash(of: $0) }
        try write {
            if let existing = try findUser(named: name) { throw CaseStoreError.userExists(name: existing.name) }
            try database.cachedStatement("""
                INSERT INTO users (name, role, password_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?)
                """).executeChangingOneRow([name, role, hash, actor, clock().iso8601])
            try appendSecurity(.userAdded, person: name, actor: actor, channel: channel, detail: "role \(role.rawValue)")
        }
        return try user(named: name)
    }

    /// Everyone, by name.
    public func users() throws -> [Person] {
        try read { try database.cachedStatement("\(Self.selectUser) ORDER BY name").query { try Self.person($0) } }
    }

    /// The person of that name (names compare without regard to ASCII case). Throws `userNotFound`.
    public func user(named name: String) throws -> Person {
        try read { try existingUser(named: name) }
    }

    /// Gives a person another role. The last active admin keeps theirs, so that someone can always
    /// manage the team through the server.
    @discardableResult
    public func setRole(_ role: Role, user name: String, actor: String, channel: Channel = .local) throws -> Bool {
        let actor = try Self.validatedActor(actor)
        return try write {
            let person = try existingUser(named: name)
            guard person.role != role else { return false }
            if person.role == .admin, !person.isDisabled { try refuseRemovingLastAdmin(person, field: "role") }
            try database.cachedStatement("UPDATE users SET role = ? WHERE id = ?").executeChangingOneRow([role, person.id])
            try appendSecurity(.roleChanged, person: person.name, actor: actor, channel: channel,
                               detail: "\(person.role.rawValue) → \(role.rawValue)")
            return true
        }
    }

    /// Disables a person (their tokens and password stop working at once) or enables them again.
    /// People are never deleted: the events they wrote name them. Returns false if they already were.
    @discardableResult
    public func setDisabled(_ disabled: Bool, user name: String, actor: String, channel: Channel = .local) throws -> Bool {
        let actor = try Self.validatedActor(actor)
        return try write {
            let person = try existingUser(named: name)
            guard person.isDisabled != disabled else { return false }
            if disabled, person.role == .admin { try refuseRemovingLastAdmin(person, field: "user") }
            try database.cachedStatement("UPDATE users SET disabled_at = ? WHERE id = ?")
                .executeChangingOneRow([disabled ? clock().iso8601 : nil, person.id])
            try appendSecurity(disabled ? .userDisabled : .userEnabled, person: person.name, actor: actor, channel: channel)
            return true
        }
    }

    /// Sets or replaces a person's password.
    public func setPassword(_ password: String, user name: String, actor: String, channel: Channel = .local) throws {
        let actor = try Self.validatedActor(actor)
        let hash = try passwordHash(of: password)
        try write {
            let person = try existingUser(named: name)
            try database.cachedStatement("UPDATE users SET password_hash = ? WHERE id = ?").executeChangingOneRow([hash, person.id])
            try appendSecurity(.passwordChanged, person: person.name, actor: actor, channel: channel)
        }
    }

    // MARK: - Shared by people and tokens

    static let selectUser = """
        SELECT id, name, role, password_hash IS NOT NULL, created_by, created_at, disabled_at, totp_secret IS NOT NULL FROM users
        """

    static func person(_ row: Row) throws -> Person {
        Person(
            id: try row.int64(0), name: try row.string(1), role: try row.decode(Role.self, 2), hasPassword: try row.int64(3) != 0,
            hasOneTimeCodes: try row.int64(7) != 0, createdBy: try row.string(4), createdAt: try row.timestamp(5),
            disabledAt: try row.optionalTimestamp(6))
    }

    func findUser(id: Int64) throws -> Person? {
        try database.cachedStatement("\(Self.selectUser) WHERE id = ?").queryFirst([id]) { try Self.person($0) }
    }

    func findUser(named name: String) throws -> Person? {
        try database.cachedStatement("\(Self.selectUser) WHERE name = ?").queryFirst([name]) { try Self.person($0) }
    }

    /// The person of that name; an empty or ill-formed name is refused as such, not as unknown.
    func existingUser(named name: String) throws -> Person {
        let name = try Self.validatedUserName(name)
        guard let person = try findUser(named: name) else { throw CaseStoreError.userNotFound(name: name) }
        return person
    }

    /// Appends to the security log inside the caller's transaction.
    func appendSecurity(_ kind: SecurityEvent.Kind, person: String?, actor: String, channel: Channel, detail: String? = nil) throws {
        try database.cachedStatement("""
            INSERT INTO security_log (occurred_at, kind, person, actor, channel, detail) VALUES (?, ?, ?, ?, ?, ?)
            """).executeChangingOneRow([clock().iso8601, kind, person, actor, channel, detail])
    }

    /// A person's name follows the rules of actors' names, and is at most 64 characters.
    static func validatedUserName(_ name: String) throws -> String {
        try FieldRules.identifier(name, field: "name", maxLength: 64)
    }

    private func refuseRemovingLastAdmin(_ person: Person, field: String) throws {
        let otherAdmins = try database.cachedStatement(
            "SELECT count(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id != ?"
        ).queryFirst([person.id]) { try $0.int64(0) } ?? 0
        if otherAdmins == 0 {
            throw CaseStoreError.invalidValue(
                field: field, problem: "\(person.name) is the only active admin; make someone else admin first")
        }
    }

    // MARK: - Passwords

    /// bcrypt reads at most 72 bytes and stops at a NUL: longer passwords would be cut without a word.
    static let passwordLength = 12...72

    func passwordHash(of password: String) throws -> String {
        let bytes = password.utf8.count
        guard Self.passwordLength.contains(bytes) else {
            throw CaseStoreError.invalidValue(
                field: "password", problem: "must be \(Self.passwordLength.lowerBound) to \(Self.passwordLength.upperBound) bytes long (it is \(bytes))")
        }
        guard !password.utf8.contains(0) else {
            throw CaseStoreError.invalidValue(field: "password", problem: "contains a NUL character")
        }
        return Bcrypt.hash(password, cost: min(max(passwordCost, 4), 31))  // bcrypt traps outside 4...31
    }
}
