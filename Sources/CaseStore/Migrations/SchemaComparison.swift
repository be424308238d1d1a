/// A table, index, trigger or view of the database, as `sqlite_schema` lists it.
struct SchemaObject: Hashable {
    let type: String
    let name: String
    /// The CREATE statement, white space collapsed; nil for objects SQLite makes itself.
    let sql: String?

    var label: String { "\(type) \(name)" }
}

/// One way the file's schema differs from the one casetool's migrations create.
public struct SchemaDifference: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// In the file, but no migration creates it (someone else's trigger, view, index or table).
        case unknown
        /// Created by a migration, but not in the file.
        case missing
        /// In both, with a different definition.
        case altered
    }

    public let kind: Kind
    public let type: String
    public let name: String

    public var description: String {
        switch kind {
        case .unknown: "unknown \(type) \(name): casetool's migrations do not create it"
        case .missing: "missing \(type) \(name): casetool's migrations create it"
        case .altered: "altered \(type) \(name): its definition differs from the one casetool's migrations create"
        }
    }
}

extension Migrator {
    /// The schema objects of the database, without those SQLite keeps for itself (`sqlite_%`).
    static func schemaObjects(in database: Database) throws -> Set<SchemaObject> {
        Set(try database.prepare(
            // SQLite's own tables and automatic indexes; a trigger or view by such a name is not SQLite's.
            "SELECT type, name, sql FROM sqlite_schema WHERE NOT (type IN ('table', 'index') AND name LIKE 'sqlite\\_%' ESCAPE '\\')"
        ).query { row in
            SchemaObject(
                type: try row.string(0), name: try row.string(1),
                sql: row.optionalString(2).map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") })
        })
    }

    /// The objects the first `count` migrations create, from running them on an empty in-memory
    /// database: the same SQL as `migrate`, in one transaction, without the record's bookkeeping (this
    /// runs before a process's first write).
    func expectedSchema(afterFirst count: Int) throws -> Set<SchemaObject> {
        let reference = try Database(path: Database.inMemoryPath)
        try reference.inTransaction(.immediate) {
            if count > 0 { try reference.execute(Self.trackingTableSQL) }
            for migration in migrations.prefix(count) { try reference.execute(migration.sql) }
        }
        return try Self.schemaObjects(in: reference)
    }

    /// The triggers the migrations leave, by name, with their CREATE statements as `sqlite_schema`
    /// keeps them (white space collapsed): read from the migrations' text, no database needed, so it
    /// is cheap enough to run before every process's first write. A test holds it equal to the
    /// triggers of `expectedSchema`.
    func expectedTriggers() -> [String: String] {
        var triggers: [String: String] = [:]
        for migration in migrations {
            for statement in Database.statements(of: migration.sql) {
                let words = statement.withoutLeadingComments.split(whereSeparator: \.isWhitespace)
                let upper = words.prefix(5).map { $0.uppercased() }
                if upper.starts(with: ["CREATE", "TRIGGER"]), words.count > 2 {
                    let name = upper[2] == "IF" && words.count > 5 ? words[5] : words[2]
                    triggers[String(name)] = words.joined(separator: " ")
                } else if upper.starts(with: ["DROP", "TRIGGER"]), words.count > 2 {
                    triggers[String(upper[2] == "IF" && words.count > 4 ? words[4] : words[2])] = nil
                }
            }
        }
        return triggers
    }

    /// Triggers in the database that the migrations do not create, or create otherwise.
    func triggerDifferences(in database: Database) throws -> [SchemaDifference] {
        let expected = expectedTriggers()
        return try database.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name")
            .query { row -> SchemaDifference? in
                let name = try row.string(0)
                guard let sql = expected[name] else { return SchemaDifference(kind: .unknown, type: "trigger", name: name) }
                let actual = (row.optionalString(1) ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
                return actual == sql ? nil : SchemaDifference(kind: .altered, type: "trigger", name: name)
            }.compactMap { $0 }
    }

    /// How the database's schema differs from what its recorded migrations create, by object name.
    func schemaDifferences(in database: Database) throws -> [SchemaDifference] {
        let applied = try appliedMigrations(in: database)
        let expected = try expectedSchema(afterFirst: applied.count)
        let actual = try Self.schemaObjects(in: database)
        let expectedByName = Dictionary(expected.map { ($0.label, $0) }, uniquingKeysWith: { first, _ in first })
        let actualByName = Dictionary(actual.map { ($0.label, $0) }, uniquingKeysWith: { first, _ in first })
        var differences: [SchemaDifference] = []
        for object in actual.sorted(by: { $0.label < $1.label }) {
            guard let reference = expectedByName[object.label] else {
                differences.append(SchemaDifference(kind: .unknown, type: object.type, name: object.name))
                continue
            }
            if reference.sql != object.sql {
                differences.append(SchemaDifference(kind: .altered, type: object.type, name: object.name))
            }
        }
        for object in expected.sorted(by: { $0.label < $1.label }) where actualByName[object.label] == nil {
            differences.append(SchemaDifference(kind: .missing, type: object.type, name: object.name))
        }
        return differences
    }
}

extension String {
    /// Without the `--` comment lines and blank lines before the first statement text.
    var withoutLeadingComments: Substring {
        var rest = self[...]
        while true {
            rest = rest.drop { $0.isWhitespace }
            guard rest.hasPrefix("--") else { return rest }
            rest = rest.drop { !$0.isNewline }
        }
    }
}
