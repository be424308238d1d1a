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
            "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
        ).query { row in
            SchemaObject(
                type: try row.string(0), name: try row.string(1),
                sql: row.optionalString(2).map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") })
        })
    }

    /// The objects the first `count` migrations create, from applying them to an empty in-memory database.
    func expectedSchema(afterFirst count: Int) throws -> Set<SchemaObject> {
        let reference = try Database(path: Database.inMemoryPath)
        _ = try Migrator(migrations: Array(migrations.prefix(count))).migrate(reference, now: .now(), checkingRecordedSchema: false)
        return try Self.schemaObjects(in: reference)
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
